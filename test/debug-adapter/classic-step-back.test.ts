// Stepping by instruction across a classic IPC call (ipc: l4|rpc|pipe|sem) and back: the caller's
// ipc_call is followed by the server stub's first instruction on the server thread, the server's
// reply by the caller's next instruction; step back by instruction lands exactly on the state a
// forward step left (thread, instruction, instruction count), and stepping forward again repeats it.
import * as assert from 'node:assert/strict';
import { sessionPerTest } from './support/adapter-session';
import { fixturePath, markerLine } from './support/markers';
import type { CodomsResponseBody } from '../../debug-adapter/protocol';

const KVSTORE = fixturePath('kvstore.dipc');

interface InstructionState {
  threadId: number;
  frame: string;
  instructions: number;
}

describe('debug adapter: instruction step back across a classic IPC call (DAP over stdio)', function () {
  this.timeout(60_000);
  const session = sessionPerTest();

  async function state(threadId: number): Promise<InstructionState> {
    const top = await session().topFrame(threadId);
    const codoms = (await session().client.customRequest('dipc/codoms', { threadId })).body as CodomsResponseBody;
    return { threadId, frame: `${top.name} @${top.instructionPointerReference}`, instructions: codoms.status!.instructions };
  }

  async function stepIn(threadId: number): Promise<InstructionState> {
    await session().client.stepInRequest({ threadId, granularity: 'instruction' });
    const stop = await session().nextStop();
    assert.equal(stop.body.reason, 'step');
    return state(stop.body.threadId);
  }

  async function stepBack(threadId: number): Promise<InstructionState> {
    await session().client.stepBackRequest({ threadId, granularity: 'instruction' });
    const stop = await session().nextStop();
    assert.equal(stop.body.reason, 'step');
    return state(stop.body.threadId);
  }

  /** Steps in by instruction until another thread runs: the last state on this thread and the first on the other. */
  async function stepUntilThreadChanges(from: InstructionState): Promise<{ before: InstructionState; after: InstructionState }> {
    let before = from;
    for (let step = 0; step < 200; step++) {
      const after = await stepIn(before.threadId);
      if (after.threadId !== before.threadId) return { before, after };
      before = after;
    }
    assert.fail(`thread ${from.threadId} kept running for 200 instructions`);
  }

  for (const ipc of ['l4', 'rpc', 'pipe', 'sem']) {
    it(`steps back from the server's first instruction to the caller's ipc_call, and from after the reply to the reply (ipc: ${ipc})`, async () => {
      await session().launch(KVSTORE, () => session().client.setBreakpointsRequest({ source: { path: KVSTORE }, breakpoints: [{ line: markerLine('kvstore.dipc', 'callGet') }] }), { ipc });
      const stop = await session().nextStop();
      await session().client.setBreakpointsRequest({ source: { path: KVSTORE }, breakpoints: [] });
      const call = await stepUntilThreadChanges(await state(stop.body.threadId));
      assert.match(call.before.frame, /^ipc stub Client -> Store\.get @/, 'the caller\'s last instruction is in its stub (the ipc_call)');
      assert.match(call.after.frame, /^ipc server Store\.get @/, 'the server thread starts in its stub');
      const reply = await stepUntilThreadChanges(call.after);
      assert.equal(reply.before.threadId, call.after.threadId, 'the server replied');
      assert.equal(reply.after.threadId, call.before.threadId, 'the caller runs on after the reply');
      assert.equal(reply.after.instructions, reply.before.instructions + 1, 'nothing ran between the reply and the caller\'s next instruction');

      assert.deepEqual(await stepBack(reply.after.threadId), reply.before, 'back from after the call: the server\'s reply');
      assert.deepEqual(await stepIn(reply.before.threadId), reply.after, 'forward again: the same caller state');
      assert.deepEqual(await stepBack(reply.after.threadId), reply.before);

      // Back through the whole call, one instruction at a time, to the server's first instruction and the ipc_call.
      let back = reply.before;
      while (back.instructions > call.after.instructions) back = await stepBack(back.threadId);
      assert.deepEqual(back, call.after);
      assert.deepEqual(await stepBack(call.after.threadId), call.before, 'back from the server\'s first instruction: the caller\'s ipc_call');
      assert.deepEqual(await stepIn(call.before.threadId), call.after, 'forward again: the same server state');
    });
  }
});
