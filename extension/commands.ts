// The dIPC commands (package.json `contributes.commands`): run the active program in a terminal,
// compare IPC modes with a chart, show the page map, copy the examples. Each returns what it
// produced, so the e2e suite can check the result and not only that the command exists.

import * as vscode from 'vscode';
import type { CodomsResponseBody, PageSnapshot } from '../debug-adapter/protocol';
import { parseBenchResult, type BenchResult } from './bench-result';
import { bundleExists, bundlePath, missingBundleMessage } from './bundles';
import { cliFailureMessage, runCli, type CliResult } from './cli-process';
import { costModelPath, runFlags } from './config';
import { DEBUG_TYPE } from './debug';
import type { DebugInspector } from './debug-inspector';
import { copyExamples, type CopyExamplesResult } from './examples';
import { IPC_COMPARISON_STYLE, renderIpcComparison } from './ipc-chart';
import { renderPageMap } from './page-map';
import { runInTerminal } from './run-terminal';
import { createNonce, renderWebviewDocument } from './webview-html';

/** What a webview command showed: the panel's HTML and the data drawn. */
export interface ShownPanel<T> {
  data: T;
  html: string;
}

function dipcFileOf(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'dipc' && document.uri.scheme === 'file' ? document.uri : undefined;
}

function cliOrExplain(extensionRoot: string): string | undefined {
  if (bundleExists(extensionRoot, 'cli')) return bundlePath(extensionRoot, 'cli');
  void vscode.window.showErrorMessage(missingBundleMessage('cli'));
  return undefined;
}

function workspaceFolderOf(uri: vscode.Uri): string | undefined {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
}

/** Reuses one panel per kind, so repeated runs replace the chart instead of piling up tabs. The
 * panel takes focus: the user asked to see it (and an unfocused webview may not paint at once). */
class PanelSlot {
  private panel: vscode.WebviewPanel | undefined;
  constructor(private readonly viewType: string) {}

  show(title: string, render: (cspSource: string, nonce: string) => string): string {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(this.viewType, title, vscode.ViewColumn.Beside, { enableScripts: false });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = title;
    const html = render(this.panel.webview.cspSource, createNonce());
    this.panel.webview.html = html;
    this.panel.reveal();
    return html;
  }
}

