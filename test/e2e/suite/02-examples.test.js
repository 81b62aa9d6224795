// dipc.openExamples: the bundled examples are copied into the chosen folder, never overwriting.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { extension, workspaceFile, screenshot } = require('./support');

describe('dipc.openExamples', () => {
  const bundled = () => fs.readdirSync(path.join(extension().extensionPath, 'examples')).filter((f) => f.endsWith('.dipc')).sort();

  it('copies every bundled example, including hello.dipc and oltp.dipc', async () => {
    const destination = workspaceFile('copied-examples');
    const result = await vscode.commands.executeCommand('dipc.openExamples', destination);
    assert.deepStrictEqual(result.copied.sort(), bundled());
    assert.ok(result.copied.includes('hello.dipc') && result.copied.includes('oltp.dipc'));
    for (const name of bundled()) assert.ok(fs.existsSync(path.join(destination.fsPath, name)), `${name} copied`);
  });

  it('never overwrites a file that is already there', async () => {
    const destination = workspaceFile('edited-examples');
    fs.mkdirSync(destination.fsPath, { recursive: true });
    const mine = path.join(destination.fsPath, 'hello.dipc');
    fs.writeFileSync(mine, '// my own edits\n');
    const result = await vscode.commands.executeCommand('dipc.openExamples', destination);
    assert.deepStrictEqual(result.skipped, ['hello.dipc']);
    assert.strictEqual(fs.readFileSync(mine, 'utf8'), '// my own edits\n');
    assert.strictEqual(result.copied.length, bundled().length - 1);
  });

  it('the getting-started walkthrough opens on its first step, Open an example', async () => {
    // The walkthrough is shown by the workbench (not readable from the extension host): this
    // picture is for a person; the command fails if VS Code does not know the walkthrough.
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'dipc-studio.dipc-studio#gettingStarted', false);
    await screenshot('walkthrough');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
