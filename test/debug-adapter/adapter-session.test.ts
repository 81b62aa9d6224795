// The DAP test harness itself: an adapter that stops answering (stuck in a loop, or gone) must fail
// the test that waits on it within the harness's deadlines, and must not outlive the test, or
// mocha would wait for its pipes forever after the last test.
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { AdapterSession, ensureBundledAdapter } from './support/adapter-session';
import { fixturePath } from './support/markers';

describe('debug adapter test harness', function () {
  this.timeout(20_000);
  let session: AdapterSession;

  before(() => ensureBundledAdapter());
  beforeEach(async () => {
    session = new AdapterSession({ requestMs: 1_000, eventMs: 1_000 });
    await session.start();
  });
  afterEach(async () => {
    await session.stop();
  });

  it('fails a request the adapter never answers, then kills the silent adapter on stop', async () => {
    await session.launch(fixturePath('endless.dipc'));
    const adapter = session.adapterProcess()!;
    const exited = once(adapter, 'exit');
    // A stopped process answers nothing, like an adapter stuck in a synchronous loop.
    adapter.kill('SIGSTOP');
    await assert.rejects(session.client.threadsRequest(), /no response to 'threads' within 1000 ms/);
    await assert.rejects(session.nextStop(), /no 'stopped' event within 1000 ms/);
    await session.stop();
    const [, signal] = await exited;
    assert.equal(signal, 'SIGKILL');
  });

  it('stops a session whose adapter already ended (a second disconnect is never answered)', async () => {
    await session.launch(fixturePath('endless.dipc'));
    const adapter = session.adapterProcess()!;
    const exited = once(adapter, 'exit');
    await session.client.disconnectRequest({});
    await exited;
    await session.stop();
  });

  it('keeps an event that arrives after a wait for it timed out for the next wait', async () => {
    await session.launch(fixturePath('endless.dipc'));
    await assert.rejects(session.nextStop(), /no 'stopped' event/);
    await session.client.pauseRequest({ threadId: 1 });
    assert.equal((await session.nextStop()).body.reason, 'pause');
  });
});
