// The classic IPC modes (os.md §5): the same .dipc program gives the same answers with calls carried
// by L4 IPC, local RPC, pipes and semaphores; processes keep their own address spaces (nothing but
// copies crosses, every switch between processes is charged a page-table switch); a faulting
// server fails its callers like a faulting dIPC callee; each kernel step is charged from the ipc table.
import { strict as assert } from 'node:assert';
import { Kernel, type KernelOptions } from '../../simulator/kernel/kernel';
import type { RunResult } from '../../simulator/kernel/run-result';
import { IPC_COST_TABLE } from '../../simulator/kernel/classic/ipc-costs';
import { CostModelError } from '../../simulator/machine/cost-model';
import { buildDipcProgram } from '../../simulator/toolchain/program-loader';

const CLASSIC = ['l4', 'rpc', 'pipe', 'sem'] as const;

function run(source: string, options: KernelOptions = {}): { result: RunResult; kernel: Kernel } {
  const kernel = new Kernel(options);
  kernel.load(buildDipcProgram(source, 'test.dipc').image);
  while (kernel.run(1_000_000).kind !== 'finished') {
    assert.ok(kernel.machine.instret < 50_000_000, 'program did not finish');
  }
  return { result: kernel.result(false), kernel };
}

const NESTED = `
process C { entry triple(x: int) -> int { return 3 * x; } }
process B {
    import C.triple;
    entry plus_triple(x: int) -> int { return x + (C.triple(x) else -1000); }
}
process A {
    import B.plus_triple;
    fn main() { print(B.plus_triple(5) else -1, B.plus_triple(7) else -1); }
}`;

// Ping and Pong call each other until n reaches 0: every level needs its own server thread.
const MUTUAL = `
process Pong {
    import Ping.ping;
    entry pong(n: int) -> int {
        if n == 0 { return 0; }
        return 1 + (Ping.ping(n - 1) else -100);
    }
}
process Ping {
    import Pong.pong;
    entry ping(n: int) -> int {
        if n == 0 { return 0; }
        return 10 + (Pong.pong(n - 1) else -100);
    }
    fn main() { print(ping(6)); }
}`;

const CAPABILITIES = `
process Worker {
    entry sum(data: cap) -> int {
        let s = 0;
        for i in 0..len(data) { s = s + data[i]; }
        return s;
    }
    entry fill(out: cap, v: int) {
        for i in 0..len(out) { out[i] = v + i; }
    }
    entry scribble(data: cap) -> int {
        data[0] = 99;
        return 1;
    }
}
process App {
    import Worker.sum;
    import Worker.fill;
    import Worker.scribble;
    var numbers: [int; 6];
    fn main() {
        for i in 0..6 { numbers[i] = i + 1; }
        print(Worker.sum(cap(numbers, read)) else -1, Worker.sum(cap(numbers[1..3], read)) else -1);
        let buf: [int; 4];
        Worker.fill(cap(buf, write), 20);
        print(buf[0], buf[1], buf[2], buf[3]);
        print(Worker.scribble(cap(numbers, read)) else -1, numbers[0]);
    }
}`;

const FRAGILE = `
process Fragile {
    entry work(x: int) -> int {
        assert(x != 2);
        return x * 10;
    }
}
process Boss {
    import Fragile.work;
    fn main() {
        for i in 1..5 { print(i, Fragile.work(i) else -1); }
    }
}`;

const LOOP = (calls: number): string => `
process Server { entry f(x: int) -> int { return x + 1; } }
process Client {
    import Server.f;
    fn main() {
        let acc = 0;
        for i in 0..${calls} { acc = acc + (Server.f(i) else 0); }
        print(acc);
    }
}`;

