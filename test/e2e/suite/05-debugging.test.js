// Debugging a two-process program: stop at a breakpoint in the callee (with the proxy frame on the
// stack), the CODOMs scopes, and the CODOMs view, timeline and status bar filled by the stop.
// Needs dist/debugAdapter.js.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { api, bundleExists, openDipc, workspaceFile, markerLine, nextEvent, screenshot } = require('./support');

describe('debugging a dIPC program', function () {
  let session;
  let stoppedThread;

  before(async function () {
    if (!bundleExists('debugAdapter.js')) this.skip();
    this.timeout(60000);
    const { document } = await openDipc('debug', 'kvstore.dipc');
    const line = markerLine(document, '#BP callee');
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(document.uri, new vscode.Position(line, 0)))]);
    const { inspector } = await api();
    const stopped = nextEvent(inspector.onDidChange, (state) => (state && !state.running && (state.codoms || state.error) ? state : undefined), 45000, 'the first stop');
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders[0], {
      type: 'dipc', request: 'launch', name: 'kvstore', program: workspaceFile('debug', 'kvstore.dipc').fsPath,
    });
    assert.strictEqual(started, true, 'debug session started');
    session = vscode.debug.activeDebugSession;
    const state = await stopped;
    stoppedThread = state.codoms?.status?.threadId;
  });

  after(async () => {
    if (session) await vscode.debug.stopDebugging(session);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  });

  it('stops at the breakpoint in the callee, with a proxy frame between caller and callee', async () => {
    const { stackFrames } = await session.customRequest('stackTrace', { threadId: stoppedThread });
    assert.match(stackFrames[0].name, /^Store\.get/);
    const proxyIndex = stackFrames.findIndex((frame) => /^proxy/.test(frame.name));
    assert.ok(proxyIndex > 0, `a proxy frame in ${stackFrames.map((f) => f.name).join(' < ')}`);
    assert.ok(stackFrames.slice(proxyIndex + 1).some((frame) => /^Client\.main/.test(frame.name)), 'the caller below the proxy');
    await screenshot('stopped-in-callee');
  });

  it('offers the CODOMs scopes, with the APL in Domain', async () => {
    const { stackFrames } = await session.customRequest('stackTrace', { threadId: stoppedThread });
    const { scopes } = await session.customRequest('scopes', { frameId: stackFrames[0].id });
    const names = scopes.map((scope) => scope.name);
    for (const name of ['Locals', 'Globals', 'Registers', 'Capabilities', 'Domain', 'dIPC']) assert.ok(names.includes(name), `${name} in ${names}`);
    const domain = scopes.find((scope) => scope.name === 'Domain');
    const { variables } = await session.customRequest('variables', { variablesReference: domain.variablesReference });
    assert.ok(variables.some((v) => /APL/i.test(v.name) || /APL/i.test(v.value)), `the APL among ${variables.map((v) => `${v.name}=${v.value}`)}`);
  });

  it('fills the CODOMs view, the timeline and the status bar at the stop', async () => {
    const { codomsView, timelineView, statusBar, inspector } = await api();
    const status = inspector.state.codoms.status;
    assert.strictEqual(status.process, 'Store');
    const processes = codomsView.topLevel.find((node) => node.label === 'Processes');
    assert.deepStrictEqual(processes.children.map((p) => p.label).sort(), ['Client', 'Store']);
    assert.ok(codomsView.topLevel.find((node) => node.label === 'KCS').children.length >= 1, 'one KCS crossing');
    assert.match(statusBar.item.text, /Store · .* cycles/);
    assert.match(timelineView.html, /<svg class="timeline"/, 'the switches into Store are drawn');
    await vscode.commands.executeCommand('dipc.codoms.focus');
    await vscode.commands.executeCommand('dipc.timeline.focus');
    await screenshot('codoms-view-and-timeline');
  });

  it('dipc.showPageMap draws the debugged program\'s address space from the adapter', async () => {
    const shown = await vscode.commands.executeCommand('dipc.showPageMap');
    assert.ok(shown, 'the page map was shown');
    const domains = new Set(shown.data.map((page) => page.domain));
    for (const domain of ['Store', 'Client', 'proxies']) assert.ok(domains.has(domain), `pages of ${domain} among ${[...domains]}`);
    assert.ok(shown.data.some((page) => page.domain === 'proxies' && page.privileged && page.execute), 'the proxy code page is X and P');
    assert.match(shown.html, /<h2>Store <span class="note">/);
    await screenshot('page-map-while-debugging');
  });
});
