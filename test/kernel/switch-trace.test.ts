// The trace's cost of each switch (tooling.md §2 "with its cycle cost", defined in docs/cli.md):
// a domain switch costs what its instruction was charged (jump, cross-domain charge, APL refills);
// a dIPC process switch costs its proxy half, from the transfer into the proxy to the one out of
// it; a classic-IPC process switch costs the kernel's charges with the system call that asked.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kernel, type KernelOptions } from '../../simulator/kernel/kernel';
import type { TraceEvent } from '../../simulator/kernel/run-result';
import { buildDipcProgram } from '../../simulator/toolchain/program-loader';

const PROGRAM = `
process Server { entry f(x: int) -> int { return x + 1; } }
process Client {
    import Server.f;
    domain D { entry g(x: int) -> int { return x * 2; } }
    fn main() {
        let acc = 0;
        for i in 0..4 { acc = acc + (Server.f(i) else 0) + D.g(i); }
        print(acc);
    }
}`;

function trace(options: KernelOptions = {}): TraceEvent[] {
  const kernel = new Kernel({ ...options, trace: true });
  kernel.load(buildDipcProgram(PROGRAM, 'trace.dipc').image);
  assert.equal(kernel.run(10_000_000).kind, 'finished');
  const result = kernel.result(false);
  assert.equal(result.stdout, '22\n');
  return result.trace!;
}

describe('kernel: the cost of each switch in the trace', () => {
  it('a warm cross-domain call and return cost the jump plus the cross-domain charge; a cold one adds APL refills', () => {
    for (const [costs, call, ret, miss] of [[{}, 1 + 2, 1 + 2, 30], [{ crossDomainCall: 10, crossDomainReturn: 7, aplMiss: 100 }, 1 + 10, 1 + 7, 100]] as const) {
      const events = trace({ costModel: { machine: costs } });
      const intoD = events.filter((event) => event.kind === 'domainSwitch' && event.toName === 'Client.D');
      const outOfD = events.filter((event) => event.kind === 'domainSwitch' && event.fromName === 'Client.D');
      assert.equal(intoD.length, 4);
      assert.deepEqual(intoD.slice(1).map((event) => event.switchCycles), [call, call, call], 'warm calls');
      assert.deepEqual(outOfD.map((event) => event.switchCycles), [ret, ret, ret, ret]);
      assert.ok(intoD[0].switchCycles > call && (intoD[0].switchCycles - call) % miss === 0, `first call refills APLs: ${intoD[0].switchCycles}`);
    }
  });

  it('a dIPC process switch costs its proxy half: from the start of the call into the proxy to the end of the transfer out', () => {
    const events = trace();
    const processSwitches = events.filter((event) => event.kind === 'processSwitch');
    assert.equal(processSwitches.length, 8, 'four calls, each in and out');
    for (const processSwitch of processSwitches) {
      const index = events.indexOf(processSwitch);
      const [enter, leave] = [events[index - 1], events[index + 1]];
      assert.equal(enter.toName, 'proxies');
      assert.equal(leave.fromName, 'proxies');
      assert.equal(processSwitch.switchCycles, leave.cycle - (enter.cycle - enter.switchCycles));
      assert.ok(processSwitch.switchCycles > enter.switchCycles + leave.switchCycles, 'the proxy\'s own instructions are in it');
    }
    assert.ok(events.every((event) => event.cycles >= 0 && event.switchCycles >= 0));
    assert.equal(events.reduce((sum, event) => sum + event.cycles, 0), events[events.length - 1].cycle, '`cycles` is still the time since the previous event');
  });

  it('a classic-IPC process switch costs the kernel charges: editing one moves every switch by it', () => {
    const switches = (extra: number): number[] => trace({ ipc: 'l4', costModel: { ipc: { pageTableSwitch: 160 + extra } } })
      .filter((event) => event.kind === 'processSwitch').map((event) => event.switchCycles);
    const base = switches(0);
    assert.ok(base.length >= 8 && base.every((cost) => cost > 0));
    assert.deepEqual(switches(1000), base.map((cost) => cost + 1000));
  });
});

describe('kernel: tracing runs one instruction at a time and changes nothing else', () => {
  for (const name of ['kvstore', 'oltp', 'fault-isolation', 'capabilities']) {
    it(`examples/${name}.dipc: the same output, faults, statuses and statistics with and without the trace`, () => {
      const image = buildDipcProgram(readFileSync(join(__dirname, '..', '..', 'examples', `${name}.dipc`), 'utf8'), `${name}.dipc`).image;
      const results = [false, true].map((traced) => {
        const kernel = new Kernel({ trace: traced, quantum: 500 });
        kernel.load(image);
        assert.equal(kernel.run(50_000_000).kind, 'finished');
        const { trace: _trace, ...result } = kernel.result(false);
        return result;
      });
      assert.deepEqual(results[1], results[0]);
    });
  }
});
