// The commands that run the simulator through the CLI bundle: run in a terminal, the IPC
// comparison chart, the page map. Needs dist/cli.js.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { bundleExists, cliHasCommand, openDipc, workspaceFile, nextEvent, screenshot } = require('./support');

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

  it('provides a dipc check task over the workspace that runs dipc check and fails on an error', async function () {
    if (!cliHasCommand('check')) this.skip();
    const tasks = await vscode.tasks.fetchTasks({ type: 'dipc' });
    const check = tasks.find((task) => task.definition.command === 'check');
    assert.ok(check, `a check task among ${tasks.map((t) => t.name)}`);
    assert.ok(check.definition.files.includes('task-errors.dipc'));
    assert.deepStrictEqual(check.problemMatchers, ['$dipc']);
    const ended = nextEvent(vscode.tasks.onDidEndTaskProcess, (e) => (e.execution.task.definition.command === 'check' ? e : undefined), 60000, 'the check task to end');
    await vscode.tasks.executeTask(check);
    assert.strictEqual((await ended).exitCode, 1, 'dipc check exits 1 when a file has an error');
    // The extension API does not expose the problem matcher's markers (only extensions'
    // diagnostics); the matcher's regexp is unit-tested, and this picture shows the Problems view.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('check-task-problems');
  });

  it('dipc.compareIpc draws time per call and the breakdown for every IPC mode', async function () {
    if (!cliHasCommand('bench')) this.skip();
    this.timeout(180000);
    const shown = await vscode.commands.executeCommand('dipc.compareIpc', 'builtin');
    assert.ok(shown, 'the comparison was shown (see the error notification otherwise)');
    // Every IPC mode in os.md §5's order; the reference rows (a plain function call, a domain call,
    // dIPC with all six properties) come apart, and both are drawn.
    assert.deepStrictEqual(shown.data.modes.map((m) => m.mode), ['dipc', 'l4', 'rpc', 'pipe', 'sem']);
    assert.deepStrictEqual(shown.data.references.map((m) => m.mode), ['function', 'domain', 'dipc-all']);
    const modes = [...shown.data.modes, ...shown.data.references].map((m) => m.mode);
    const dipc = shown.data.modes.find((m) => m.mode === 'dipc');
    for (const mode of shown.data.modes) {
      if (['l4', 'rpc', 'pipe', 'sem'].includes(mode.mode)) assert.ok(mode.nsPerCall > dipc.nsPerCall, `${mode.mode} slower than dipc`);
    }
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
