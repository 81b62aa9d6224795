// What the debugger relies on: stops at breakpoints and (before the kernel acts) at faults,
// threads with home and current process, KCS records with their proxy and properties, domains
// with names, owners and APLs, and snapshot/restore giving back exactly the same run.
import { strict as assert } from 'node:assert';
import { Kernel } from '../../simulator/kernel/kernel';
import { runProgram } from '../../simulator/kernel/run-program';
import { buildImage, buildPlain } from './program-builder';
import { EXIT, PRINT_INT, callThrough, clientStartup, policy, remoteFaultProcesses, serverStartup, signature } from './asm-library';

function program() {
  return buildImage([
    { name: 'Server', source: `${serverStartup('server', [{ label: 'get', signature: signature(1), policy: policy('reg_integrity') }])}
  .balign 64
get:
  beqz a0, 1f
  addi a0, a0, 1
  ret
1:
  lw a0, 0(zero)
  ret
` },
    { name: 'Client', source: `${clientStartup('server', [{ slot: 'get_proxy', index: 0, signature: signature(1), policy: policy('stack_confidentiality') }])}
main:
  li a0, 41
${callThrough('get_proxy')}
  call print_int
  li a0, 0
${callThrough('get_proxy')}
  mv a0, a1
  call print_int
${EXIT(0)}
${PRINT_INT}
` },
  ]);
}

