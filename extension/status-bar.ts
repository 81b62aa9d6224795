// The status-bar item shown while a dIPC program is being debugged: current process, current
// domain and cycle count at the last stop (from the `dipc/codoms` snapshot).

import * as vscode from 'vscode';
import type { DebugInspector, InspectorState } from './debug-inspector';

export function statusText(state: InspectorState): string {
  const status = state.codoms?.status;
  if (!status) return '$(debug) dIPC: running';
  return `$(debug) ${status.process} · ${status.domain} · ${status.cycles.toLocaleString('en-US')} cycles`;
}

export class DebugStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('dipc.debugStatus', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(inspector: DebugInspector) {
    this.item.name = 'dIPC debug state';
    this.item.command = 'workbench.view.debug';
    this.subscription = inspector.onDidChange((state) => this.update(state));
  }

  private update(state: InspectorState | undefined): void {
    if (!state) {
      this.item.hide();
      return;
    }
    this.item.text = statusText(state);
    const status = state.codoms?.status;
    this.item.tooltip = status
      ? `Thread ${status.thread}: in process ${status.process}, domain ${status.domain}; ${status.instructions} instructions${state.running ? ' (at the last stop)' : ''}`
      : (state.error ?? 'Running');
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
