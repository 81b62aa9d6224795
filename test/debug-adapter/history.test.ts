// Reverse execution is exact: stepping back lands on the very states a forward run went through
// (instruction count, cycles, pc, registers), across proxies and process switches, and output is
// never printed twice. Runs the runtime in-process (no DAP) so it can compare whole states.
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { validateLaunchConfiguration } from '../../debug-adapter/launch-configuration';
import { DebugRuntime } from '../../debug-adapter/runtime';
import type { SearchLimits } from '../../debug-adapter/history';
import type { StopInfo } from '../../debug-adapter/runtime-model';
import { fixturePath, markerLine } from './support/markers';

interface StateSample {
  instructions: number;
  cycles: number;
  process: string;
  frames: string;
}

/** Runtimes of the running test: terminated after it, so a failed test leaves nothing running. */
const launched: DebugRuntime[] = [];

function launch(program: string, ipc = 'dipc', searchLimits?: SearchLimits): DebugRuntime {
  const loaded = DebugRuntime.load(validateLaunchConfiguration({ program, ipc }), searchLimits);
  if (!loaded.ok) throw new Error(loaded.message);
  launched.push(loaded.runtime);
  return loaded.runtime;
}

/** The stop `action` leads to; the program's end instead is an error, not a wait forever. */
async function nextStop(runtime: DebugRuntime, action: () => void): Promise<StopInfo> {
  const stopped = new Promise<StopInfo>((resolve, reject) => {
    const onStop = (stop: StopInfo): void => {
      runtime.off('exit', onExit);
      resolve(stop);
    };
    const onExit = (exitCode: number): void => {
      runtime.off('stop', onStop);
      reject(new Error(`the program ended (exit code ${exitCode}) instead of stopping`));
    };
    runtime.once('stop', onStop);
    runtime.once('exit', onExit);
  });
  action();
  return stopped;
}

function sample(runtime: DebugRuntime, threadId: number): StateSample {
  const codoms = runtime.codoms({ threadId });
  return {
    instructions: codoms.status!.instructions,
    cycles: codoms.status!.cycles,
    process: codoms.status!.process,
    frames: runtime.stackFrames(threadId).map((frame) => `${frame.name}:${frame.line}@${frame.pc.toString(16)}`).join(' < '),
  };
}

