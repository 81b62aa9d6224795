// Explanations the kernel gives because it knows the layout (machine.md §8: one line a person can
// act on): a load or store below a stack is a stack overflow, not a null pointer; a pc in the
// zeros after the loaded code ran off the end of the program.
import { strict as assert } from 'node:assert';
import { runProgram } from '../../simulator/kernel/run-program';
import { isPastEndOfCode } from '../../simulator/kernel/fault-explanations';
import { buildImage, buildPlain } from './program-builder';

/** Pushes a frame forever: the stack overflows. */
const RECURSE = `
_start:
  addi sp, sp, -16
  sw ra, 12(sp)
  j _start
`;

describe('kernel: fault explanations', () => {
  it('a store into the page below a process stack is explained as a stack overflow', () => {
    const result = runProgram(buildImage([{ name: 'Deep', source: RECURSE }]));
    assert.equal(result.faults.length, 1);
    const [fault] = result.faults;
    assert.equal(fault.kind, 'unmapped', 'the fault kind stays the machine\'s');
    assert.match(fault.message, /^stack overflow: store to 0x[0-9a-f]{8}, the unmapped page below a stack of Deep: recursion too deep or unbounded, or a local frame too large$/);
    assert.doesNotMatch(fault.message, /null|dangling/);
  });

  it('the same for the main stack of a plain program', () => {
    const result = runProgram(buildPlain(RECURSE));
    assert.match(result.faults[0]?.message ?? '', /^stack overflow: store to 0x7feefffc, the unmapped page below a stack of plain/);
  });

  it('a store through a null pointer is still explained as one', () => {
    const result = runProgram(buildPlain('_start:\n  li t0, 0x100\n  sw t0, 0(t0)\n'));
    assert.match(result.faults[0]?.message ?? '', /null or dangling pointer/);
  });

  it('running off the end of the code says the pc is past the end of the code', () => {
    const image = buildPlain('_start:\n  li a0, 1\n');
    const result = runProgram(image);
    const [fault] = result.faults;
    assert.equal(fault.kind, 'illegal-instruction');
    assert.match(fault.message, /^the pc is past the end of the code \(.* ends at 0x[0-9a-f]{8}\): the program ran off its end/);
    assert.equal(isPastEndOfCode(fault.pc, image), true);
    assert.equal(isPastEndOfCode(fault.pc - 4, image), false, 'the last instruction is in the code');
  });
});
