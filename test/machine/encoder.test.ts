// Instruction encodings: standard RV32IM words as GNU as produces them, the CODOMs layouts of
// docs/isa.md, and the decoder agreeing with the encoder for every instruction of the table.
import { strict as assert } from 'node:assert';
import { encode } from '../../simulator/machine/encoder';
import { INSTRUCTIONS } from '../../simulator/machine/instruction-set';
import { MNEMONIC_OF_OP, decodeInto } from '../../simulator/machine/interpreter';
import { ins } from './program';

describe('machine: instruction encodings', () => {
  const standard: [string, number][] = [
    // checked against riscv64-unknown-elf-as -march=rv32im
    ['addi a0, a0, 1', ins('addi', 'a0', 'a0', 1)],
    ['lw a1, 4(sp)', ins('lw', 'a1', 4, 'sp')],
    ['sw a0, 8(sp)', ins('sw', 'a0', 8, 'sp')],
    ['jal ra, 16', ins('jal', 'ra', 16)],
    ['beq a0, a1, -8', ins('beq', 'a0', 'a1', -8)],
    ['lui a0, 0x12345', ins('lui', 'a0', 0x12345)],
    ['srai a0, a0, 3', ins('srai', 'a0', 'a0', 3)],
    ['mul a0, a1, a2', ins('mul', 'a0', 'a1', 'a2')],
    ['csrrs a0, cycle, zero', ins('csrrs', 'a0', 'cycle', 'zero')],
    ['ecall', ins('ecall')],
    ['jalr zero, 0(ra)', ins('jalr', 'zero', 0, 'ra')],
    ['sub t0, t1, t2', ins('sub', 't0', 't1', 't2')],
  ];
  const expected = [0x00150513, 0x00412583, 0x00a12423, 0x010000ef, 0xfeb50ce3, 0x12345537, 0x40355513, 0x02c58533, 0xc0002573, 0x00000073, 0x00008067, 0x407302b3];
  standard.forEach(([text, word], index) => {
    it(`${text} = ${expected[index].toString(16).padStart(8, '0')}`, () => assert.equal(word, expected[index]));
  });

  it('CODOMs layouts: cap.create perm in funct7, R4 forms rs3 | perm, cap.st crs in rs2', () => {
    assert.equal(ins('cap.create', 'cr1', 'a0', 'a1', 'rw'), (3 << 25) | (11 << 20) | (10 << 15) | (0 << 12) | (1 << 7) | 0x0b);
    assert.equal(ins('cap.createa', 'cr2', 'a0', 'a1', 'r', 'a2'), ((12 << 27) | (1 << 25) | (11 << 20) | (10 << 15) | (1 << 12) | (2 << 7) | 0x0b) >>> 0);
    assert.equal(ins('cap.restrict', 'cr3', 'cr4', 't0', 't1', 'r'), ((6 << 27) | (1 << 25) | (5 << 20) | (4 << 15) | (2 << 12) | (3 << 7) | 0x0b) >>> 0);
    assert.equal(ins('cap.st', 'cr5', 16, 's0'), ((5 << 20) | (8 << 15) | (1 << 12) | (16 << 7) | 0x2b) >>> 0);
    assert.equal(ins('cap.ld', 'cr6', -16, 's0'), ((0xff0 << 20) | (8 << 15) | (0 << 12) | (6 << 7) | 0x2b) >>> 0);
  });

  it('rejects out-of-range operands with a message', () => {
    assert.throws(() => ins('addi', 'a0', 'a0', 2048), /does not fit in 12 signed bits/);
    assert.throws(() => ins('beq', 'a0', 'a0', 3), /multiple of 2/);
    assert.throws(() => ins('cap.clr', 'cr8'), /cr0\.\.cr7/);
    assert.throws(() => encode('nope'), /unknown instruction/);
    assert.throws(() => encode('cap.create', { rd: 0, rs1: 1, rs2: 2 }), /permission must be 'r' or 'rw'/);
  });

  it('the decoder maps every instruction of the table back to its mnemonic', () => {
    const slots = new Int32Array(2);
    for (const spec of INSTRUCTIONS) {
      const operands = { rd: 1, rs1: 2, rs2: 3, rs3: 4, imm: spec.format === 'B' || spec.format === 'J' ? 8 : 4, csr: 0xc00, perm: 'r' as const };
      if (spec.mnemonic === 'cap.clr') Object.assign(operands, { rs1: 0, rs2: 0 });
      if (spec.mnemonic === 'cap.mv' || spec.mnemonic === 'cap.base' || spec.mnemonic === 'cap.len') Object.assign(operands, { rs2: 0 });
      decodeInto(encode(spec.mnemonic, operands), slots, 0);
      assert.equal(MNEMONIC_OF_OP[slots[0] & 0xff], spec.mnemonic);
    }
  });
});
