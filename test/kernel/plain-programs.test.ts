// Plain programs (`.s` files, ELF executables): one process, Linux write/exit/exit_group, a stack
// below PLAIN_PROGRAM_STACK_TOP, faults ending the program with status 70.
import { strict as assert } from 'node:assert';
import { runProgram } from '../../simulator/kernel/run-program';
import { PLAIN_PROGRAM_STACK_TOP } from '../../simulator/kernel/address-space';
import { buildPlain } from './program-builder';
import { PRINT_INT } from './asm-library';

describe('kernel: plain programs', () => {
  it('writes to stdout and stderr and exits with the exit code of exit()', () => {
    const result = runProgram(buildPlain(`
      .data
out: .ascii "to stdout\\n"
err: .ascii "to stderr\\n"
      .text
_start:
      li a0, 1
      la a1, out
      li a2, 10
      li a7, 64
      ecall
      mv s0, a0
      li a0, 2
      la a1, err
      li a2, 10
      li a7, 64
      ecall
      add a0, a0, s0
      li a7, 93
      ecall
    `));
    assert.equal(result.stdout, 'to stdout\n');
    assert.equal(result.stderr, 'to stderr\n');
    assert.equal(result.exitCode, 20, 'exit(bytes written to both streams)');
    assert.deepEqual(result.processes.map((p) => [p.name, p.status, p.exitCode]), [['plain', 'exited', 20]]);
  });

  it('exit_group ends the program; write to a bad fd or an unmapped buffer returns an error', () => {
    const result = runProgram(buildPlain(`
_start:
      li a0, 7
      li a1, 0x10000
      li a2, 1
      li a7, 64
      ecall
      mv s0, a0
      li a0, 1
      li a1, 0x20
      li a2, 4
      li a7, 64
      ecall
      add a0, a0, s0
      neg a0, a0
      li a7, 94
      ecall
    `));
    assert.equal(result.exitCode, 23, 'EBADF (-9) + EFAULT (-14), as Linux returns them');
  });

  it('starts with sp just below PLAIN_PROGRAM_STACK_TOP and can use its stack', () => {
    const result = runProgram(buildPlain(`
_start:
      mv a0, sp
      addi sp, sp, -64
      sw a0, 0(sp)
      lw a0, 0(sp)
      call print_int
      li a0, 0
      li a7, 93
      ecall
${PRINT_INT}
    `));
    const sp = Number(result.stdout.trim());
    assert.ok(sp < PLAIN_PROGRAM_STACK_TOP && sp >= PLAIN_PROGRAM_STACK_TOP - 64, `sp ${sp.toString(16)}`);
  });

  it('a fault kills the process with status 70 and reports kind, pc and message', () => {
    const result = runProgram(buildPlain(`
_start:
      li a0, 0
      lw a1, 0(a0)
    `));
    assert.equal(result.exitCode, 70);
    assert.equal(result.faults.length, 1);
    assert.equal(result.faults[0].kind, 'unmapped');
    assert.equal(result.faults[0].process, 'plain');
    assert.equal(result.faults[0].pc, 0x10004);
    assert.match(result.faults[0].message, /no page is mapped/);
    assert.equal(result.processes[0].status, 'faulted');
  });

  it('brk grows the heap of a plain program', () => {
    const result = runProgram(buildPlain(`
_start:
      li a0, 0
      li a7, 214
      ecall
      mv s0, a0
      addi a0, a0, 100
      li a7, 214
      ecall
      li t0, 42
      sw t0, 96(s0)
      lw a0, 96(s0)
      li a7, 93
      ecall
    `));
    assert.equal(result.exitCode, 42);
    assert.deepEqual(result.faults, []);
  });

  it('stops at the instruction limit and says so', () => {
    const result = runProgram(buildPlain(`
_start:
      j _start
    `), { maxInstructions: 1000 });
    assert.equal(result.stoppedByLimit, true);
    assert.equal(result.stats.instructions, 1000);
    assert.equal(result.processes[0].status, 'running');
  });
});
