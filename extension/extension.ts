// dIPC Studio's VS Code entry point (dist/extension.js): wires the language client, the debugger
// with its CODOMs view, timeline and status bar, the commands and the task type. Each piece
// lives in its own module; a missing bundle (server, adapter, CLI) disables only its own feature.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CodomsTreeProvider } from './codoms-view';
import { registerCommands } from './commands';
import { registerDebugger } from './debug';
import { DebugInspector } from './debug-inspector';
import { startLanguageClient } from './language-client';
import { DebugStatusBar } from './status-bar';
import { registerTasks } from './tasks';
import { TIMELINE_VIEW_ID, TimelineViewProvider } from './timeline-view';

let client: LanguageClient | undefined;

/** What `activate` returns: the pieces the e2e suite inspects through `extension.exports`. */
export interface DipcExtensionApi {
  languageClientReady: Promise<LanguageClient | undefined>;
  inspector: DebugInspector;
  codomsView: CodomsTreeProvider;
  timelineView: TimelineViewProvider;
  statusBar: DebugStatusBar;
}

export function activate(context: vscode.ExtensionContext): DipcExtensionApi {
  const inspector = new DebugInspector();
  const codomsView = new CodomsTreeProvider(inspector);
  const timelineView = new TimelineViewProvider(inspector);
  const statusBar = new DebugStatusBar(inspector);
  context.subscriptions.push(
    inspector,
    codomsView,
    timelineView,
    statusBar,
    vscode.window.registerWebviewViewProvider(TIMELINE_VIEW_ID, timelineView),
  );
  registerDebugger(context);
  registerCommands(context, inspector);
  registerTasks(context);
  const languageClientReady = startLanguageClient(context).then((started) => (client = started));
  return { languageClientReady, inspector, codomsView, timelineView, statusBar };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
