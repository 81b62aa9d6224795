// The extension as a user first meets it: a .dipc file gets the dIPC language and activates the
// extension; the commands, settings, views and task type are there.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { extension, api, openDipc, workspaceFile, log } = require('./support');

describe('activation and contributions', () => {
  it('opening a .dipc file gives it the dipc language and activates the extension', async () => {
    log(`VS Code ${vscode.version}, node ${process.versions.node}, uiKind ${vscode.env.uiKind}`);
    const { document } = await openDipc('diagnostics.dipc');
    assert.strictEqual(document.languageId, 'dipc');
    await api();
    assert.strictEqual(extension().isActive, true);
  });

  it('registers every dIPC command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['dipc.run', 'dipc.compareIpc', 'dipc.showPageMap', 'dipc.openExamples']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
  });

  it('contributes the settings with their defaults', () => {
    const configuration = vscode.workspace.getConfiguration('dipc');
    assert.strictEqual(configuration.get('ipc.defaultMode'), 'dipc');
    assert.strictEqual(configuration.get('costModel'), '');
    assert.strictEqual(configuration.get('trace.server'), 'off');
  });

  it('fills a dipc launch configuration with the IPC mode from the settings', async () => {
    // A provider registered here runs after the extension's resolveDebugConfiguration: it records
    // the configuration as the extension completed it, and cancels the launch.
    const seen = [];
    const probe = vscode.debug.registerDebugConfigurationProvider('dipc', {
      resolveDebugConfigurationWithSubstitutedVariables: (_folder, config) => { seen.push(config); return undefined; },
    });
    const configuration = vscode.workspace.getConfiguration('dipc');
    try {
      const program = workspaceFile('diagnostics.dipc').fsPath;
      await vscode.debug.startDebugging(undefined, { type: 'dipc', request: 'launch', name: 'probe', program });
      await configuration.update('ipc.defaultMode', 'l4', vscode.ConfigurationTarget.Workspace);
      await vscode.debug.startDebugging(undefined, { type: 'dipc', request: 'launch', name: 'probe', program });
      await vscode.debug.startDebugging(undefined, { type: 'dipc', request: 'launch', name: 'probe', program, ipc: 'rpc' });
    } finally {
      probe.dispose();
      await configuration.update('ipc.defaultMode', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.deepStrictEqual(seen.map((config) => config.ipc), ['dipc', 'l4', 'rpc']);
  });

  it('the CODOMs view and status bar are empty until a debug session stops', async () => {
    const { codomsView, statusBar, inspector } = await api();
    assert.strictEqual(inspector.state, undefined);
    assert.deepStrictEqual(codomsView.topLevel, []);
    assert.strictEqual(statusBar.item.text, '');
  });
});
