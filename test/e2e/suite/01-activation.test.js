// The extension as a user first meets it: a .dipc file gets the dIPC language and activates the
// extension; the commands, settings, views and task type are there.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { extension, api, openDipc, log } = require('./support');

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

  it('contributes the debugger so a dipc launch configuration resolves', async () => {
    // With no session of our own, resolving goes through the extension's configuration provider:
    // a file-less configuration is refused (returns false) instead of starting a broken session.
    const started = await vscode.debug.startDebugging(undefined, { type: 'dipc', request: 'launch', name: 'no program' });
    assert.strictEqual(started, false);
  });

  it('the CODOMs view, timeline and status bar wait for a debug session', async () => {
    const { codomsView, timelineView, statusBar } = await api();
    assert.deepStrictEqual(codomsView.topLevel, []);
    assert.match(timelineView.html || '', /^$|Debug a \.dipc program/);
    assert.strictEqual(statusBar.item.text, '');
  });
});
