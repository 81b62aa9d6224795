// Reverse continue stops where forward continue stopped, exception filters included: running
// forward from one breakpoint to another records every stop (breakpoints, domain switches, process
// switches, faults); reverse continue from the last one must meet the same stops in reverse order,
// each with the same reason, description, text, thread, frame and exceptionInfo.
import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { type StopEvent, sessionPerTest } from './support/adapter-session';
import { fixturePath, markerLine } from './support/markers';

const KVSTORE = fixturePath('kvstore.dipc');
const DOMAINS = fixturePath('domains.dipc');
const FAULTS = fixturePath('faults.dipc');

interface StopSignature {
  reason: string;
  description?: string;
  text?: string;
  threadId: number;
  frame: string;
  exception?: string;
}

describe('debug adapter: reverse continue honours exception filters (DAP over stdio)', function () {
  this.timeout(60_000);
  const session = sessionPerTest();

  async function signature(stop: StopEvent): Promise<StopSignature> {
    const top = await session().topFrame(stop.body.threadId);
    const result: StopSignature = {
      reason: stop.body.reason,
      description: stop.body.description,
      text: stop.body.text,
      threadId: stop.body.threadId,
      frame: `${top.name}:${top.line} @${top.instructionPointerReference}`,
    };
    if (stop.body.reason === 'exception') {
      const info = await session().client.exceptionInfoRequest({ threadId: stop.body.threadId });
      result.exception = `${info.body.exceptionId} | ${info.body.description} | ${info.body.details?.stackTrace ?? ''}`;
    }
    return result;
  }

  /** Launches with `filters` and breakpoints on the markers; runs forward to `last`, then reverse-continues back to `first`. */
  async function forwardThenBack(path: string, filters: string[], first: string, last: string): Promise<{ forward: StopSignature[]; backward: StopSignature[] }> {
    const fixture = path.split('/').pop()!;
    const lines = [markerLine(fixture, first), markerLine(fixture, last)];
    await session().launch(path, async () => {
      await session().client.setExceptionBreakpointsRequest({ filters });
      await session().client.setBreakpointsRequest({ source: { path }, breakpoints: lines.map((line) => ({ line })) });
    });
    let stop = await session().nextStop();
    const forward = [await signature(stop)];
    assert.equal(forward[0].reason, 'breakpoint', `the run reached #BP${first} first`);
    for (let count = 0; count < 100; count++) {
      await session().client.continueRequest({ threadId: stop.body.threadId });
      stop = await session().nextStop();
      forward.push(await signature(stop));
      if (stop.body.reason === 'breakpoint') break;
    }
    assert.ok(forward[forward.length - 1].frame.includes(`:${lines[1]} `), `the run reached #BP${last}`);
    const backward: StopSignature[] = [];
    for (let count = 0; count < forward.length - 1; count++) {
      await session().client.reverseContinueRequest({ threadId: stop.body.threadId });
      stop = await session().nextStop();
      backward.push(await signature(stop));
    }
    return { forward, backward };
  }

  it('meets every domain switch of a call into a plugin domain again, backwards', async () => {
    const { forward, backward } = await forwardThenBack(DOMAINS, ['domainSwitch'], 'main', 'after');
    assert.ok(forward.filter((stop) => stop.description === 'domain switch').length >= 2, 'the call and its return switched domains');
    assert.deepEqual(backward, forward.slice(0, -1).reverse());
  });

  it('meets every process switch of two cross-process calls again, backwards', async () => {
    const { forward, backward } = await forwardThenBack(KVSTORE, ['processSwitch'], 'main', 'print');
    assert.ok(forward.filter((stop) => stop.description === 'process switch').length >= 4, 'two calls, two returns');
    assert.deepEqual(backward, forward.slice(0, -1).reverse());
  });

  it('with both switch filters, domain and process switches come back in order', async () => {
    const { forward, backward } = await forwardThenBack(KVSTORE, ['domainSwitch', 'processSwitch'], 'main', 'print');
    assert.deepEqual(backward, forward.slice(0, -1).reverse());
  });

  it('reverse-continues from a fault to the previous fault, which is pending again as it was', async () => {
    await session().launch(FAULTS, async () => {
      await session().client.setBreakpointsRequest({ source: { path: FAULTS }, breakpoints: [{ line: markerLine('faults.dipc', 'secondCall') }] });
    });
    let stop = await session().nextStop();
    assert.equal(stop.body.reason, 'breakpoint');
    await session().client.continueRequest({ threadId: stop.body.threadId });
    stop = await session().nextStop();
    const assertFault = await signature(stop);
    assert.equal(assertFault.description, 'assert');
    await session().client.continueRequest({ threadId: stop.body.threadId });
    stop = await session().nextStop();
    const denied = await signature(stop);
    assert.equal(denied.description, 'load-denied');

    await session().client.reverseContinueRequest({ threadId: stop.body.threadId });
    stop = await session().nextStop();
    assert.deepEqual(await signature(stop), assertFault);
    await session().client.reverseContinueRequest({ threadId: stop.body.threadId });
    stop = await session().nextStop();
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await session().topFrame(stop.body.threadId)).line, markerLine('faults.dipc', 'secondCall'));

    // Forward again from the breakpoint: the same faults, then the same end.
    for (const expected of [assertFault, denied]) {
      await session().client.continueRequest({ threadId: stop.body.threadId });
      stop = await session().nextStop();
      assert.deepEqual(await signature(stop), expected);
    }
    await session().client.continueRequest({ threadId: stop.body.threadId });
    const exited = await session().next<DebugProtocol.ExitedEvent>('exited');
    assert.equal(exited.body.exitCode, 70);
    assert.equal(session().stdout(), '[Boss] 10 -1\n', 'nothing printed twice');
  });

  it('ignores switches backwards when their filters are off', async () => {
    const { forward, backward } = await forwardThenBack(KVSTORE, [], 'main', 'print');
    assert.equal(forward.length, 2, 'forward went straight from breakpoint to breakpoint');
    assert.deepEqual(backward, [forward[0]]);
  });
});
