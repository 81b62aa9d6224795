// The `dipc` debugger: runs the debug adapter inside the extension host (no process to start, so a
// session begins at once; the adapter runs the machine in slices, so the host stays responsive) or,
// with `dipc.debugger.separateProcess`, as the adapter bundle over stdin/stdout; and fills in launch
// configurations, so F5 on an open `.dipc` file works without a launch.json. The attributes are
// those of tooling.md §3 (package.json `contributes.debuggers`).

import * as vscode from 'vscode';
import { bundleExists, bundlePath, missingBundleMessage } from './bundles';
import { nodeProcessEnvironment } from './cli-process';
import { costModelPath, debugAdapterInSeparateProcess, defaultIpcMode } from './config';
import { DipcDebugSession } from '../debug-adapter/session';

export const DEBUG_TYPE = 'dipc';

class DipcDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionRoot: string) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    if (!debugAdapterInSeparateProcess()) return new vscode.DebugAdapterInlineImplementation(new DipcDebugSession());
    if (!bundleExists(this.extensionRoot, 'debugAdapter')) {
      // VS Code shows a thrown error as the reason the session could not start.
      throw new Error(missingBundleMessage('debugAdapter'));
    }
    const env = nodeProcessEnvironment() as Record<string, string>;
    return new vscode.DebugAdapterExecutable(process.execPath, [bundlePath(this.extensionRoot, 'debugAdapter')], { env });
  }
}

function activeDipcFile(): string | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'dipc' && document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
}

class DipcConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug dIPC program', program: '${file}', stopOnEntry: false }];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // F5 without a launch.json arrives as an empty configuration.
    if (!config.type && !config.request && !config.name) {
      const file = activeDipcFile();
      if (!file) {
        void vscode.window.showInformationMessage('dIPC Studio: open a .dipc file to debug it, or add a "dipc" configuration to launch.json.');
        return undefined;
      }
      Object.assign(config, { type: DEBUG_TYPE, request: 'launch', name: 'Debug dIPC program', program: file });
    }
    if (!config.program) {
      void vscode.window.showErrorMessage('dIPC Studio: the launch configuration needs a "program" (a .dipc, .s or ELF file).');
      return undefined;
    }
    config.ipc ??= defaultIpcMode();
    const costModel = costModelPath();
    if (config.costModel === undefined && costModel) config.costModel = costModel;
    return config;
  }
}

export function registerDebugger(context: vscode.ExtensionContext): void {
  const provider = new DipcConfigurationProvider();
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new DipcDebugAdapterFactory(context.extensionPath)),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
}
