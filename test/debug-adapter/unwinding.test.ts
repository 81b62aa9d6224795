// Caller frames show the caller's registers, not the callee's: what the unwinder shows for a caller
// (pc, sp, s0, ra, and what a proxy saved in the KCS record) is checked against the live registers
// once the call has returned, and every register nothing saved reads `<not saved>`.
import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { type StopEvent, sessionPerTest } from './support/adapter-session';
import { fixturePath, markerLine } from './support/markers';

const REGISTERS = fixturePath('registers.dipc');
const KVSTORE = fixturePath('kvstore.dipc');
const NOT_SAVED = '<not saved>';
/** Registers a caller frame can show: its pc, the frame chain's sp and s0, and ra (= the return address). */
const FRAME_CHAIN = ['pc', 'sp', 's0', 'ra'];

describe('debug adapter: caller registers (DAP over stdio)', function () {
  this.timeout(60_000);
  const session = sessionPerTest();

  async function launchTo(path: string, marker: string): Promise<StopEvent> {
    const line = markerLine(path.split('/').pop()!, marker);
    await session().launch(path, () => session().client.setBreakpointsRequest({ source: { path }, breakpoints: [{ line }] }));
    const stop = await session().nextStop();
    assert.equal(stop.body.reason, 'breakpoint');
    return stop;
  }

  async function registersOf(frame: DebugProtocol.StackFrame): Promise<Map<string, string>> {
    const scope = await session().scope(frame.id, 'Registers');
    return new Map([...scope].map(([name, variable]) => [name, variable.value]));
  }

  async function clearBreakpoints(path: string): Promise<void> {
    await session().client.setBreakpointsRequest({ source: { path }, breakpoints: [] });
  }

  it('shows a caller\'s registers across a dIPC crossing: frame chain, the s1 the proxy saved, nothing of the callee\'s', async () => {
    const stop = await launchTo(REGISTERS, 'look');
    const threadId = stop.body.threadId;
    const frames = await session().frames(threadId);
    assert.deepEqual(frames.map((frame) => frame.name), ['Vault.look', 'proxy Client -> Vault.look [reg_integrity]', 'Client.main', 'Client.<start>']);
    const callee = await registersOf(frames[0]);
    const caller = await registersOf(frames[2]);
    assert.equal(callee.get('s1'), '0x00007777', 'the callee overwrote s1');
    assert.equal(caller.get('s1'), '0x00005151', 'the caller\'s s1, from the KCS record');
    assert.equal(caller.get('pc'), frames[2].instructionPointerReference);
    assert.equal(caller.get('ra'), caller.get('pc'), 'ra comes back as the return address');
    for (const name of ['a0', 'a1', 't0', 't6']) assert.equal(caller.get(name), NOT_SAVED, `${name} of the caller`);
    const proxy = await registersOf(frames[1]);
    assert.equal(proxy.get('s1'), NOT_SAVED, 'the callee\'s frame does not save s1 for the proxy');

    await clearBreakpoints(REGISTERS);
    await session().client.stepOutRequest({ threadId });
    await session().nextStop();
    const [back] = await session().frames(threadId);
    assert.equal(back.name, 'Client.main');
    const live = await registersOf(back);
    for (const name of [...FRAME_CHAIN, 's1']) assert.equal(live.get(name), caller.get(name), `${name} after the return`);
  });

  it('shows a plain call\'s caller with its frame chain and s1 not saved; $s1 of that frame is an error', async () => {
    const stop = await launchTo(REGISTERS, 'inner');
    const threadId = stop.body.threadId;
    const frames = await session().frames(threadId);
    assert.deepEqual(frames.map((frame) => frame.name), ['Client.inner', 'Client.main', 'Client.<start>']);
    const caller = await registersOf(frames[1]);
    assert.equal(caller.get('s1'), NOT_SAVED);
    assert.equal((await registersOf(frames[0])).get('s1'), '0x00006666');
    await assert.rejects(session().client.evaluateRequest({ expression: '$s1', frameId: frames[1].id, context: 'watch' }), /not saved/);
    const sp = await session().client.evaluateRequest({ expression: '$sp', frameId: frames[1].id, context: 'watch' });
    assert.equal(Number(sp.body.result) >>> 0, Number(caller.get('sp')));

    await clearBreakpoints(REGISTERS);
    await session().client.stepOutRequest({ threadId });
    await session().nextStop();
    const [back] = await session().frames(threadId);
    const live = await registersOf(back);
    for (const name of FRAME_CHAIN) assert.equal(live.get(name), caller.get(name), `${name} after the return`);
  });

  /** Steps by instruction from a call line until the caller runs again, checking its frame at every instruction. */
  async function checkCallerAtEveryInstruction(path: string, marker: string, caller: string): Promise<Set<string>> {
    const stop = await launchTo(path, marker);
    const threadId = stop.body.threadId;
    const before = await registersOf((await session().frames(threadId))[0]);
    const seen = new Set<string>();
    let returnAddress: string | undefined;
    for (let step = 0; step < 400; step++) {
      await session().client.stepInRequest({ threadId, granularity: 'instruction' });
      await session().nextStop();
      const frames = await session().frames(threadId);
      if (frames[0].name === caller) {
        if (seen.size > 0) return seen;
        continue;
      }
      seen.add(frames[0].name);
      const callerFrame = frames.find((frame) => frame.name === caller);
      assert.ok(callerFrame, `${caller} is on the stack below ${frames[0].name} (${frames.map((frame) => frame.name).join(' < ')})`);
      const registers = await registersOf(callerFrame);
      returnAddress ??= registers.get('pc');
      const where = `in ${frames[0].name} at ${frames[0].instructionPointerReference}`;
      assert.equal(registers.get('pc'), returnAddress, `caller pc ${where}`);
      assert.equal(registers.get('sp'), before.get('sp'), `caller sp ${where}`);
      assert.equal(registers.get('s0'), before.get('s0'), `caller s0 ${where}`);
    }
    assert.fail(`${caller} did not run again within 400 instructions`);
  }

  it('keeps a plain call\'s caller frame right at every instruction of the callee, prologue and epilogue included', async () => {
    const seen = await checkCallerAtEveryInstruction(REGISTERS, 'callInner', 'Client.main');
    assert.deepEqual([...seen], ['Client.inner']);
  });

  it('keeps a cross-process caller frame right at every instruction of the proxy and the callee', async () => {
    const seen = await checkCallerAtEveryInstruction(KVSTORE, 'callGet', 'Client.main');
    assert.ok([...seen].some((name) => name.startsWith('proxy Client -> Store.get')), 'the steps ran through the proxy');
    assert.ok(seen.has('Store.get'));
  });
});
