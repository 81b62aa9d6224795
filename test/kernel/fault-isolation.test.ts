// Fault isolation (os.md §4): a faulting callee dies and its callers see the call fail; later
// calls fail at once; nested calls unwind one level; threads inside a killed callee unwind; a
// dead caller's thread ends on its way back; exit() in a callee; remote_fault; exit status rules.
import { strict as assert } from 'node:assert';
import { runProgram } from '../../simulator/kernel/run-program';
import { Syscall } from '../../simulator/kernel/abi';
import { buildImage } from './program-builder';
import { EXIT, PRINT_INT, callThrough, clientStartup, policy, remoteFaultProcesses, serverStartup, signature } from './asm-library';

const lines = (stdout: string): string[] => (stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n'));
const SPIN = (count: number, label: string): string => `
  li t5, ${count}
${label}:
  addi t5, t5, -1
  bnez t5, ${label}
`;

/** Prints a0 and a1 after a call. */
const PRINT_RESULT_AND_STATUS = `
  mv s11, a1
  call print_int
  mv a0, s11
  call print_int
`;

describe('kernel: fault isolation', () => {
  it('a faulting callee dies; the call fails with a1 = 1, later calls fail at once; exit status 70', () => {
    const image = buildImage([
      { name: 'Fragile', source: `${serverStartup('fragile', [{ label: 'work', signature: signature(1), policy: policy() }])}
  .balign 64
work:
  li t0, 3
  beq a0, t0, 1f
  addi a0, a0, 10
  ret
1:
  lw a0, 0(zero)
  ret
` },
      { name: 'Boss', source: `${clientStartup('fragile', [{ slot: 'work_proxy', index: 0, signature: signature(1), policy: policy('reg_integrity') }])}
main:
  li s0, 1
loop:
  mv a0, s0
${callThrough('work_proxy')}
${PRINT_RESULT_AND_STATUS}
  addi s0, s0, 1
  li t0, 6
  blt s0, t0, loop
${EXIT(0)}
${PRINT_INT}
` },
    ]);
    const result = runProgram(image);
    assert.deepEqual(lines(result.stdout), ['11', '0', '12', '0', '0', '1', '0', '1', '0', '1']);
    assert.deepEqual(result.faults.map((f) => [f.kind, f.process, f.domain]), [['unmapped', 'Fragile', 'Fragile']]);
    assert.deepEqual(result.processes.map((p) => [p.name, p.status, p.exitCode]), [['Fragile', 'faulted', 70], ['Boss', 'exited', 0]]);
    assert.equal(result.exitCode, 70);
    assert.equal(result.processes[0].fault?.kind, 'unmapped');
  });

  it('nested calls unwind one level: the middle process sees the failure and carries on', () => {
    const image = buildImage([
      { name: 'Back', source: `${serverStartup('back', [{ label: 'boom', signature: signature(1), policy: policy() }])}
  .balign 64
boom:
  li a7, ${Syscall.assertFail}
  ecall
` },
      { name: 'Mid', source: `${serverStartup('mid', [{ label: 'relay', signature: signature(1), policy: policy('stack_integrity') }], 'mid_imports')}
${clientStartup('back', [{ slot: 'boom_proxy', index: 0, signature: signature(1), policy: policy() }], 'mid_idle', 'mid_imports')}
mid_idle:
  li a7, ${Syscall.threadExit}
  ecall
  .balign 64
relay:
  addi sp, sp, -16
  sw ra, 12(sp)
${callThrough('boom_proxy')}
  li t0, 1000
  add a0, a1, t0
  lw ra, 12(sp)
  addi sp, sp, 16
  ret
` },
      { name: 'Front', source: `${clientStartup('mid', [{ slot: 'relay_proxy', index: 0, signature: signature(1), policy: policy() }])}
main:
${callThrough('relay_proxy')}
${PRINT_RESULT_AND_STATUS}
${EXIT(0)}
${PRINT_INT}
` },
    ]);
    const result = runProgram(image);
    assert.deepEqual(lines(result.stdout), ['1001', '0']);
    assert.deepEqual(result.faults.map((f) => [f.kind, f.process]), [['assert', 'Back']]);
    assert.deepEqual(result.processes.map((p) => p.status), ['faulted', 'exited', 'exited']);
  });

  it('a callee killed while two threads are inside it: both unwind, and its own thread ends', () => {
    const image = buildImage([
      { name: 'Server', source: `${serverStartup('server', [{ label: 'work', signature: signature(1), policy: policy() }], 'server_main')}
server_main:
  li a7, ${Syscall.initBarrier}
  ecall
forever:
  j forever
  .balign 64
work:
${SPIN(400, 'spin')}
  li t0, 1
  bne a0, t0, 1f
  lw a0, 0(zero)
1:
  ret
` },
      { name: 'Client', source: `${clientStartup('server', [{ slot: 'work_proxy', index: 0, signature: signature(1), policy: policy('stack_integrity') }])}
main:
  la a0, worker
  li a1, 2
  li a7, ${Syscall.threadSpawn}
  ecall
  li a0, 1
worker:
  mv s0, a0
${callThrough('work_proxy')}
  mv s1, a1
  li t0, 10
  mul a0, s0, t0
  add a0, a0, s1
  call print_int
  li a7, ${Syscall.threadExit}
  ecall
${PRINT_INT}
` },
    ]);
    const result = runProgram(image, { quantum: 50, maxInstructions: 1_000_000 });
    assert.equal(result.stoppedByLimit, false, "the server's spinning thread ended with it");
    assert.deepEqual(lines(result.stdout).sort(), ['11', '21'], 'thread n prints 10n + status 1');
    assert.deepEqual(result.faults.map((f) => [f.kind, f.process, f.thread]), [['unmapped', 'Server', 2]]);
    assert.equal(result.exitCode, 70);
  });

  it('exit() inside a callee ends the callee only; the first non-zero exit decides the status', () => {
    const image = buildImage([
      { name: 'Server', source: `${serverStartup('server', [{ label: 'quit', signature: signature(1), policy: policy() }])}
  .balign 64
quit:
${EXIT(3)}
` },
      { name: 'Client', source: `${clientStartup('server', [{ slot: 'quit_proxy', index: 0, signature: signature(1), policy: policy() }])}
main:
${callThrough('quit_proxy')}
${PRINT_RESULT_AND_STATUS}
${EXIT(5)}
${PRINT_INT}
` },
    ]);
    const result = runProgram(image);
    assert.deepEqual(lines(result.stdout), ['0', '1']);
    assert.deepEqual(result.processes.map((p) => [p.name, p.status, p.exitCode]), [['Server', 'exited', 3], ['Client', 'exited', 5]]);
    assert.equal(result.exitCode, 3);
    assert.deepEqual(result.faults, []);
  });

  it('a caller that dies while its thread is in a callee: the callee finishes, the thread ends on the way back', () => {
    const image = buildImage([
      { name: 'Server', source: `${serverStartup('server', [{ label: 'slow', signature: signature(1), policy: policy() }])}
  .balign 64
slow:
  addi sp, sp, -16
  sw ra, 12(sp)
${SPIN(2000, 'spin')}
  li a0, 77
  call print_int
  lw ra, 12(sp)
  addi sp, sp, 16
  li a0, 1
  ret
${PRINT_INT}
` },
      { name: 'Client', source: `${clientStartup('server', [{ slot: 'slow_proxy', index: 0, signature: signature(1), policy: policy('stack_integrity') }])}
main:
  la a0, worker
  li a7, ${Syscall.threadSpawn}
  ecall
${SPIN(300, 'wait')}
  lw a0, 0(zero)
worker:
${callThrough('slow_proxy')}
  li a0, 99
  call print_int
  li a7, ${Syscall.threadExit}
  ecall
${PRINT_INT}
` },
    ]);
    const result = runProgram(image, { quantum: 100 });
    assert.deepEqual(result.output.map((chunk) => [chunk.process, chunk.text]), [['Server', '77\n']], 'the worker never prints 99');
    assert.deepEqual(result.faults.map((f) => [f.kind, f.process]), [['unmapped', 'Client']]);
    assert.deepEqual(result.processes.map((p) => [p.name, p.status]), [['Server', 'exited'], ['Client', 'faulted']]);
    assert.equal(result.exitCode, 70);
  });

  it('remote_fault raises remote-fault in the caller', () => {
    const image = buildImage(remoteFaultProcesses());
    const result = runProgram(image);
    assert.deepEqual(result.faults.map((f) => [f.kind, f.process]), [['assert', 'Server'], ['remote-fault', 'Client']]);
    assert.deepEqual(result.processes.map((p) => p.status), ['faulted', 'faulted']);
    assert.equal(result.exitCode, 70);
  });

  it('a fault with an empty KCS kills only its process; the others run to their end', () => {
    const image = buildImage([
      { name: 'Crash', source: `  .text\n_start:\n  li a7, ${Syscall.initBarrier}\n  ecall\n  lw a0, 0(zero)\n` },
      { name: 'Calm', source: `  .text\n_start:\n  li a7, ${Syscall.initBarrier}\n  ecall\n${SPIN(500, 'calm')}\n  li a0, 8\n  call print_int\n${EXIT(0)}\n${PRINT_INT}` },
    ]);
    const result = runProgram(image, { quantum: 10 });
    assert.deepEqual(lines(result.stdout), ['8']);
    assert.deepEqual(result.processes.map((p) => [p.status, p.exitCode]), [['faulted', 70], ['exited', 0]]);
    assert.equal(result.exitCode, 70);
  });
});
