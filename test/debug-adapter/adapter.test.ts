// The bundled debug adapter (dist/debugAdapter.js) driven over DAP like VS Code drives it, against
// fixture programs whose breakpoint lines are `// #BP<name>` markers.
import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PROJECT_ROOT, type StopEvent, sessionPerTest } from './support/adapter-session';
import { fixturePath, markerLine } from './support/markers';

const KVSTORE = fixturePath('kvstore.dipc');
const FAULTS = fixturePath('faults.dipc');
const DOMAINS = fixturePath('domains.dipc');
const ENDLESS = fixturePath('endless.dipc');
const WATCH = fixturePath('watch.dipc');

describe('debug adapter (DAP over stdio)', function () {
  this.timeout(30_000);
  const session = sessionPerTest();

  const lineBreakpoints = (path: string, ...lines: (number | DebugProtocol.SourceBreakpoint)[]) => () =>
    session().client.setBreakpointsRequest({
      source: { path },
      breakpoints: lines.map((line) => (typeof line === 'number' ? { line } : line)),
    });

  async function launchTo(path: string, marker: string): Promise<StopEvent> {
    await session().launch(path, lineBreakpoints(path, markerLine(path.split('/').pop()!, marker)));
    const stop = await session().nextStop();
    assert.equal(stop.body.reason, 'breakpoint');
    return stop;
  }

  describe('launch', () => {
    it('answers a missing program with an error and ends the session', async () => {
      await assert.rejects(session().launch(fixturePath('no-such-program.dipc')), /no such file/);
      await session().next('terminated');
    });

    it('sends the diagnostics of a program that does not compile to the console and fails the launch', async () => {
      await assert.rejects(session().launch(fixturePath('broken.dipc')), /does not compile \(2 errors/);
      await session().next('terminated');
      const stderr = session().output.filter((entry) => entry.category === 'stderr').map((entry) => entry.text).join('');
      assert.match(stderr, /broken\.dipc:8:17: error E002: .*undefinedName/);
      assert.match(stderr, /broken\.dipc:9:15: error E102: /);
    });

    it('runs a program with no process (language.md §3 allows it): exit 0 at once, stopOnEntry included', async () => {
      const empty = join(mkdtempSync(join(tmpdir(), 'dipc-empty-')), 'consts.dipc');
      writeFileSync(empty, 'const N = 3;\n');
      await session().launch(empty, undefined, { stopOnEntry: true });
      const exited = await session().next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 0);
      await session().next('terminated');
    });

    it('answers an unreadable cost model with an error naming it', async () => {
      await assert.rejects(session().launch(KVSTORE, undefined, { costModel: fixturePath('no-such-costs.json') }), /cost model: cannot read .*no-such-costs\.json/);
    });

    it('answers a cost model that is not JSON with its message, said once', async () => {
      const launched = session().launch(KVSTORE, undefined, { costModel: KVSTORE });
      await assert.rejects(launched, (error: Error) => {
        assert.match(error.message, /^cost model: .*kvstore\.dipc is not valid JSON/);
        assert.doesNotMatch(error.message, /cost model: cost model/);
        return true;
      });
    });

    it('rejects an invalid launch attribute with a message naming it', async () => {
      await assert.rejects(session().launch(KVSTORE, undefined, { ipc: 'carrier-pigeon' }), /`ipc` must be one of/);
    });

    it('stops on entry at the first line of main', async () => {
      await session().launch(KVSTORE, undefined, { stopOnEntry: true });
      const stop = await session().nextStop();
      assert.equal(stop.body.reason, 'entry');
      const frame = await session().topFrame(stop.body.threadId);
      assert.equal(frame.name, 'Client.main');
      assert.equal(frame.line, markerLine('kvstore.dipc', 'main'));
    });

    it('runs to the end with the output of each process and the exit code', async () => {
      await session().launch(WATCH);
      const exited = await session().next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 3);
      await session().next('terminated');
      assert.equal(session().stdout(), '[Counter] 45 45\n');
    });

    it('debugs an assembly program by instruction, its frames named by its labels', async () => {
      const assembly = join(PROJECT_ROOT, 'test', 'fixtures', 'riscv', 'hello.s');
      await session().launch(assembly, undefined, { stopOnEntry: true });
      const entry = await session().nextStop();
      assert.equal(entry.body.reason, 'entry');
      const first = await session().topFrame(entry.body.threadId);
      assert.equal(first.name, '_start');
      await session().client.nextRequest({ threadId: entry.body.threadId });
      await session().nextStop();
      const second = await session().topFrame(entry.body.threadId);
      assert.equal(second.name, '_start+0x4');
      await session().client.continueRequest({ threadId: entry.body.threadId });
      const exited = await session().next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 3);
      assert.match(session().stdout(), /hello from RV32/);
    });

    it('runs a program with a classic IPC mode (ipc: l4) to the same output', async () => {
      await session().launch(KVSTORE, undefined, { ipc: 'l4' });
      const exited = await session().next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 0);
      assert.equal(session().stdout(), '[Client] got 42\n[Client] twice 84\n');
    });

    it('ends an endless program after maxInstructions with status 124', async () => {
      await session().launch(ENDLESS, undefined, { maxInstructions: 20_000 });
      const exited = await session().next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 124);
      assert.ok(session().output.some((entry) => /stopped after 20000 instructions/.test(entry.text)));
    });
  });

  describe('breakpoints', () => {
    it('verifies line breakpoints and moves one on a blank line to the next statement', async () => {
      let result: DebugProtocol.SetBreakpointsResponse | undefined;
      await session().launch(KVSTORE, async () => {
        result = await session().client.setBreakpointsRequest({ source: { path: KVSTORE }, breakpoints: [{ line: markerLine('kvstore.dipc', 'put') }, { line: 1 }, { line: 999 }] });
      });
      const [onStatement, onComment, pastTheEnd] = result!.body.breakpoints;
      assert.equal(onStatement.verified, true);
      assert.equal(onStatement.line, markerLine('kvstore.dipc', 'put'));
      assert.equal(onComment.verified, true);
      assert.equal(onComment.line, markerLine('kvstore.dipc', 'put'));
      assert.equal(pastTheEnd.verified, false);
    });

    it('stops at a breakpoint in a callee hit from a caller, with the proxy between them on the stack', async () => {
      const stop = await launchTo(KVSTORE, 'put');
      const frames = await session().frames(stop.body.threadId);
      assert.deepEqual(frames.slice(0, 3).map((frame) => frame.name), ['Store.put', 'proxy Client -> Store.put', 'Client.main']);
      assert.equal(frames[0].line, markerLine('kvstore.dipc', 'put'));
      assert.equal(frames[2].line, markerLine('kvstore.dipc', 'callPut'));
      assert.equal(frames[1].presentationHint, 'subtle');
      assert.ok(frames[1].source?.sourceReference, 'the proxy frame shows the generated listing');
      assert.deepEqual(frames.slice(0, 3).map((frame) => frame.moduleId), ['Store/Store', 'Client -> Store/proxies', 'Client/Client']);
    });

    it('stops at a breakpoint on the statement right after a print (the instruction after its ecall)', async () => {
      const stop = await launchTo(KVSTORE, 'callDouble');
      const frame = await session().topFrame(stop.body.threadId);
      assert.equal(frame.name, 'Client.main');
      assert.equal(frame.line, markerLine('kvstore.dipc', 'callDouble'));
      assert.equal(session().stdout(), '[Client] got 42\n', 'stopped after the print, before the next one');
    });

    it('steps over a print to the next line', async () => {
      const stop = await launchTo(KVSTORE, 'print');
      await session().client.nextRequest({ threadId: stop.body.threadId });
      const next = await session().nextStop();
      assert.equal(next.body.reason, 'step');
      assert.equal((await session().topFrame(next.body.threadId)).line, markerLine('kvstore.dipc', 'callDouble'));
      assert.equal(session().stdout(), '[Client] got 42\n');
    });

    it('honours conditions, hit counts and log messages', async () => {
      const line = markerLine('watch.dipc', 'accumulate');
      await session().launch(WATCH, async () => {
        await session().client.setBreakpointsRequest({
          source: { path: WATCH },
          breakpoints: [{ line, condition: 'i == 4' }, { line: markerLine('watch.dipc', 'readTotal'), logMessage: 'total is {total}, twice {total * 2}' }],
        });
      });
      const stop = await session().nextStop();
      const frame = await session().topFrame(stop.body.threadId);
      const locals = await session().scope(frame.id, 'Locals');
      assert.equal(locals.get('i')?.value, '4');
      await session().client.setBreakpointsRequest({ source: { path: WATCH }, breakpoints: [{ line, hitCondition: '3' }] });
      await session().client.continueRequest({ threadId: stop.body.threadId });
      const third = await session().nextStop();
      const again = await session().scope((await session().topFrame(third.body.threadId)).id, 'Locals');
      assert.equal(again.get('i')?.value, '7', 'hit counts start when the breakpoint is set: the third hit after i == 4');
      await session().client.setBreakpointsRequest({ source: { path: WATCH }, breakpoints: [{ line: markerLine('watch.dipc', 'readTotal'), logMessage: 'total is {total}, twice {total * 2}' }] });
      await session().client.continueRequest({ threadId: third.body.threadId });
      await session().next('exited');
      assert.ok(session().output.some((entry) => entry.text === 'total is 45, twice 90\n'));
    });

    it('stops at function breakpoints named Process.fn and Process.entry', async () => {
      await session().launch(KVSTORE, () => session().client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Store.get' }, { name: 'Client.double' }, { name: 'Nowhere.fn' }] }));
      const first = await session().nextStop();
      assert.equal(first.body.reason, 'function breakpoint');
      assert.equal((await session().topFrame(first.body.threadId)).name, 'Store.get');
      await session().client.continueRequest({ threadId: first.body.threadId });
      const second = await session().nextStop();
      assert.equal((await session().topFrame(second.body.threadId)).name, 'Client.double');
    });

    it('stops on a data breakpoint on a global after it is written', async () => {
      const stop = await launchTo(WATCH, 'readTotal');
      const frame = await session().topFrame(stop.body.threadId);
      const globals = await session().scope(frame.id, 'Globals');
      const info = await session().client.dataBreakpointInfoRequest({ name: 'hits', variablesReference: (await session().client.scopesRequest({ frameId: frame.id })).body.scopes.find((scope) => scope.name === 'Globals')!.variablesReference });
      assert.ok(info.body.dataId, 'a global can be watched');
      assert.equal(globals.get('hits')?.value, '0');
      const set = await session().client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
      assert.equal(set.body.breakpoints[0].verified, true);
      await session().client.continueRequest({ threadId: stop.body.threadId });
      const hit = await session().nextStop();
      assert.equal(hit.body.reason, 'data breakpoint');
      const after = await session().scope((await session().topFrame(hit.body.threadId)).id, 'Globals');
      assert.equal(after.get('hits')?.value, '45');
    });
  });

  describe('stepping', () => {
    it('reverse-continues to the previous writes of a watched global', async () => {
      const stop = await launchTo(WATCH, 'readTotal');
      const threadId = stop.body.threadId;
      const frame = await session().topFrame(threadId);
      const globalsReference = (await session().client.scopesRequest({ frameId: frame.id })).body.scopes.find((scope) => scope.name === 'Globals')!.variablesReference;
      const info = await session().client.dataBreakpointInfoRequest({ name: 'total', variablesReference: globalsReference });
      await session().client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
      const seen: string[] = [];
      for (let index = 0; index < 2; index++) {
        await session().client.reverseContinueRequest({ threadId });
        const back = await session().nextStop();
        assert.equal(back.body.reason, 'data breakpoint');
        const top = await session().topFrame(threadId);
        const locals = await session().scope(top.id, 'Locals');
        const globals = await session().scope(top.id, 'Globals');
        seen.push(`i=${locals.get('i')?.value} total=${globals.get('total')?.value}`);
      }
      assert.deepEqual(seen, ['i=9 total=45', 'i=8 total=36']);
    });

    it('steps into a cross-process call through the proxy onto the callee\'s first line', async () => {
      const stop = await launchTo(KVSTORE, 'callGet');
      await session().client.stepInRequest({ threadId: stop.body.threadId });
      const stepped = await session().nextStop();
      assert.equal(stepped.body.reason, 'step');
      const frames = await session().frames(stepped.body.threadId);
      assert.equal(frames[0].name, 'Store.get');
      assert.equal(frames[0].line, markerLine('kvstore.dipc', 'get'));
      assert.equal(frames[1].name, 'proxy Client -> Store.get [reg_integrity, reg_confidentiality, stack_confidentiality]');
    });

    it('steps by instruction into the proxy and shows its generated listing', async () => {
      const stop = await launchTo(KVSTORE, 'callGet');
      const threadId = stop.body.threadId;
      let frame = await session().topFrame(threadId);
      for (let step = 0; step < 40 && !frame.name.startsWith('proxy'); step++) {
        await session().client.stepInRequest({ threadId, granularity: 'instruction' });
        await session().nextStop();
        frame = await session().topFrame(threadId);
      }
      assert.match(frame.name, /^proxy Client -> Store\.get/);
      const listing = await session().client.sourceRequest({ sourceReference: frame.source!.sourceReference!, source: frame.source });
      assert.match(listing.body.content, /proxy Client -> Store\.get/);
      assert.match(listing.body.content, /dipc\.proc/);
    });

    it('steps out of a callee back to the caller\'s line', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      await session().client.stepOutRequest({ threadId: stop.body.threadId });
      const out = await session().nextStop();
      const frames = await session().frames(out.body.threadId);
      assert.equal(frames[0].name, 'Client.main');
      assert.equal(frames[0].line, markerLine('kvstore.dipc', 'callGet'));
    });

    it('steps into a cross-process call in a classic IPC mode (ipc: l4): onto the server thread, at the entry\'s first line', async () => {
      await session().launch(KVSTORE, lineBreakpoints(KVSTORE, markerLine('kvstore.dipc', 'callGet')), { ipc: 'l4' });
      const stop = await session().nextStop();
      await session().client.stepInRequest({ threadId: stop.body.threadId });
      const into = await session().nextStop();
      assert.equal(into.body.reason, 'step');
      assert.notEqual(into.body.threadId, stop.body.threadId, 'the callee runs on a server thread');
      const frame = await session().topFrame(into.body.threadId);
      assert.equal(frame.name, 'Store.get');
      assert.equal(frame.line, markerLine('kvstore.dipc', 'get'));
      assert.equal((await session().scope(frame.id, 'Locals')).get('key')?.value, '3');
      assert.deepEqual((await session().frames(into.body.threadId)).map((each) => each.name), ['Store.get', 'ipc server Store.get']);
      const waiting = await session().frames(stop.body.threadId);
      assert.deepEqual(waiting.slice(0, 2).map((each) => each.name), ['ipc stub Client -> Store.get', 'Client.main'], 'the caller waits in its stub');
      assert.equal(waiting[1].line, markerLine('kvstore.dipc', 'callGet'));
      assert.equal(waiting[0].presentationHint, 'subtle');
      const stubListing = (await session().client.sourceRequest({ source: waiting[0].source!, sourceReference: waiting[0].source!.sourceReference! })).body.content;
      assert.match(stubListing.split('\n')[waiting[0].line - 2], /^0x[0-9a-f]{8} {2}ecall$/, 'the caller stub\'s next instruction follows its ipc_call');
      // Stepping over the entry's last line (its closing brace) goes back to the calling thread, as a dIPC return does.
      for (const line of [markerLine('kvstore.dipc', 'get') + 1, markerLine('kvstore.dipc', 'get') + 2]) {
        await session().client.nextRequest({ threadId: into.body.threadId });
        const next = await session().nextStop();
        assert.equal(next.body.threadId, into.body.threadId);
        assert.equal((await session().topFrame(into.body.threadId)).line, line);
      }
      await session().client.nextRequest({ threadId: into.body.threadId });
      const back = await session().nextStop();
      assert.equal(back.body.threadId, stop.body.threadId);
      const caller = await session().topFrame(back.body.threadId);
      assert.deepEqual([caller.name, caller.line], ['Client.main', markerLine('kvstore.dipc', 'callGet')]);
      await session().client.nextRequest({ threadId: back.body.threadId });
      const next = await session().nextStop();
      assert.equal((await session().topFrame(next.body.threadId)).line, markerLine('kvstore.dipc', 'print'));
      await session().client.continueRequest({ threadId: next.body.threadId });
      await session().next('exited');
      assert.equal(session().stdout(), '[Client] got 42\n[Client] twice 84\n');
    });

    it('steps into an ipc_call by instruction (ipc: pipe): the next instruction is the server stub\'s', async () => {
      await session().launch(KVSTORE, lineBreakpoints(KVSTORE, markerLine('kvstore.dipc', 'callGet')), { ipc: 'pipe' });
      const stop = await session().nextStop();
      let threadId = stop.body.threadId;
      for (let steps = 0; steps < 100 && threadId === stop.body.threadId; steps++) {
        await session().client.stepInRequest({ threadId, granularity: 'instruction' });
        threadId = (await session().nextStop()).body.threadId;
      }
      assert.notEqual(threadId, stop.body.threadId, 'the step went onto the server thread');
      assert.equal((await session().topFrame(threadId)).name, 'ipc server Store.get');
      assert.equal((await session().topFrame(stop.body.threadId)).name, 'ipc stub Client -> Store.get', 'the caller waits in its stub');
    });

    it('steps back from an entry\'s first line on a classic IPC server thread (ipc: sem) to the caller\'s call', async () => {
      await session().launch(KVSTORE, lineBreakpoints(KVSTORE, markerLine('kvstore.dipc', 'get')), { ipc: 'sem' });
      const stop = await session().nextStop();
      await session().client.stepBackRequest({ threadId: stop.body.threadId });
      const back = await session().nextStop();
      assert.equal(back.body.reason, 'step');
      assert.notEqual(back.body.threadId, stop.body.threadId, 'on the calling thread');
      const frame = await session().topFrame(back.body.threadId);
      assert.deepEqual([frame.name, frame.line], ['Client.main', markerLine('kvstore.dipc', 'callGet')]);
      await session().client.continueRequest({ threadId: back.body.threadId });
      const again = await session().nextStop();
      assert.equal((await session().topFrame(again.body.threadId)).name, 'Store.get', 'forward again, the breakpoint in the callee');
    });

    it('steps out of an entry on a classic IPC server thread (ipc: rpc) back into the calling thread', async () => {
      await session().launch(KVSTORE, lineBreakpoints(KVSTORE, markerLine('kvstore.dipc', 'put')), { ipc: 'rpc' });
      const stop = await session().nextStop();
      await session().client.stepOutRequest({ threadId: stop.body.threadId });
      const out = await session().nextStop();
      assert.equal(out.body.reason, 'step');
      assert.notEqual(out.body.threadId, stop.body.threadId);
      const frame = await session().topFrame(out.body.threadId);
      assert.deepEqual([frame.name, frame.line], ['Client.main', markerLine('kvstore.dipc', 'callPut')]);
      assert.equal((await session().scope(frame.id, 'Locals')).get('key')?.value, '3');
    });

    it('steps over a cross-process call to the next line', async () => {
      const stop = await launchTo(KVSTORE, 'callPut');
      await session().client.nextRequest({ threadId: stop.body.threadId });
      const next = await session().nextStop();
      const frame = await session().topFrame(next.body.threadId);
      assert.equal(frame.name, 'Client.main');
      assert.equal(frame.line, markerLine('kvstore.dipc', 'callGet'));
    });

    it('steps back across a process boundary and reverse-continues to an earlier breakpoint', async () => {
      const putLine = markerLine('kvstore.dipc', 'put');
      await session().launch(KVSTORE, lineBreakpoints(KVSTORE, markerLine('kvstore.dipc', 'print')));
      const stop = await session().nextStop();
      const threadId = stop.body.threadId;
      await session().client.stepBackRequest({ threadId });
      const back = await session().nextStop();
      let frame = await session().topFrame(threadId);
      assert.equal(frame.name, 'Client.main');
      assert.equal(frame.line, markerLine('kvstore.dipc', 'callGet'), 'stepped back over the call to Store.get');
      await session().client.setBreakpointsRequest({ source: { path: KVSTORE }, breakpoints: [{ line: putLine }] });
      await session().client.reverseContinueRequest({ threadId: back.body.threadId });
      const reversed = await session().nextStop();
      assert.equal(reversed.body.reason, 'breakpoint');
      frame = await session().topFrame(threadId);
      assert.equal(frame.name, 'Store.put');
      const locals = await session().scope(frame.id, 'Locals');
      assert.equal(locals.get('value')?.value, '42');
      // Forward again: the output printed before the step back is not printed twice.
      await session().client.setBreakpointsRequest({ source: { path: KVSTORE }, breakpoints: [] });
      await session().client.continueRequest({ threadId });
      await session().next('exited');
      assert.equal(session().stdout(), '[Client] got 42\n[Client] twice 84\n');
    });

    it('steps back from a callee\'s first line to the caller\'s call, in the caller\'s process', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      await session().client.stepBackRequest({ threadId: stop.body.threadId });
      await session().nextStop();
      const frame = await session().topFrame(stop.body.threadId);
      assert.equal(frame.name, 'Client.main');
      assert.equal(frame.line, markerLine('kvstore.dipc', 'callGet'));
      const dipc = await session().scope(frame.id, 'dIPC');
      assert.equal(dipc.get('current process')?.value, 'Client');
      assert.match(dipc.get('KCS')?.value ?? '', /^empty/);
      // Forward again by instruction: the first instructions after the call site run in the proxy.
      await session().client.stepInRequest({ threadId: stop.body.threadId });
      await session().nextStop();
      assert.equal((await session().topFrame(stop.body.threadId)).name, 'Store.get');
    });

    it('steps back by instruction and reverse-continues to the start when no breakpoint is earlier', async () => {
      const stop = await launchTo(KVSTORE, 'callGet');
      const before = await session().topFrame(stop.body.threadId);
      await session().client.stepInRequest({ threadId: stop.body.threadId, granularity: 'instruction' });
      await session().nextStop();
      await session().client.stepBackRequest({ threadId: stop.body.threadId, granularity: 'instruction' });
      await session().nextStop();
      const back = await session().topFrame(stop.body.threadId);
      assert.equal(back.instructionPointerReference, before.instructionPointerReference);
      await session().client.setBreakpointsRequest({ source: { path: KVSTORE }, breakpoints: [] });
      await session().client.reverseContinueRequest({ threadId: stop.body.threadId });
      const start = await session().nextStop();
      assert.equal(start.body.reason, 'entry');
      assert.equal(start.body.description, 'beginning of the recorded history');
    });

    it('pauses a program in an endless loop', async () => {
      await session().launch(ENDLESS);
      await session().client.pauseRequest({ threadId: 1 });
      const stop = await session().nextStop();
      assert.equal(stop.body.reason, 'pause');
      const frames = await session().frames(stop.body.threadId);
      assert.ok(frames.some((frame) => frame.name === 'Spinner.main'));
    });

    it('disconnects mid-run and the adapter ends', async () => {
      await session().launch(ENDLESS);
      const response = await session().client.disconnectRequest({});
      assert.equal(response.success, true);
    });
  });

  describe('stepping a thread that cannot run', () => {
    it('answers a step of a thread that does not exist with an error, and the program stays stopped', async () => {
      const stop = await launchTo(KVSTORE, 'main');
      for (const step of [() => session().client.nextRequest({ threadId: 99 }), () => session().client.stepInRequest({ threadId: 99 }), () => session().client.stepOutRequest({ threadId: 99 })]) {
        await assert.rejects(step(), /thread 99 cannot be stepped: it has ended or does not exist/);
      }
      const top = await session().topFrame(stop.body.threadId);
      assert.equal(top.line, markerLine('kvstore.dipc', 'main'), 'nothing ran');
      await session().client.nextRequest({ threadId: stop.body.threadId });
      assert.equal((await session().nextStop()).body.reason, 'step');
    });
  });

  describe('stepping out of a runtime routine', () => {
    /** Steps in by instruction from the print line until the thread is in a runtime routine (`Client.<...>`). */
    async function intoRuntimeRoutine(): Promise<StopEvent> {
      let stop = await launchTo(KVSTORE, 'print');
      for (let step = 0; step < 80; step++) {
        if ((await session().frames(stop.body.threadId))[0].name.startsWith('Client.<')) return stop;
        await session().client.stepInRequest({ threadId: stop.body.threadId, granularity: 'instruction' });
        stop = await session().nextStop();
      }
      assert.fail('the print line called no runtime routine within 80 instructions');
    }

    for (const request of ['next', 'stepOut'] as const) {
      it(`${request} from inside a runtime routine stops back in its caller (not at the end of the program)`, async () => {
        const inside = await intoRuntimeRoutine();
        const names = (await session().frames(inside.body.threadId)).map((frame) => frame.name);
        assert.equal(names[1], 'Client.main');
        if (request === 'next') await session().client.nextRequest({ threadId: inside.body.threadId });
        else await session().client.stepOutRequest({ threadId: inside.body.threadId });
        const stop = await session().nextStop();
        assert.equal(stop.body.reason, 'step');
        const top = await session().topFrame(stop.body.threadId);
        assert.equal(top.name, 'Client.main');
        assert.equal(top.line, markerLine('kvstore.dipc', 'print'));
      });
    }
  });

  describe('exceptions', () => {
    it('stops on a fault with its kind and explanation, and exceptionInfo gives the details', async () => {
      await session().launch(FAULTS);
      const stop = await session().nextStop();
      assert.equal(stop.body.reason, 'exception');
      assert.equal(stop.body.description, 'assert');
      const frame = await session().topFrame(stop.body.threadId);
      assert.equal(frame.name, 'Fragile.work');
      const info = await session().client.exceptionInfoRequest({ threadId: stop.body.threadId });
      assert.equal(info.body.exceptionId, 'assert');
      assert.match(info.body.details?.stackTrace ?? '', /process Fragile/);
      await session().client.continueRequest({ threadId: stop.body.threadId });
      const denied = await session().nextStop();
      assert.equal(denied.body.description, 'load-denied');
      assert.equal((await session().topFrame(denied.body.threadId)).line, markerLine('faults.dipc', 'peek'));
      const deniedInfo = await session().client.exceptionInfoRequest({ threadId: denied.body.threadId });
      assert.match(deniedInfo.body.details?.stackTrace ?? '', /missing permission: read/);
      await session().client.continueRequest({ threadId: denied.body.threadId });
      const exited = await session().next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 70);
      assert.equal(session().stdout(), '[Boss] 10 -1\n');
    });

    it('runs through faults when the fault filter is off', async () => {
      await session().launch(FAULTS, () => session().client.setExceptionBreakpointsRequest({ filters: [] }));
      const exited = await session().next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 70);
    });

    it('stops after domain switches with the domainSwitch filter', async () => {
      await session().launch(DOMAINS, async () => {
        await session().client.setExceptionBreakpointsRequest({ filters: ['domainSwitch'] });
        await lineBreakpoints(DOMAINS, markerLine('domains.dipc', 'main'))();
      });
      const atMain = await session().nextStop();
      await session().client.continueRequest({ threadId: atMain.body.threadId });
      const stop = await session().nextStop();
      assert.equal(stop.body.reason, 'exception');
      assert.equal(stop.body.description, 'domain switch');
      assert.equal(stop.body.text, 'Browser -> Browser.Plugin');
      const domain = await session().scope((await session().topFrame(stop.body.threadId)).id, 'Domain');
      assert.equal(domain.get('name')?.value, 'Browser.Plugin');
      assert.equal((await session().topFrame(stop.body.threadId)).name, 'Browser.Plugin.render');
    });

    it('stops after process switches with the processSwitch filter', async () => {
      await session().launch(KVSTORE, async () => {
        await session().client.setExceptionBreakpointsRequest({ filters: ['processSwitch'] });
        await lineBreakpoints(KVSTORE, markerLine('kvstore.dipc', 'main'))();
      });
      const atMain = await session().nextStop();
      await session().client.continueRequest({ threadId: atMain.body.threadId });
      const stop = await session().nextStop();
      assert.equal(stop.body.description, 'process switch');
      assert.match(stop.body.text ?? '', /Client -> Store/);
      const dipc = await session().scope((await session().topFrame(stop.body.threadId)).id, 'dIPC');
      assert.equal(dipc.get('current process')?.value, 'Store');
      assert.equal(dipc.get('home process')?.value, 'Client');
    });
  });

  describe('inspection', () => {
    it('shows the six scopes of a callee frame', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      const frame = await session().topFrame(stop.body.threadId);
      const scopes = (await session().client.scopesRequest({ frameId: frame.id })).body.scopes;
      assert.deepEqual(scopes.map((scope) => scope.name), ['Locals', 'Globals', 'Registers', 'Capabilities', 'Domain', 'dIPC']);
      assert.equal(scopes[2].presentationHint, 'registers');
      const locals = await session().scope(frame.id, 'Locals');
      assert.equal(locals.get('key')?.value, '3');
      const globals = await session().scope(frame.id, 'Globals');
      assert.equal(globals.get('writes')?.value, '1');
      assert.ok(globals.get('table')?.memoryReference, 'arrays have a memory reference');
      const table = await session().children(globals.get('table')!.variablesReference);
      assert.equal(table.get('[3]')?.value, '42');
      const registers = await session().scope(frame.id, 'Registers');
      assert.match(registers.get('sp')?.value ?? '', /^0x[0-9a-f]{8}$/);
      const capabilities = await session().scope(frame.id, 'Capabilities');
      assert.deepEqual([...capabilities.keys()], ['cr0', 'cr1', 'cr2', 'cr3', 'cr4', 'cr5', 'cr6', 'cr7']);
      const domain = await session().scope(frame.id, 'Domain');
      assert.equal(domain.get('name')?.value, 'Store');
      assert.equal(domain.get('process')?.value, 'Store');
      assert.match(domain.get('APL cache')?.value ?? '', /\d+ hits, \d+ misses/);
      const dipc = await session().scope(frame.id, 'dIPC');
      assert.equal(dipc.get('home process')?.value, 'Client');
      assert.equal(dipc.get('current process')?.value, 'Store');
      const crossings = await session().children(dipc.get('KCS')!.variablesReference);
      const [crossing] = [...crossings.values()];
      assert.match(crossing.name, /proxy Client -> Store\.get/);
      assert.equal(crossing.value, 'reg_integrity, reg_confidentiality, stack_confidentiality');
    });

    it('evaluates variables, registers, globals of other processes and arithmetic', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      const frameId = (await session().topFrame(stop.body.threadId)).id;
      const evaluate = async (expression: string) => (await session().client.evaluateRequest({ expression, frameId, context: 'watch' })).body.result;
      assert.equal(await evaluate('key * 10 + 1'), '31');
      assert.equal(await evaluate('table[key]'), '42');
      assert.equal(await evaluate('Store.writes'), '1');
      assert.match(await evaluate('$sp'), /^-?\d+$/);
      await assert.rejects(evaluate('nothing + 1'), /`nothing` is not visible here/);
    });

    it('sets a local, and the program computes with the new value', async () => {
      const stop = await launchTo(KVSTORE, 'print');
      const frame = await session().topFrame(stop.body.threadId);
      const scopes = (await session().client.scopesRequest({ frameId: frame.id })).body.scopes;
      const locals = scopes.find((scope) => scope.name === 'Locals')!;
      await session().client.variablesRequest({ variablesReference: locals.variablesReference });
      const set = await session().client.setVariableRequest({ variablesReference: locals.variablesReference, name: 'got', value: '5' });
      assert.equal(set.body.value, '5');
      await session().client.continueRequest({ threadId: stop.body.threadId });
      await session().next('exited');
      assert.equal(session().stdout(), '[Client] got 5\n[Client] twice 10\n');
    });

    it('sets an entry parameter at a function breakpoint without listing its scope first, and the callee computes with it', async () => {
      await session().launch(KVSTORE, () => session().client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Store.get' }] }));
      const stop = await session().nextStop();
      assert.equal(stop.body.reason, 'function breakpoint');
      const frame = await session().topFrame(stop.body.threadId);
      const locals = (await session().client.scopesRequest({ frameId: frame.id })).body.scopes.find((scope) => scope.name === 'Locals')!;
      // VS Code lists a scope before editing it; other clients set a variable straight from the scope's handle.
      const set = await session().client.setVariableRequest({ variablesReference: locals.variablesReference, name: 'key', value: 'key + 1' });
      assert.equal(set.body.value, '4');
      assert.equal((await session().client.evaluateRequest({ expression: 'key * 2 + 1', frameId: frame.id })).body.result, '9');
      await assert.rejects(session().client.setVariableRequest({ variablesReference: locals.variablesReference, name: 'nothing', value: '1' }), /no variable `nothing` here/);
      await session().client.setFunctionBreakpointsRequest({ breakpoints: [] });
      await session().client.continueRequest({ threadId: stop.body.threadId });
      await session().next('exited');
      assert.equal(session().stdout(), '[Client] got 0\n[Client] twice 0\n', 'get(4) found the empty slot 4');
    });

    it('shows the globals of the process whose code a frame runs, start-up frame included', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      const frames = await session().frames(stop.body.threadId);
      assert.deepEqual(frames.map((frame) => frame.name).slice(-2), ['Client.main', 'Client.<start>']);
      const names = async (frame: DebugProtocol.StackFrame) => [...(await session().scope(frame.id, 'Globals')).keys()];
      assert.deepEqual(await names(frames[0]), ['table', 'writes'], 'Store.get sees Store\'s globals');
      const clientGlobals = await names(frames[frames.length - 2]);
      assert.ok(!clientGlobals.includes('table'));
      assert.deepEqual(await names(frames[frames.length - 1]), clientGlobals, 'Client\'s start-up code is Client\'s, though the thread is in Store');
    });

    it('sets globals and registers', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      const frame = await session().topFrame(stop.body.threadId);
      const scopes = (await session().client.scopesRequest({ frameId: frame.id })).body.scopes;
      const reference = (name: string) => scopes.find((scope) => scope.name === name)!.variablesReference;
      await session().client.variablesRequest({ variablesReference: reference('Globals') });
      const global = await session().client.setVariableRequest({ variablesReference: reference('Globals'), name: 'writes', value: 'writes + 10' });
      assert.equal(global.body.value, '11');
      await session().client.variablesRequest({ variablesReference: reference('Registers') });
      const register = await session().client.setVariableRequest({ variablesReference: reference('Registers'), name: 't3', value: '0x1234' });
      assert.equal(register.body.value, '0x00001234');
      assert.equal((await session().client.evaluateRequest({ expression: '$t3 + Store.writes', frameId: frame.id })).body.result, String(0x1234 + 11));
    });

    it('disassembles with source lines and reads memory', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      const frame = await session().topFrame(stop.body.threadId);
      const disassembly = await session().client.disassembleRequest({ memoryReference: frame.instructionPointerReference!, instructionCount: 4 });
      assert.equal(disassembly.body?.instructions.length, 4);
      assert.equal(disassembly.body?.instructions[0].line, markerLine('kvstore.dipc', 'get'));
      assert.match(disassembly.body?.instructions[0].instruction ?? '', /\w/);
      const globals = await session().scope(frame.id, 'Globals');
      const memory = (await session().client.customRequest('readMemory', { memoryReference: globals.get('table')!.memoryReference!, offset: 12, count: 4 })) as DebugProtocol.ReadMemoryResponse;
      assert.deepEqual([...Buffer.from(memory.body!.data!, 'base64')], [42, 0, 0, 0]);
    });

    it('stops at an instruction breakpoint and lists the proxies as loaded sources', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      const frame = await session().topFrame(stop.body.threadId);
      const next = (await session().client.disassembleRequest({ memoryReference: frame.instructionPointerReference!, instructionOffset: 1, instructionCount: 1 })).body!.instructions[0];
      const set = (await session().client.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: next.address }] })) as DebugProtocol.SetInstructionBreakpointsResponse;
      assert.equal(set.body.breakpoints[0].verified, true);
      await session().client.continueRequest({ threadId: stop.body.threadId });
      const hit = await session().nextStop();
      assert.equal(hit.body.reason, 'instruction breakpoint');
      assert.equal((await session().topFrame(hit.body.threadId)).instructionPointerReference, next.address);
      const sources = ((await session().client.customRequest('loadedSources', {})) as DebugProtocol.LoadedSourcesResponse).body.sources;
      assert.ok(sources.some((source) => source.path === KVSTORE));
      assert.ok(sources.some((source) => source.name === 'proxy Client -> Store.get' && source.sourceReference));
    });

    it('writes memory and evaluates hovers', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      const frameId = (await session().topFrame(stop.body.threadId)).id;
      const globals = await session().scope(frameId, 'Globals');
      const reference = globals.get('table')!.memoryReference!;
      await session().client.customRequest('writeMemory', { memoryReference: reference, offset: 12, data: Buffer.from([7, 0, 0, 0]).toString('base64') });
      const hover = await session().client.evaluateRequest({ expression: 'table[3]', frameId, context: 'hover' });
      assert.equal(hover.body.result, '7');
      await session().client.continueRequest({ threadId: stop.body.threadId });
      await session().next('exited');
      assert.equal(session().stdout(), '[Client] got 7\n[Client] twice 14\n');
    });

    it('answers the page map of dipc/codoms as `dipc pagemap` does, domains named by the kernel', async () => {
      const stop = await launchTo(DOMAINS, 'render');
      const codoms = (await session().client.customRequest('dipc/codoms', { threadId: stop.body.threadId })).body;
      assert.equal(codoms.status.domain, 'Browser.Plugin');
      const browser = codoms.processes.find((process: { name: string }) => process.name === 'Browser');
      assert.deepEqual(browser.domains.map((domain: { name: string }) => domain.name), ['Browser', 'Browser.Plugin']);
      const pluginCode = codoms.pages.find((page: { region?: string }) => page.region === 'Browser.Plugin .text');
      assert.deepEqual(pluginCode, {
        address: pluginCode.address, read: true, write: false, execute: true, privileged: false, capabilityStorage: false,
        tag: browser.domains[1].tag, domain: 'Browser.Plugin', process: 'Browser', region: 'Browser.Plugin .text',
      });
      const kernelPage = codoms.pages.find((page: { tag: number }) => page.tag === 0);
      assert.deepEqual([kernelPage.domain, kernelPage.process], ['kernel', 'kernel']);
    });

    it('answers dipc/codoms and dipc/timeline from the same model as the scopes', async () => {
      const stop = await launchTo(KVSTORE, 'get');
      const codoms = (await session().client.customRequest('dipc/codoms', { threadId: stop.body.threadId })).body;
      assert.equal(codoms.status.process, 'Store');
      assert.equal(codoms.status.domain, 'Store');
      assert.deepEqual(codoms.processes.map((process: { name: string }) => process.name), ['Store', 'Client']);
      assert.equal(codoms.kcs.length, 1);
      assert.deepEqual(codoms.kcs[0].isolation, ['reg_integrity', 'reg_confidentiality', 'stack_confidentiality']);
      assert.ok(codoms.proxies.some((proxy: { entry: string }) => proxy.entry === 'Store.get'));
      assert.equal(codoms.capabilityRegisters.length, 8);
      assert.ok(codoms.pages.length > 0);
      const timeline = (await session().client.customRequest('dipc/timeline', {})).body;
      assert.ok(timeline.total >= 4);
      const processSwitches = timeline.events.filter((event: { kind: string }) => event.kind === 'processSwitch');
      assert.deepEqual(processSwitches.slice(0, 2).map((event: { from: string; to: string }) => `${event.from}->${event.to}`), ['Client->Store', 'Store->Client']);
      assert.equal(processSwitches[0].source.line, markerLine('kvstore.dipc', 'callPut'));
    });
  });
});
