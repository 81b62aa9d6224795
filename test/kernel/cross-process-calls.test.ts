// Cross-process calls through the real system calls: start-up protocol, a proxy per (caller,
// entry, policy) reused across requests, nested and mutually recursive calls (with and without
// stack switching), several threads of several processes calling one server, determinism.
import { strict as assert } from 'node:assert';
import { runProgram } from '../../simulator/kernel/run-program';
import { Kernel } from '../../simulator/kernel/kernel';
import { ENTRY_DESCRIPTOR_BYTES, Syscall } from '../../simulator/kernel/abi';
import { PROXY_REGION } from '../../simulator/kernel/address-space';
import { ISOLATION_PROPERTIES, type IsolationProperty } from '../../simulator/kernel/isolation';
import { buildImage } from './program-builder';
import { EXIT, PRINT_INT, callThrough, clientStartup, policy, serverStartup, signature } from './asm-library';

const lines = (stdout: string): string[] => stdout.replace(/\n$/, '').split('\n');

const ADD_SERVER = `${serverStartup('server', [{ label: 'add100', signature: signature(1), policy: policy() }])}
  .balign 64
add100:
  addi a0, a0, 100
  ret
`;

/** A client that calls add100 `count` times from `main` and prints the sum of the results. */
function looper(name: string, count: number, properties: IsolationProperty[] = []): string {
  return `${clientStartup('server', [{ slot: 'add_proxy', index: 0, signature: signature(1), policy: policy(...properties) }])}
main:
  li s0, 1
  li s1, 0
loop_${name}:
  mv a0, s0
${callThrough('add_proxy')}
  add s1, s1, a0
  addi s0, s0, 1
  li t0, ${count + 1}
  blt s0, t0, loop_${name}
  mv a0, s1
  call print_int
  li a7, ${Syscall.threadExit}
  ecall
${PRINT_INT}
`;
}

/** A and B call each other: A.f(n) = n + B.g(n - 1), B.g(n) = n + A.f(n - 1), 0 at 0. Main prints B.g(n). */
function mutualRecursion(n: number, properties: IsolationProperty[]) {
  const body = (label: string, slot: string): string => `
  .balign 64
${label}:
  beqz a0, 1f
  addi sp, sp, -16
  sw ra, 12(sp)
  sw a0, 8(sp)
  addi a0, a0, -1
${callThrough(slot)}
  lw t0, 8(sp)
  add a0, a0, t0
  lw ra, 12(sp)
  addi sp, sp, 16
1:
  ret
`;
  const mask = policy(...properties);
  return buildImage([
    { name: 'A', source: `${serverStartup('A', [{ label: 'f', signature: signature(1), policy: mask }], 'a_imports')}
${clientStartup('B', [{ slot: 'g_proxy', index: 0, signature: signature(1), policy: mask }], 'main', 'a_imports')}
main:
  li a0, ${n}
${callThrough('g_proxy')}
  call print_int
${EXIT(0)}
${body('f', 'g_proxy')}
${PRINT_INT}
` },
    { name: 'B', source: `${serverStartup('B', [{ label: 'g', signature: signature(1), policy: mask }], 'b_imports')}
${clientStartup('A', [{ slot: 'f_proxy', index: 0, signature: signature(1), policy: mask }], 'b_idle', 'b_imports')}
b_idle:
  li a7, ${Syscall.threadExit}
  ecall
${body('g', 'f_proxy')}
` },
  ]);
}

