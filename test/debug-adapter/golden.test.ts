// Golden transcripts (js-debug's habit): a scenario's stops, stacks and variables written as text
// and compared with the checked-in file under golden/. The simulator is deterministic, so any
// difference is a real change. Ids that vary between runs (frame ids, variable references) are
// never written. Regenerate with UPDATE_GOLDEN=1 after an intended change, and review the diff.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { AdapterSession, type StopEvent, sessionPerTest } from './support/adapter-session';
import { fixturePath, markerLine } from './support/markers';

const GOLDEN = join(__dirname, 'golden');
/** Scopes whose values do not depend on code addresses (registers do: they are left out). */
const RECORDED_SCOPES = ['Locals', 'Globals', 'Domain', 'dIPC'];

class Transcript {
  readonly lines: string[] = [];

  constructor(private readonly session: AdapterSession) {}

  note(text: string): void {
    this.lines.push(text);
  }

  async stop(stop: StopEvent): Promise<void> {
    const threads = (await this.session.client.threadsRequest()).body.threads;
    const thread = threads.find((candidate) => candidate.id === stop.body.threadId)?.name ?? String(stop.body.threadId);
    const details = [stop.body.description, stop.body.text].filter(Boolean).join(': ');
    this.lines.push(`stopped: ${stop.body.reason} in ${thread}${details ? ` (${details})` : ''}`);
    const frames = await this.session.frames(stop.body.threadId);
    frames.forEach((frame, index) => {
      const where = frame.source?.path ? ` ${frame.source.name}:${frame.line}` : frame.source?.sourceReference ? ` <${frame.source.name}>` : '';
      const hint = frame.presentationHint ? ` {${frame.presentationHint}}` : '';
      this.lines.push(`  #${index} ${frame.name}${where} [${frame.moduleId}]${hint}`);
    });
    const top = frames[0];
    for (const scope of (await this.session.client.scopesRequest({ frameId: top.id })).body.scopes) {
      if (!RECORDED_SCOPES.includes(scope.name)) continue;
      this.lines.push(`  ${scope.name}:`);
      await this.variables(scope.variablesReference, '    ', 2);
    }
  }

  private async variables(reference: number, indent: string, depth: number): Promise<void> {
    const { variables } = (await this.session.client.variablesRequest({ variablesReference: reference })).body;
    for (const variable of variables) {
      this.lines.push(`${indent}${variable.name} = ${variable.value}${variable.type ? ` : ${variable.type}` : ''}`);
      if (variable.variablesReference > 0 && depth > 0 && !variable.value.startsWith('[')) await this.variables(variable.variablesReference, indent + '  ', depth - 1);
    }
  }

  compare(name: string): void {
    const path = join(GOLDEN, `${name}.txt`);
    const text = this.lines.join('\n') + '\n';
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(path, text);
      return;
    }
    assert.ok(existsSync(path), `golden/${name}.txt is missing: run with UPDATE_GOLDEN=1 to create it`);
    assert.equal(text, readFileSync(path, 'utf8'), `transcript ${name} differs from golden/${name}.txt (UPDATE_GOLDEN=1 regenerates it)`);
  }
}

describe('debug adapter golden transcripts', function () {
  this.timeout(60_000);
  const session = sessionPerTest();

  it('kvstore: into a callee through its proxy, out, over, and back', async () => {
    const program = fixturePath('kvstore.dipc');
    const transcript = new Transcript(session());
    await session().launch(program, () => session().client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: markerLine('kvstore.dipc', 'callGet') }] }));
    const steps: [string, (threadId: number) => Promise<unknown>][] = [
      ['stepIn', (threadId) => session().client.stepInRequest({ threadId })],
      ['next', (threadId) => session().client.nextRequest({ threadId })],
      ['stepOut', (threadId) => session().client.stepOutRequest({ threadId })],
      ['next', (threadId) => session().client.nextRequest({ threadId })],
      ['stepBack', (threadId) => session().client.stepBackRequest({ threadId })],
      ['stepBack', (threadId) => session().client.stepBackRequest({ threadId })],
    ];
    let stop = await session().nextStop();
    await transcript.stop(stop);
    for (const [name, step] of steps) {
      transcript.note(`> ${name}`);
      await step(stop.body.threadId);
      stop = await session().nextStop();
      await transcript.stop(stop);
    }
    transcript.compare('kvstore-steps');
  });

  it('faults: an assert in a callee, then a load-denied in the caller', async () => {
    const transcript = new Transcript(session());
    await session().launch(fixturePath('faults.dipc'));
    for (let index = 0; index < 2; index++) {
      const stop = await session().nextStop();
      await transcript.stop(stop);
      const info = (await session().client.exceptionInfoRequest({ threadId: stop.body.threadId })).body;
      transcript.note(`  exceptionInfo: ${info.exceptionId}: ${info.description}`);
      transcript.note(`    ${(info.details?.stackTrace ?? '').replace(/\n/g, '\n    ')}`);
      await session().client.continueRequest({ threadId: stop.body.threadId });
    }
    const exited = await session().next<DebugProtocol.ExitedEvent>('exited');
    transcript.note(`exited: ${exited.body.exitCode}`);
    transcript.note(session().output.filter((entry) => entry.category === 'stdout').map((entry) => `stdout: ${entry.text.trimEnd()}`).join('\n'));
    transcript.compare('faults');
  });

  it('domains: every domain switch of a call into a plugin domain', async () => {
    const program = fixturePath('domains.dipc');
    const transcript = new Transcript(session());
    await session().launch(program, async () => {
      await session().client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: markerLine('domains.dipc', 'main') }] });
      await session().client.setExceptionBreakpointsRequest({ filters: ['fault', 'domainSwitch'] });
    });
    let stop = await session().nextStop();
    await transcript.stop(stop);
    for (let index = 0; index < 2; index++) {
      await session().client.continueRequest({ threadId: stop.body.threadId });
      stop = await session().nextStop();
      await transcript.stop(stop);
    }
    transcript.compare('domains');
  });
});