describe('debug adapter history (reverse execution)', function () {
  this.timeout(30_000);
  afterEach(() => {
    for (const runtime of launched.splice(0)) runtime.terminate();
  });

  it('steps back through exactly the states that stepping in went through, across processes', async () => {
    const program = fixturePath('kvstore.dipc');
    const runtime = launch(program);
    runtime.setLineBreakpoints(program, [{ line: markerLine('kvstore.dipc', 'main') }]);
    let stop = await nextStop(runtime, () => runtime.start(false));
    const threadId = stop.threadId;
    const forward: StateSample[] = [sample(runtime, threadId)];
    for (let index = 0; index < 12; index++) {
      stop = await nextStop(runtime, () => runtime.step('in', threadId, false));
      forward.push(sample(runtime, threadId));
    }
    assert.ok(forward.some((state) => state.process === 'Store'), 'the steps entered the callee process');
    for (let index = forward.length - 2; index >= 0; index--) {
      await nextStop(runtime, () => runtime.stepBack(threadId, false));
      const back = sample(runtime, threadId);
      // Stepping back is "reverse next": it skips callee statements, so it may jump over samples.
      const match = forward.findIndex((state) => state.instructions === back.instructions);
      assert.ok(match >= 0, `state at ${back.instructions} instructions was never visited forward`);
      assert.deepEqual(back, forward[match]);
      index = match;
      if (match === 0) break;
    }
  });

  it('steps back by instruction through the proxy one instruction at a time', async () => {
    const program = fixturePath('kvstore.dipc');
    const runtime = launch(program);
    runtime.setLineBreakpoints(program, [{ line: markerLine('kvstore.dipc', 'callGet') }]);
    const stop = await nextStop(runtime, () => runtime.start(false));
    const forward: StateSample[] = [sample(runtime, stop.threadId)];
    for (let index = 0; index < 60; index++) {
      await nextStop(runtime, () => runtime.step('in', stop.threadId, true));
      forward.push(sample(runtime, stop.threadId));
    }
    assert.ok(forward.some((state) => state.frames.startsWith('proxy')), 'the instruction steps ran through the proxy');
    for (let index = forward.length - 2; index >= 0; index--) {
      await nextStop(runtime, () => runtime.stepBack(stop.threadId, true));
      assert.deepEqual(sample(runtime, stop.threadId), forward[index]);
    }
  });

  it('replays the recorded future without printing its output again', async () => {
    const program = fixturePath('kvstore.dipc');
    const runtime = launch(program);
    const printed: string[] = [];
    runtime.on('output', (output) => printed.push(output.text));
    runtime.setLineBreakpoints(program, [{ line: markerLine('kvstore.dipc', 'callDouble') }]);
    const stop = await nextStop(runtime, () => runtime.start(false));
    assert.deepEqual(printed, ['got 42\n']);
    await nextStop(runtime, () => runtime.stepBack(stop.threadId, false));
    await nextStop(runtime, () => runtime.stepBack(stop.threadId, false));
    const replayed = await nextStop(runtime, () => runtime.step('over', stop.threadId, false));
    assert.equal(replayed.reason, 'step');
    assert.deepEqual(printed, ['got 42\n'], 'the print was replayed, not printed again');
    const exited = once(runtime, 'exit');
    runtime.setLineBreakpoints(program, []);
    runtime.continue();
    await exited;
    assert.deepEqual(printed, ['got 42\n', 'twice 84\n']);
  });

  it('after a change in the past, runs the new future and prints its output', async () => {
    const program = fixturePath('kvstore.dipc');
    const runtime = launch(program);
    const printed: string[] = [];
    runtime.on('output', (output) => printed.push(output.text));
    runtime.setLineBreakpoints(program, [{ line: markerLine('kvstore.dipc', 'callDouble') }]);
    const stop = await nextStop(runtime, () => runtime.start(false));
    await nextStop(runtime, () => runtime.stepBack(stop.threadId, false));
    await nextStop(runtime, () => runtime.stepBack(stop.threadId, false));
    const frame = runtime.stackFrames(stop.threadId)[0];
    assert.equal(frame.line, markerLine('kvstore.dipc', 'callGet'));
    const key = frame.scopes().find((scope) => scope.name === 'Locals')!.variables().find((variable) => variable.name === 'key')!;
    key.set!('5');
    const exited = once(runtime, 'exit');
    runtime.setLineBreakpoints(program, []);
    runtime.continue();
    await exited;
    assert.deepEqual(printed, ['got 42\n', 'got 0\n', 'twice 0\n'], 'the changed future printed its own lines');
  });

  describe('search limits: a backward search ends, and says how far back it looked', () => {
    const program = fixturePath('long-call.dipc');
    const line = (marker: string): number => markerLine('long-call.dipc', marker);
    const clock = (runtime: DebugRuntime, threadId: number): number => runtime.codoms({ threadId }).status!.instructions;

    it('reverse continue over more past than its limit stops at the limit, then goes on from there to the breakpoint', async () => {
      const runtime = launch(program, 'dipc', { instructions: 300_000, stops: 1_000_000, singleSteps: 1_000_000 });
      const logged: string[] = [];
      runtime.on('log', (text) => logged.push(text));
      runtime.setLineBreakpoints(program, [{ line: line('first') }, { line: line('print') }]);
      const first = await nextStop(runtime, () => runtime.start(false));
      const firstClock = clock(runtime, first.threadId);
      const last = await nextStop(runtime, () => runtime.continue());
      let previous = clock(runtime, last.threadId);
      assert.ok(previous - firstClock > 1_000_000, 'the call ran more than three times the instruction limit');
      let limitStops = 0;
      for (;;) {
        const stop = await nextStop(runtime, () => runtime.reverseContinue());
        const now = clock(runtime, stop.threadId);
        if (stop.reason === 'breakpoint') {
          assert.equal(now, firstClock, 'the same state the forward run stopped in');
          assert.equal(runtime.stackFrames(stop.threadId)[0].line, line('first'));
          break;
        }
        assert.equal(stop.reason, 'pause');
        assert.equal(stop.description, 'reverse search limit');
        assert.match(stop.text!, /searched the past back to instruction \d+ without finding a breakpoint or exception stop/);
        assert.ok(now < previous && now > firstClock, `each limit stop is further back (${now} after ${previous})`);
        assert.ok(previous - now <= 300_000, 'no further back than the limit searched');
        previous = now;
        limitStops += 1;
        assert.ok(limitStops < 20, 'the search got to the breakpoint');
      }
      assert.ok(limitStops >= 3, `stopped at the limit ${limitStops} times`);
      assert.equal(logged.filter((text) => /reverse continue searched the past back to instruction/.test(text)).length, limitStops);
    });

    it('a step back that needs more stops than its limit stays where it was and says so', async () => {
      const runtime = launch(program, 'dipc', { instructions: 100_000_000, stops: 20_000, singleSteps: 1_000_000 });
      runtime.setLineBreakpoints(program, [{ line: line('print') }]);
      const stop = await nextStop(runtime, () => runtime.start(false));
      const before = sample(runtime, stop.threadId);
      // Every statement of the callee's loop is a candidate the search stops at and rejects (deeper).
      const back = await nextStop(runtime, () => runtime.stepBack(stop.threadId, false));
      assert.equal(back.reason, 'pause');
      assert.equal(back.description, 'reverse search limit');
      assert.equal(back.threadId, stop.threadId);
      assert.match(back.text!, /step back searched the past back to instruction \d+ without finding the previous step .*stayed where the step began/);
      assert.deepEqual(sample(runtime, stop.threadId), before);
    });

    it('a step back by instruction on a thread blocked in its ipc_call lands on that ipc_call (ipc: l4)', async () => {
      const runtime = launch(program, 'l4');
      runtime.setLineBreakpoints(program, [{ line: line('return') }]);
      const server = await nextStop(runtime, () => runtime.start(false));
      const boss = runtime.threads().find((thread) => thread.name.startsWith('Boss'))!.id;
      assert.notEqual(server.threadId, boss, 'the callee runs on a server thread');
      const blocked = clock(runtime, server.threadId);
      const back = await nextStop(runtime, () => runtime.stepBack(boss, true));
      assert.equal(back.reason, 'step');
      assert.equal(back.threadId, boss);
      assert.match(runtime.stackFrames(boss)[0].name, /^ipc stub Boss -> Worker\.sum/, 'on the caller stub\'s ipc_call');
      assert.ok(blocked - clock(runtime, boss) > 1_000_000, 'back before the whole callee ran, not to the server\'s latest instruction');
    });
  });
});