describe('kernel: debugger API', () => {
  it('stops at a breakpoint inside the callee with the crossing visible in threads(), kcs() and proxies()', () => {
    const image = program();
    const kernel = new Kernel();
    kernel.load(image);
    kernel.machine.addBreakpoint(image.symbols.get('Server.get')!);
    const stop = kernel.run(1_000_000);
    assert.equal(stop.kind, 'breakpoint');
    const thread = kernel.threads().find((candidate) => candidate.onCpu)!;
    assert.deepEqual([thread.homeName, thread.currentName, thread.kcsDepth], ['Client', 'Server', 1]);
    const [record] = kernel.kcs(thread.tid);
    assert.deepEqual([record.callerName, record.calleeName, record.entryName], ['Client', 'Server', 'Server.get']);
    assert.deepEqual(record.properties, ['reg_integrity', 'stack_confidentiality']);
    const proxy = kernel.proxyAt(record.proxy)!;
    assert.deepEqual(proxy.callerProperties, ['stack_confidentiality']);
    assert.deepEqual(proxy.calleeProperties, ['reg_integrity']);
    const domains = kernel.domains();
    const client = domains.find((domain) => domain.name === 'Client')!;
    assert.deepEqual(client.apl.map((entry) => [entry.targetName, entry.permission]), [['proxies', 'call']]);
    const proxies = domains.find((domain) => domain.name === 'proxies')!;
    assert.ok(proxies.pages.every((page) => page.privileged));
    assert.ok(proxies.apl.some((entry) => entry.targetName === 'Server' && (entry.permission === 'call' || entry.permission === 'write')));
    assert.equal(kernel.processes().find((process) => process.name === 'Server')!.status, 'running');
  });

  it('with stopOnFault the run stops before the kernel acts; the next run unwinds the caller', () => {
    const kernel = new Kernel();
    kernel.load(program());
    const stop = kernel.run(1_000_000, { stopOnFault: true });
    assert.equal(stop.kind, 'fault');
    if (stop.kind !== 'fault') return;
    assert.deepEqual([stop.fault.kind, stop.fault.process, stop.fault.domain], ['unmapped', 'Server', 'Server']);
    assert.equal(kernel.processes()[0].status, 'running', 'nothing has happened yet');
    assert.equal(kernel.machine.pc, stop.fault.pc);
    assert.equal(kernel.run(1_000_000).kind, 'finished');
    const result = kernel.result(false);
    assert.equal(result.stdout, '42\n1\n');
    assert.equal(result.exitCode, 70);
  });

  it('with stopOnFault an assert and a remote_fault stop on their ecall before the kernel acts, like machine faults', () => {
    const image = buildImage(remoteFaultProcesses());
    const kernel = new Kernel();
    kernel.load(image);
    const ECALL = 0x73;
    const seen: string[] = [];
    for (;;) {
      const stop = kernel.run(1_000_000, { stopOnFault: true });
      if (stop.kind === 'finished') break;
      assert.equal(stop.kind, 'fault');
      if (stop.kind !== 'fault') return;
      seen.push(`${stop.fault.kind} in ${stop.fault.process}`);
      assert.equal(kernel.machine.pc, stop.fault.pc, 'the thread sits on the faulting ecall');
      assert.equal(kernel.machine.readWord(stop.fault.pc), ECALL);
      assert.equal(kernel.processes().find((process) => process.name === stop.fault.process)!.status, 'running', 'nothing has happened yet');
      assert.equal(kernel.state.faults.length, seen.length - 1);
    }
    assert.deepEqual(seen, ['assert in Server', 'remote-fault in Client']);
    const stopped = kernel.result(false);
    const straight = runProgram(image);
    // Stopping changed nothing: same faults, statuses, instructions and cycles as a run straight through.
    assert.deepEqual([stopped.faults, stopped.processes, stopped.stats], [straight.faults, straight.processes, straight.stats]);
  });

  it('output is a log that snapshots share: restore, in any order, gives back the output of that moment', () => {
    // Prints 1..200, one line each.
    const kernel = new Kernel();
    kernel.load(buildPlain(`
_start:
  li s1, 1
  li s2, 200
1:
  mv a0, s1
  call print_int
  addi s1, s1, 1
  ble s1, s2, 1b
${EXIT(0)}
${PRINT_INT}
`));
    const lines = (): string => kernel.output().map((chunk) => chunk.text).join('');
    const upTo = (last: number): string => Array.from({ length: last }, (_, index) => `${index + 1}\n`).join('');
    const snapshots: { snapshot: ReturnType<Kernel['snapshot']>; printed: string }[] = [];
    while (kernel.run(200).kind !== 'finished') snapshots.push({ snapshot: kernel.snapshot(), printed: lines() });
    assert.equal(lines(), upTo(200));
    assert.ok(snapshots.length > 20);
    assert.ok(!('output' in snapshots[5].snapshot.kernel), 'the kernel state a snapshot copies holds no output');
    const early = snapshots[5];
    const late = snapshots[snapshots.length - 3];
    assert.ok(early.printed.length > 0 && early.printed.length < late.printed.length);
    kernel.restore(early.snapshot);
    assert.equal(lines(), early.printed);
    kernel.restore(late.snapshot);
    assert.equal(lines(), late.printed, 'a later snapshot still has its output after an earlier one was restored');
    kernel.restore(early.snapshot);
    assert.equal(kernel.run(10_000_000).kind, 'finished');
    assert.equal(lines(), upTo(200), 'the replay writes the rest again, once');
    assert.equal(kernel.result(false).stdout, upTo(200));
    kernel.restore(late.snapshot);
    assert.equal(lines(), late.printed);
    // A different future: from the early moment on, the counter (s1) jumps to 190.
    kernel.restore(early.snapshot);
    kernel.machine.setRegister(9, 190);
    assert.equal(kernel.run(10_000_000).kind, 'finished');
    const changed = lines();
    assert.ok(changed.startsWith(early.printed) && changed.endsWith('199\n200\n'), changed);
    assert.ok(!changed.includes('\n150\n'), 'the numbers jumped over were not printed');
    kernel.restore(late.snapshot);
    assert.equal(lines(), late.printed, 'snapshots of the first future keep its output');
    assert.equal(kernel.run(10_000_000).kind, 'finished');
    assert.equal(lines(), upTo(200));
  });

  it('restoring a snapshot replays the rest of the run exactly', () => {
    const image = program();
    const kernel = new Kernel({ trace: true });
    kernel.load(image);
    kernel.machine.addBreakpoint(image.symbols.get('Server.get')!);
    assert.equal(kernel.run(1_000_000).kind, 'breakpoint');
    const snapshot = kernel.snapshot();
    kernel.machine.clearBreakpoints();
    assert.equal(kernel.run(1_000_000).kind, 'finished');
    const first = kernel.result(false);
    kernel.restore(snapshot);
    assert.equal(kernel.threads().find((thread) => thread.onCpu)?.currentName, 'Server');
    assert.equal(kernel.run(1_000_000).kind, 'finished');
    const second = kernel.result(false);
    assert.deepEqual(second, first, 'the same result, trace included');
    assert.ok(first.trace!.length > 4);
    assert.equal(second.stdout, '42\n1\n');
  });
});