describe('kernel: cross-process calls', () => {
  it('a client calls a server entry through its proxy: a0 = result, a1 = 0', () => {
    const image = buildImage([
      { name: 'Server', source: ADD_SERVER },
      { name: 'Client', source: `${clientStartup('server', [{ slot: 'add_proxy', index: 0, signature: signature(1), policy: policy() }])}
main:
  li a0, 5
${callThrough('add_proxy')}
  mv s1, a1
  call print_int
  mv a0, s1
  call print_int
${EXIT(0)}
${PRINT_INT}
` },
    ]);
    const result = runProgram(image);
    assert.deepEqual(lines(result.stdout), ['105', '0']);
    assert.equal(result.exitCode, 0);
    assert.equal(result.stats.proxies, 1);
    assert.equal(result.stats.processSwitches, 2, 'into the server and back');
    assert.equal(result.stats.domainSwitches, 4, 'client -> proxy -> server -> proxy -> client');
    assert.deepEqual(result.output.map((chunk) => chunk.process), ['Client', 'Client']);
    assert.deepEqual(result.processes.map((p) => [p.name, p.status, p.exitCode]), [['Server', 'exited', 0], ['Client', 'exited', 0]]);
  });

  it('places proxies ENTRY_ALIGN-aligned in the proxy region, on privileged pages, with a listing comment per step', () => {
    const kernel = new Kernel();
    kernel.load(buildImage([{ name: 'Server', source: ADD_SERVER }, { name: 'Client', source: looper('c', 1) }]));
    kernel.run(1_000_000);
    const [proxy] = kernel.proxies();
    assert.equal(proxy.address % kernel.machine.config.entryAlign, 0);
    assert.ok(proxy.address >= PROXY_REGION.base && proxy.address < PROXY_REGION.base + PROXY_REGION.size);
    assert.equal(kernel.machine.pageAt(proxy.address)?.privileged, true);
    assert.equal(kernel.machine.pageAt(proxy.address)?.write, false);
    assert.deepEqual([proxy.callerName, proxy.calleeName, proxy.entryName], ['Client', 'Server', 'Server.add100']);
    const steps = new Set(proxy.listing.map((line) => line.step));
    for (const step of ['liveness', 'kcs-push', 'identity', 'stack-capability', 'call', 'restore-identity', 'kcs-pop', 'return', 'unwind']) {
      assert.ok(steps.has(step as never), `listing has step ${step}`);
    }
    assert.ok(proxy.listing.every((line) => line.comment.length > 0 && line.text.length > 0));
    assert.ok(proxy.listing.some((line) => line.text === 'csrw dipc.proc, t1'));
    proxy.listing.forEach((line, index) => {
      assert.equal(line.address, proxy.address + 4 * index);
      assert.equal(kernel.machine.readWord(line.address), line.word);
    });
  });

  it('reuses the proxy for the same (caller, entry, policy) and makes a new one for another policy', () => {
    const request = (slot: string, properties: IsolationProperty[]): string => `  .word 0, ${signature(1)}, ${policy(...properties)}\n${slot}: .word 0`;
    const image = buildImage([
      { name: 'Server', source: ADD_SERVER },
      { name: 'Client', source: `${clientStartup('server', [{ slot: 'first', index: 0, signature: signature(1), policy: policy() }])}
main:
  li a0, 1
  li a1, 2
  la a2, more
  li a7, ${Syscall.entryRequest}
  ecall
  call print_int
  la t0, first
  lw t0, 0(t0)
  la t1, again
  lw t1, 0(t1)
  sub a0, t0, t1
  call print_int
  la t1, other
  lw t1, 0(t1)
  sub a0, t0, t1
  snez a0, a0
  call print_int
${EXIT(0)}
  .data
more:
${request('again', [])}
${request('other', ['reg_integrity'])}
  .text
${PRINT_INT}
` },
    ]);
    const result = runProgram(image);
    assert.deepEqual(lines(result.stdout), ['0', '0', '1'], 'entry_request ok; same address; different address');
    assert.equal(result.stats.proxies, 2);
    assert.equal(ENTRY_DESCRIPTOR_BYTES, 16);
  });

  for (const properties of [[], [...ISOLATION_PROPERTIES]] as IsolationProperty[][]) {
    it(`nested, mutually recursive calls between two processes [${properties.length === 0 ? 'no properties' : 'all properties'}]`, () => {
      const result = runProgram(mutualRecursion(12, properties));
      assert.deepEqual(result.faults, []);
      assert.deepEqual(lines(result.stdout), ['78']);
      assert.equal(result.stats.processSwitches, 2 * 13, 'one switch in and one out per crossing (n = 12 .. 0)');
    });
  }

  it('threads of two processes call the same server, interleaved by a small quantum', () => {
    const image = buildImage([
      { name: 'Server', source: ADD_SERVER },
      { name: 'One', source: looper('one', 50) },
      { name: 'Two', source: looper('two', 40, ['reg_integrity', 'stack_integrity']) },
    ]);
    const result = runProgram(image, { quantum: 37 });
    assert.deepEqual(result.output.map((chunk) => [chunk.process, chunk.text]).sort(), [['One', '6275\n'], ['Two', '4820\n']]);
    assert.deepEqual(result.faults, []);
    assert.equal(result.stats.proxies, 2);
  });

  it('a spawned thread of the client calls the server too', () => {
    const image = buildImage([
      { name: 'Server', source: ADD_SERVER },
      { name: 'Client', source: `${clientStartup('server', [{ slot: 'add_proxy', index: 0, signature: signature(1), policy: policy('stack_confidentiality') }])}
main:
  la a0, worker
  li a1, 20
  li a7, ${Syscall.threadSpawn}
  ecall
  li a0, 10
  j worker
worker:
${callThrough('add_proxy')}
  call print_int
  li a7, ${Syscall.threadExit}
  ecall
${PRINT_INT}
` },
    ]);
    const result = runProgram(image, { quantum: 20 });
    assert.deepEqual(lines(result.stdout).sort(), ['110', '120']);
    assert.equal(result.exitCode, 0);
  });

  it('is deterministic: the same program twice gives identical output, statistics and trace', () => {
    const first = runProgram(mutualRecursion(6, ['reg_integrity', 'stack_integrity']), { trace: true, quantum: 50 });
    const second = runProgram(mutualRecursion(6, ['reg_integrity', 'stack_integrity']), { trace: true, quantum: 50 });
    assert.deepEqual(second, first);
    assert.ok((first.trace ?? []).some((event) => event.kind === 'processSwitch' && event.fromName === 'A' && event.toName === 'B'));
  });
});