export function registerCommands(context: vscode.ExtensionContext, inspector: DebugInspector): void {
  const root = context.extensionPath;
  const comparisonPanel = new PanelSlot('dipc.ipcComparison');
  const pageMapPanel = new PanelSlot('dipc.pageMap');

  async function run(target?: vscode.Uri): Promise<CliResult | undefined> {
    const file = dipcFileOf(target);
    if (!file) {
      void vscode.window.showInformationMessage('dIPC Studio: open a .dipc file to run it.');
      return undefined;
    }
    const cli = cliOrExplain(root);
    if (!cli) return undefined;
    await vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString())?.save();
    const { terminal, done } = runInTerminal(cli, file.fsPath, runFlags(), workspaceFolderOf(file));
    terminal.show(true);
    return done;
  }

  async function compareIpc(target?: vscode.Uri | 'builtin'): Promise<ShownPanel<BenchResult> | undefined> {
    const cli = cliOrExplain(root);
    if (!cli) return undefined;
    const program = target === 'builtin' ? undefined : dipcFileOf(target);
    const costModel = costModelPath();
    const args = ['bench', '--json', ...(program ? ['--program', program.fsPath] : []), ...(costModel ? ['--cost-model', costModel] : [])];
    const subject = program ? vscode.workspace.asRelativePath(program) : 'one synchronous cross-process call';
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `dIPC: running ${subject} in every IPC mode…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return runCli(cli, args, { signal: abort.signal, cwd: program ? workspaceFolderOf(program) : undefined });
      },
    );
    if (result.cancelled) {
      void vscode.window.showInformationMessage('dIPC: IPC comparison cancelled.');
      return undefined;
    }
    if (result.exitCode !== 0) {
      void vscode.window.showErrorMessage(cliFailureMessage('bench', result));
      return undefined;
    }
    let bench: BenchResult;
    try {
      bench = parseBenchResult(result.stdout);
    } catch (error) {
      void vscode.window.showErrorMessage((error as Error).message);
      return undefined;
    }
    const html = comparisonPanel.show('IPC comparison', (cspSource, nonce) =>
      renderWebviewDocument({ title: 'IPC comparison', cspSource, nonce, style: IPC_COMPARISON_STYLE, body: renderIpcComparison(bench, subject) }),
    );
    return { data: bench, html };
  }

  async function pagesOfDebugSession(): Promise<PageSnapshot[] | undefined> {
    const session = vscode.debug.activeDebugSession;
    if (session?.type !== DEBUG_TYPE) return undefined;
    const state = inspector.state?.session.id === session.id && inspector.state.codoms ? inspector.state : await inspector.refresh(session);
    return (state.codoms as CodomsResponseBody | undefined)?.pages;
  }

  async function pagesFromCli(file: vscode.Uri): Promise<PageSnapshot[] | undefined> {
    const cli = cliOrExplain(root);
    if (!cli) return undefined;
    const result = await runCli(cli, ['pagemap', file.fsPath, '--json'], { cwd: workspaceFolderOf(file) });
    if (result.exitCode !== 0) {
      void vscode.window.showErrorMessage(`${cliFailureMessage('pagemap', result)}. The page map is also shown while the program is being debugged.`);
      return undefined;
    }
    try {
      const parsed = JSON.parse(result.stdout) as { pages?: PageSnapshot[] };
      if (!Array.isArray(parsed.pages)) throw new Error('no "pages" list');
      return parsed.pages;
    } catch (error) {
      void vscode.window.showErrorMessage(`dipc pagemap --json printed an unexpected result: ${(error as Error).message}`);
      return undefined;
    }
  }

  async function showPageMap(target?: vscode.Uri): Promise<ShownPanel<PageSnapshot[]> | undefined> {
    let pages = target ? undefined : await pagesOfDebugSession();
    let subject = vscode.debug.activeDebugSession?.name ?? '';
    if (!pages) {
      const file = dipcFileOf(target);
      if (!file) {
        void vscode.window.showInformationMessage('dIPC Studio: open a .dipc file, or debug one, to see its page map.');
        return undefined;
      }
      pages = await pagesFromCli(file);
      subject = vscode.workspace.asRelativePath(file);
    }
    if (!pages) return undefined;
    const map = renderPageMap(pages, subject);
    const html = pageMapPanel.show('dIPC page map', (cspSource, nonce) =>
      renderWebviewDocument({ title: 'dIPC page map', cspSource, nonce, style: map.style, body: map.body }),
    );
    return { data: pages, html };
  }

  async function openExamples(destination?: vscode.Uri): Promise<CopyExamplesResult | undefined> {
    if (!destination) {
      const picked = await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        openLabel: 'Copy the dIPC examples here',
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      destination = picked?.[0];
    }
    if (!destination) return undefined;
    const result = await copyExamples(context.asAbsolutePath('examples'), destination.fsPath);
    const skipped = result.skipped.length ? ` ${result.skipped.length} already there, left unchanged (${result.skipped.join(', ')}).` : '';
    void vscode.window
      .showInformationMessage(`dIPC: copied ${result.copied.length} examples to ${destination.fsPath}.${skipped}`, 'Open hello.dipc')
      .then(async (choice) => {
        if (choice) await vscode.window.showTextDocument(vscode.Uri.joinPath(destination, 'hello.dipc'));
      });
    return result;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('dipc.run', run),
    vscode.commands.registerCommand('dipc.compareIpc', compareIpc),
    vscode.commands.registerCommand('dipc.showPageMap', showPageMap),
    vscode.commands.registerCommand('dipc.openExamples', openExamples),
  );
}
