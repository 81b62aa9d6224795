// The commands that run the simulator through the CLI bundle: run in a terminal, the IPC
// comparison chart, the page map. Needs dist/cli.js.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { bundleExists, cliHasCommand, openDipc, workspaceFile, screenshot } = require('./support');

describe('commands that run the simulator', function () {
  before(function () {
    if (!bundleExists('cli.js')) this.skip();
  });

  it('dipc.run runs the open program in a terminal and returns its exit status and output', async () => {
    await openDipc('examples', 'hello.dipc');
    const result = await vscode.commands.executeCommand('dipc.run');
    assert.strictEqual(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /hello, dIPC/);
    assert.ok(vscode.window.terminals.some((t) => t.name === 'dIPC: hello.dipc'), 'terminal named after the file');
    await screenshot('run-in-terminal');
  });

  it('dipc.compareIpc draws time per call and the breakdown for every IPC mode', async function () {
    if (!cliHasCommand('bench')) this.skip();
    this.timeout(180000);
    const shown = await vscode.commands.executeCommand('dipc.compareIpc', 'builtin');
    assert.ok(shown, 'the comparison was shown (see the error notification otherwise)');
    const modes = shown.data.modes.map((m) => m.mode).sort();
    assert.deepStrictEqual(modes, ['dipc', 'l4', 'pipe', 'rpc', 'sem']);
    const dipc = shown.data.modes.find((m) => m.mode === 'dipc');
    for (const mode of shown.data.modes) if (mode.mode !== 'dipc') assert.ok(mode.nsPerCall > dipc.nsPerCall, `${mode.mode} slower than dipc`);
    assert.match(shown.html, /<svg class="time-per-call"/);
    assert.match(shown.html, /<svg class="breakdown"/);
    for (const mode of modes) assert.ok(shown.html.includes(`data-mode="${mode}"`), `${mode} drawn`);
    assert.match(shown.html, /Content-Security-Policy" content="default-src 'none'/);
    await screenshot('ipc-comparison');
  });

  it('dipc.showPageMap shows every page of a program coloured by domain', async function () {
    if (!cliHasCommand('pagemap')) this.skip();
    const shown = await vscode.commands.executeCommand('dipc.showPageMap', workspaceFile('examples', 'kvstore.dipc'));
    assert.ok(shown, 'the page map was shown (needs `dipc pagemap FILE --json`; see the error notification otherwise)');
    const processes = new Set(shown.data.map((page) => page.process));
    assert.ok(processes.has('Store') && processes.has('Client'), `pages of both processes: ${[...processes]}`);
    assert.ok(shown.data.some((page) => page.execute && !page.write), 'a code page is R-X');
    assert.match(shown.html, /class="page tag-/);
  });
});
