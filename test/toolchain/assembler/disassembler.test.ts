// The disassembler: objdump-style aliases, the CODOMs mnemonics, data words, symbol
// annotations, and the round trip word -> text -> assembler -> same word for every instruction.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CapabilityPermissionCode, INSTRUCTIONS, type InstructionSpec } from '../../../simulator/machine/instruction-set';
import { assemble } from '../../../simulator/toolchain/assembler/assembler';
import { disassembleWord, findInstructionSpec } from '../../../simulator/toolchain/assembler/disassembler';
import { type InstructionOperands, encodeInstruction } from '../../../simulator/toolchain/assembler/instruction-fields';

const BASE = 0x0040_0000;

function assembleWordAt(text: string, address: number): number {
  const result = assemble(text, { sectionBases: { '.text': address } });
  assert.deepEqual(result.errors.map((e) => e.message), [], `assembling '${text}'`);
  return new DataView(result.sections[0].bytes.buffer, result.sections[0].bytes.byteOffset).getUint32(0, true);
}

const text = (source: string, address = BASE): string => disassembleWord(assembleWordAt(source, address), address).text;

describe('disassembler', () => {
  it('prints objdump aliases where objdump uses them', () => {
    const cases: [string, string][] = [
      ['addi zero, zero, 0', 'nop'],
      ['addi a0, zero, -5', 'li a0, -5'],
      ['addi a0, a1, 0', 'mv a0, a1'],
      ['addi a0, a1, 3', 'addi a0, a1, 3'],
      ['xori a0, a1, -1', 'not a0, a1'],
      ['sub a0, zero, a1', 'neg a0, a1'],
      ['sltiu a0, a1, 1', 'seqz a0, a1'],
      ['sltu a0, zero, a1', 'snez a0, a1'],
      ['slt a0, a1, zero', 'sltz a0, a1'],
      ['slt a0, zero, a1', 'sgtz a0, a1'],
      ['beq a0, zero, .+8', 'beqz a0, 0x400008'],
      ['bne a0, zero, .-8', 'bnez a0, 0x3ffff8'],
      ['bge zero, a0, .+8', 'blez a0, 0x400008'],
      ['bge a0, zero, .+8', 'bgez a0, 0x400008'],
      ['blt a0, zero, .+8', 'bltz a0, 0x400008'],
      ['blt zero, a0, .+8', 'bgtz a0, 0x400008'],
      ['blt a1, a0, .+8', 'blt a1, a0, 0x400008'],
      ['jal zero, .+16', 'j 0x400010'],
      ['jal ra, .+16', 'jal 0x400010'],
      ['jal t0, .+16', 'jal t0, 0x400010'],
      ['jalr zero, 0(ra)', 'ret'],
      ['jalr zero, 0(a0)', 'jr a0'],
      ['jalr zero, 8(a0)', 'jr 8(a0)'],
      ['jalr ra, 0(a0)', 'jalr a0'],
      ['jalr ra, -4(a0)', 'jalr -4(a0)'],
      ['jalr t0, 0(a0)', 'jalr t0, a0'],
      ['jalr t0, 4(a0)', 'jalr t0, 4(a0)'],
      ['csrrs a0, cycle, zero', 'rdcycle a0'],
      ['csrrs a0, instreth, zero', 'rdinstreth a0'],
      ['csrrs a0, dipc.proc, zero', 'csrr a0, dipc.proc'],
      ['csrrs a0, 0x7c0, zero', 'csrr a0, 0x7c0'],
      ['csrrw zero, dipc.kcs, a1', 'csrw dipc.kcs, a1'],
      ['csrrs zero, dipc.kcs, a1', 'csrs dipc.kcs, a1'],
      ['csrrc zero, dipc.kcs, a1', 'csrc dipc.kcs, a1'],
      ['csrrwi zero, dipc.dcsbase, 7', 'csrwi dipc.dcsbase, 7'],
      ['csrrw a0, dipc.kcs, a1', 'csrrw a0, dipc.kcs, a1'],
      ['csrrw zero, cycle, zero', 'unimp'],
      ['lui a0, 0x12345', 'lui a0, 0x12345'],
      ['slli a0, a1, 3', 'slli a0, a1, 0x3'],
      ['sw a0, -4(sp)', 'sw a0, -4(sp)'],
      ['fence', 'fence'],
    ];
    for (const [source, expected] of cases) assert.equal(text(source), expected, source);
  });

  it('prints the CODOMs instructions with capability registers and permissions', () => {
    const cases = [
      'cap.create cr1, a0, a1, rw', 'cap.create cr7, t0, t1, r', 'cap.createa cr2, a0, a1, r, a2',
      'cap.restrict cr3, cr1, a0, a1, rw', 'cap.clr cr4', 'cap.mv cr5, cr6', 'cap.base a0, cr7', 'cap.len a1, cr0',
      'cap.ld cr0, 16(t0)', 'cap.st cr2, -32(sp)',
    ];
    for (const source of cases) assert.equal(text(source), source);
  });

  it('prints canonical forms when aliases are off', () => {
    const word = (source: string): number => assembleWordAt(source, BASE);
    assert.equal(disassembleWord(word('ret'), BASE, undefined, { aliases: false }).text, 'jalr zero, 0(ra)');
    assert.equal(disassembleWord(word('li a0, 1'), BASE, undefined, { aliases: false }).text, 'addi a0, zero, 1');
    assert.equal(disassembleWord(word('fence'), BASE, undefined, { aliases: false }).text, 'fence iorw, iorw');
  });

  it('annotates branch and jump targets with the nearest symbol', () => {
    const symbols = new Map([[0x400000, 'main'], [0x400100, 'loop']]);
    const word = assembleWordAt('j .+0x108', BASE);
    assert.equal(disassembleWord(word, BASE, symbols).text, 'j 0x400108 <loop+0x8>');
    assert.equal(disassembleWord(assembleWordAt('jal .+0', BASE), BASE, symbols).text, 'jal 0x400000 <main>');
  });

  it('prints words that are not instructions as .word, without a spec', () => {
    const capCreateWithBadPermission = (2 << 25) | 0x0b;
    const capClearWithSource = (5 << 12) | (3 << 15) | 0x0b;
    const restrictWithNoPermission = (2 << 12) | 0x0b;
    for (const word of [0x00000000, 0xffffffff, 0x00004073 /* SYSTEM funct3 4 */, capCreateWithBadPermission, capClearWithSource, restrictWithNoPermission, 0x0000000f]) {
      const result = disassembleWord(word, BASE);
      assert.equal(result.spec, undefined, word.toString(16));
      assert.match(result.text, /^\.word 0x[0-9a-f]{8}$/);
    }
    assert.equal(disassembleWord(0x1234567f, BASE).text, '.word 0x1234567f');
  });

  describe('round trip: every instruction of the table, random valid operands', () => {
    const register = fc.integer({ min: 0, max: 31 });
    const capability = fc.integer({ min: 0, max: 7 });
    const permission = fc.constantFrom(...Object.values(CapabilityPermissionCode));
    const operandsFor = (spec: InstructionSpec): fc.Arbitrary<Partial<InstructionOperands>> => {
      const usesCapability = (token: string): boolean => spec.syntax.includes(token);
      const rd = usesCapability('crd') ? capability : spec.syntax.includes('rd') ? register : fc.constant(0);
      const rs1 = usesCapability('crs') && spec.format !== 'S' ? capability : spec.syntax.some((t) => t === 'rs1' || t === 'off(rs1)') ? register : fc.constant(0);
      const rs2 = usesCapability('crs') && spec.format === 'S' ? capability : spec.syntax.includes('rs2') ? register : fc.constant(0);
      const rs3 = spec.syntax.includes('rs3') ? register : fc.constant(0);
      const imm = {
        I: fc.integer({ min: -2048, max: 2047 }), S: fc.integer({ min: -2048, max: 2047 }),
        B: fc.integer({ min: -2048, max: 2047 }).map((v) => v * 2), J: fc.integer({ min: -(1 << 19), max: (1 << 19) - 1 }).map((v) => v * 2),
        U: fc.integer({ min: 0, max: 0xfffff }), SHIFT: fc.integer({ min: 0, max: 31 }), CSR: fc.integer({ min: 0, max: 0xfff }),
        CSRI: fc.integer({ min: 0, max: 0xfff }), R: fc.constant(0), R4: fc.constant(0), NONE: fc.constant(0),
      }[spec.format];
      const zimm = spec.format === 'CSRI' ? fc.integer({ min: 0, max: 31 }) : fc.constant(0);
      const perm = spec.syntax.includes('perm') ? permission : fc.constant(0);
      return fc.record({ rd, rs1, rs2, rs3, imm, zimm, perm });
    };

    for (const spec of INSTRUCTIONS) {
      it(`${spec.mnemonic}`, () => {
        fc.assert(fc.property(operandsFor(spec), fc.constantFrom(BASE, 0x0010_0000, 0x7fff_0000), (operands, address) => {
          const word = encodeInstruction(spec, operands);
          const decoded = findInstructionSpec(word);
          assert.equal(decoded?.mnemonic, spec.mnemonic, `decoding ${word.toString(16)}`);
          for (const aliases of [true, false]) {
            const printed = disassembleWord(word, address, undefined, { aliases }).text;
            assert.equal(assembleWordAt(printed, address), word, `'${printed}' (aliases ${aliases}) should assemble to ${word.toString(16)}`);
          }
        }), { numRuns: 100 });
      });
    }
  });
});
