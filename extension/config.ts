// The extension's settings (package.json `contributes.configuration`), read in one place.
// `dipc.trace.server` is read by vscode-languageclient itself (its `<id>.trace.server` convention).

import * as vscode from 'vscode';

export const IPC_MODES = ['dipc', 'l4', 'rpc', 'pipe', 'sem'] as const;
export type IpcMode = (typeof IPC_MODES)[number];

export function defaultIpcMode(): IpcMode {
  const mode = vscode.workspace.getConfiguration('dipc').get<string>('ipc.defaultMode', 'dipc');
  return (IPC_MODES as readonly string[]).includes(mode) ? (mode as IpcMode) : 'dipc';
}

/** Path of a cost-model file (`--cost-model`), or undefined for the built-in defaults. */
export function costModelPath(): string | undefined {
  const value = vscode.workspace.getConfiguration('dipc').get<string>('costModel', '').trim();
  if (value === '') return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  // Relative paths are relative to the first workspace folder, as in launch.json.
  return folder && !value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value) ? vscode.Uri.joinPath(folder.uri, value).fsPath : value;
}

/** The CLI flags for the configured IPC mode and cost model. */
export function runFlags(mode: IpcMode = defaultIpcMode()): string[] {
  const costModel = costModelPath();
  return ['--ipc', mode, ...(costModel ? ['--cost-model', costModel] : [])];
}

/** `dipc.debugger.separateProcess`: run dist/debugAdapter.js as its own process instead of inline. */
export function debugAdapterInSeparateProcess(): boolean {
  return vscode.workspace.getConfiguration('dipc').get<boolean>('debugger.separateProcess', false);
}