describe('classic IPC modes', () => {
  for (const ipc of CLASSIC) {
    describe(`--ipc ${ipc}`, () => {
      it('carries nested calls (A -> B -> C) and gives the dIPC answer', () => {
        const expected = run(NESTED).result.stdout;
        const { result } = run(NESTED, { ipc });
        assert.equal(expected, '20 28\n');
        assert.equal(result.stdout, expected);
        assert.equal(result.stats.proxies, 0, 'no proxy is generated in a classic mode');
      });

      it('carries mutually recursive calls, one server thread per level', () => {
        const { result, kernel } = run(MUTUAL, { ipc });
        assert.equal(result.stdout, '33\n');
        // main's ping(6) is a local call; pong(5), ping(4), pong(3), ping(2), pong(1), ping(0) each run on
        // a server thread of their own (three in each process), next to the two start-up threads.
        assert.equal(kernel.threads().length, 2 + 6);
      });

      it('copies capability buffers in, copies write buffers back, never lets the server write the caller', () => {
        const { result } = run(CAPABILITIES, { ipc });
        // scribble writes its private copy of a read-only buffer: nothing is copied back.
        assert.equal(result.stdout, '21 5\n20 21 22 23\n1 1\n');
        assert.deepEqual(result.faults, []);
      });

      it('warns once when a capability crosses to another process (checks are not enforced), never without one', () => {
        const { result } = run(CAPABILITIES, { ipc });
        assert.equal(result.warnings.length, 1, 'four capability calls, one warning');
        assert.match(result.warnings[0], new RegExp(`^a capability was passed to another process under --ipc ${ipc}: .*read-only and revocation are not enforced`));
        assert.equal(result.exitCode, 0, 'a warning does not change the exit status');
        assert.deepEqual(run(NESTED, { ipc }).result.warnings, [], 'no capability, no warning');
      });

      it('isolates faults: the caller gets its else value, later calls fail at once', () => {
        const { result } = run(FRAGILE, { ipc });
        assert.equal(result.stdout, '1 10\n2 -1\n3 -1\n4 -1\n');
        assert.deepEqual(result.faults.map((fault) => `${fault.kind} ${fault.process}`), ['assert Fragile']);
        assert.equal(result.exitCode, 70);
        assert.equal(result.processes.find((process) => process.name === 'Boss')?.status, 'exited');
      });

      it('raises remote-fault in the caller when the failed call has no else', () => {
        const source = FRAGILE.replace('Fragile.work(i) else -1', 'Fragile.work(i)');
        const { result } = run(source, { ipc });
        assert.equal(result.stdout, '1 10\n');
        assert.deepEqual(result.faults.map((fault) => `${fault.kind} ${fault.process}`).sort(), ['assert Fragile', 'remote-fault Boss']);
      });

      it('reuses server threads and charges a page-table switch on every switch between processes', () => {
        const calls = 20;
        const { result, kernel } = run(LOOP(calls), { ipc });
        assert.equal(result.stdout, `${(calls * (calls + 1)) / 2}\n`);
        const charged = kernel.state.classic!.charged;
        assert.equal(kernel.state.classic!.roundTrips, calls);
        // Two switches per call, plus the scheduler's switches between processes during start-up.
        const switches = kernel.state.classic!.processSwitches;
        assert.ok(switches >= 2 * calls && switches <= 2 * calls + 6, `switches: ${switches}`);
        assert.equal(charged.pageTableSwitch, switches * IPC_COST_TABLE.pageTableSwitch.default);
        assert.equal(charged.tlbRefill, switches * IPC_COST_TABLE.tlbRefill.default);
        assert.equal(result.stats.processSwitches, switches);
        assert.equal(kernel.threads().filter((thread) => thread.home === 1).length, 2, "Server's start-up thread and one reused server thread");
      });
    });
  }

  it('lists the generated stubs: a caller stub in the caller, a server stub in the callee', () => {
    const { kernel } = run(NESTED, { ipc: 'rpc' });
    const stubs = kernel.classicStubs().map((stub) => `${stub.kind} ${kernel.processName(stub.pid)} -> ${kernel.processName(stub.calleePid)}`);
    assert.deepEqual(stubs.sort(), ['caller A -> B', 'caller B -> C', 'server B -> B', 'server C -> C']);
    for (const stub of kernel.classicStubs()) {
      assert.equal(kernel.machine.pageAt(stub.address)?.tag, kernel.processes()[stub.pid - 1].defaultDomain);
      assert.equal(kernel.machine.readWord(stub.address), stub.listing[0].word);
      assert.ok(stub.listing.some((line) => line.text === 'ecall'));
    }
    assert.deepEqual(new Kernel().classicStubs(), []);
  });

  it('gives no domain any permission on another process or on a proxy domain', () => {
    for (const ipc of CLASSIC) {
      const { kernel } = run(NESTED, { ipc });
      for (const domain of kernel.domains().filter((candidate) => candidate.owner !== 0)) {
        const foreign = domain.apl.filter((entry) => kernel.domains().find((d) => d.tag === entry.target)?.owner !== domain.owner);
        assert.deepEqual(foreign, [], `${ipc}: ${domain.name}`);
      }
      assert.deepEqual(kernel.proxies(), [], ipc);
    }
  });

  it("keeps address spaces apart: the server cannot reach the caller's memory by address", () => {
    // Owner is the second process: its data starts at 0x0100_0000 + 0x40_0000 + 0x18_0000 (docs/abi.md).
    const source = `
process Spy { entry read(address: int) -> int { return peek(address); } }
process Owner {
    import Spy.read;
    var secret: int = 7;
    fn main() { print(Spy.read(${0x0100_0000 + 0x40_0000 + 0x18_0000}) else -1, secret); }
}`;
    for (const ipc of CLASSIC) {
      const { result } = run(source, { ipc });
      assert.equal(result.stdout, '-1 7\n', ipc);
      assert.equal(result.faults[0]?.kind, 'load-denied', ipc);
    }
  });

  it('charges each component from the ipc cost table: editing it changes the cycles', () => {
    const base = run(LOOP(10), { ipc: 'pipe' }).result.stats.cycles;
    const slower = run(LOOP(10), { ipc: 'pipe', costModel: { ipc: { pipeOp: IPC_COST_TABLE.pipeOp.default + 100 } } }).result.stats.cycles;
    // 10 calls, 2 pipe operations on each side.
    assert.equal(slower - base, 10 * 4 * 100);
    const crossCore = run(LOOP(10), { ipc: 'pipe', costModel: { ipc: { crossCore: 1 } } }).kernel.state.classic!.charged;
    assert.equal(crossCore.schedule, 0);
    assert.equal(crossCore.wakeup, 10 * 2 * IPC_COST_TABLE.crossCoreWakeup.default);
  });

  it('rejects a malformed ipc section naming the key', () => {
    assert.throws(() => new Kernel({ ipc: 'l4', costModel: { ipc: { syscall: -1 } } }), (error: unknown) =>
      error instanceof CostModelError && /"ipc\.syscall" must be non-negative/.test(error.message));
    assert.throws(() => new Kernel({ costModel: { ipc: { bogus: 1 } as never } }), /unknown key "ipc\.bogus"/);
  });

  it('fails nested calls one level at a time', () => {
    const source = `
process C { entry triple(x: int) -> int { assert(x != 7); return 3 * x; } }
process B {
    import C.triple;
    entry plus_triple(x: int) -> int {
        let t = C.triple(x) else -1000;
        assert(x != 9);
        return x + t;
    }
}
process A {
    import B.plus_triple;
    fn main() { print(B.plus_triple(5) else -1, B.plus_triple(7) else -1, B.plus_triple(9) else -1, B.plus_triple(5) else -1); }
}`;
    for (const ipc of CLASSIC) {
      const { result } = run(source, { ipc });
      // C dies at 7 (B gets its else value and goes on); B dies at 9 after C answered (C is already dead:
      // -1000), so A's call fails; afterwards B is dead and the last call fails at once.
      assert.equal(result.stdout, '20 -993 -1 -1\n', ipc);
      assert.deepEqual(result.faults.map((fault) => `${fault.kind} ${fault.process}`), ['assert C', 'assert B'], ipc);
    }
  });

  it('records every switch between processes in the trace', () => {
    const { result, kernel } = run(LOOP(3), { ipc: 'l4', trace: true });
    const switches = result.trace!.filter((event) => event.kind === 'processSwitch');
    assert.equal(switches.length, kernel.state.classic!.processSwitches);
    assert.ok(switches.some((event) => event.fromName === 'Client' && event.toName === 'Server'));
    assert.ok(switches.some((event) => event.fromName === 'Server' && event.toName === 'Client'));
  });

  it('restores a snapshot taken in the middle of a call and runs the same way again', () => {
    const kernel = new Kernel({ ipc: 'rpc' });
    kernel.load(buildDipcProgram(MUTUAL, 'test.dipc').image);
    while (kernel.state.classic!.calls.length < 3) assert.notEqual(kernel.run(1).kind, 'finished');
    const snapshot = kernel.snapshot();
    const finish = (): RunResult => {
      while (kernel.run(1_000_000).kind !== 'finished');
      return kernel.result(false);
    };
    const first = finish();
    kernel.restore(snapshot);
    assert.equal(kernel.state.classic!.calls.length, 3);
    const second = finish();
    assert.equal(second.stdout, '33\n');
    assert.equal(second.stats.cycles, first.stats.cycles);
  });

  it('passing capabilities under dIPC gives no warning (the hardware checks them)', () => {
    assert.deepEqual(run(CAPABILITIES).result.warnings, []);
  });

  it('rejects an unknown mode', () => {
    assert.throws(() => new Kernel({ ipc: 'mach' as never }), /unknown IPC mode mach/);
  });
});
