// The dIPC timeline webview in the Run and Debug side bar, redrawn from the adapter's
// `dipc/timeline` answer on every stop (DebugInspector).

import * as vscode from 'vscode';
import type { DebugInspector, InspectorState } from './debug-inspector';
import { renderRecentSwitches, renderTimeline } from './timeline-chart';
import { createNonce, escapeHtml, renderWebviewDocument } from './webview-html';

export const TIMELINE_VIEW_ID = 'dipc.timeline';
const RECENT_SWITCHES_SHOWN = 12;

const TIMELINE_STYLE = `
table.switches { border-collapse: collapse; font-size: 0.9em; }
table.switches td, table.switches th { padding: 1px 6px; text-align: left; border-bottom: 1px solid var(--vscode-editorWidget-border, #8884); }
`;

export class TimelineViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly subscription: vscode.Disposable;
  /** The last HTML given to the webview (read by the e2e suite). */
  html = '';

  constructor(private readonly inspector: DebugInspector) {
    this.subscription = inspector.onDidChange((state) => this.render(state));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: false };
    this.render(this.inspector.state);
  }

  private render(state: InspectorState | undefined): void {
    let body: string;
    if (!state) body = '<p class="note">Debug a .dipc program: its domain and process switches appear here whenever it stops.</p>';
    else if (state.timeline) {
      const events = state.timeline.events;
      body = `${state.running ? '<p class="note">Running: showing the switches up to the last stop.</p>' : ''}
${state.timeline.total > events.length ? '<p class="note">Older switches are not shown.</p>' : ''}
${renderTimeline(events)}
<h2>Latest switches</h2>
${renderRecentSwitches(events, RECENT_SWITCHES_SHOWN)}`;
    } else body = `<p class="note">${escapeHtml(state.error ?? 'Running…')}</p>`;
    this.html = renderWebviewDocument({
      title: 'dIPC timeline',
      cspSource: this.view?.webview.cspSource ?? '',
      nonce: createNonce(),
      style: TIMELINE_STYLE,
      body,
    });
    if (this.view) this.view.webview.html = this.html;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
