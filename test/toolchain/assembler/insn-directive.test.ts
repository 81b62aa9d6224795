// The `.insn` directive: every GNU form (r, r4, i, i load, s, b/sb, u, j/uj, raw words) encodes
// to the word GNU as 2.40 gives (table below), capability registers sit in register fields as
// their number, and bad uses are clear errors. A differential test checks the bytes against GNU as.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, formatAssemblerError, type AssemblyResult } from '../../../simulator/toolchain/assembler/assembler';
import { GNU_TOOLS, requireTools, runToolOrFail, withTempDir } from './gnu-tools';

function ok(source: string): AssemblyResult {
  const result = assemble(source);
  assert.deepEqual(result.errors.map(formatAssemblerError), [], `unexpected errors for:\n${source}`);
  return result;
}

function textWords(result: AssemblyResult): number[] {
  const text = result.sections.find((s) => s.name === '.text');
  assert.ok(text, '.text missing');
  const view = new DataView(text.bytes.buffer, text.bytes.byteOffset, text.bytes.byteLength);
  return Array.from({ length: text.bytes.length / 4 }, (_, index) => view.getUint32(index * 4, true));
}

const errorsOf = (source: string): string[] => assemble(source).errors.map((e) => `${e.line}:${e.column}: ${e.message}`);

/** `.insn` lines and the words riscv64-unknown-elf-as -march=rv32im (2.40) gives for them. */
const GNU_ENCODINGS: [string, number][] = [
  ['.insn r OP, 0, 0, a0, a1, a2', 0x00c58533],
  ['.insn r CUSTOM_0, 1, 2, x1, x2, x3', 0x0431108b],
  ['.insn r 0x33, 0, 0x20, a0, a1, a2', 0x40c58533],
  ['.insn r CUSTOM_3, 7, 127, a0, a1, a2', 0xfec5f57b],
  ['.insn r OP_IMM_32, 0, 0, a0, a1, a2', 0x00c5851b],
  ['.insn r NMADD, 0, 0, a0, a1, a2', 0x00c5854f],
  ['.insn r MISC_MEM, 0, 0, a0, a1, a2', 0x00c5850f],
  ['.insn r AMO, 0, 0, a0, a1, a2', 0x00c5852f],
  ['.insn r4 CUSTOM_0, 2, 1, x1, x0, t2, t3', 0xe270208b],
  ['.insn r CUSTOM_0, 2, 1, x1, x0, t2, t3', 0xe270208b],
  ['.insn i OP_IMM, 0, a0, a1, -5', 0xffb58513],
  ['.insn i SYSTEM, 0, a0, a1, 2047', 0x7ff58573],
  ['.insn i LOAD, 2, a0, 8(sp)', 0x00812503],
  ['.insn s STORE, 2, a0, -4(sp)', 0xfea12e23],
  ['.insn u LUI, a0, 0xfffff', 0xfffff537],
  ['.insn 0x00000013', 0x00000013],
  ['.insn 4, 0x00100073', 0x00100073],
];

describe('assembler .insn directive', () => {
  for (const [line, word] of GNU_ENCODINGS) {
    it(`encodes '${line}' as GNU as does (0x${word.toString(16).padStart(8, '0')})`, () => {
      assert.deepEqual(textWords(ok(line)), [word]);
    });
  }

  it('encodes b/sb and j/uj targets pc-relative, backwards and forwards, as GNU as does', () => {
    const source = [
      'l: .insn b BRANCH, 0, a0, a1, l',
      '.insn j JAL, ra, l',
      '.insn sb BRANCH, 1, a0, a1, l',
      '.insn uj JAL, x0, l',
      '.insn b BRANCH, 0, a0, a1, m',
      '.insn j JAL, x0, m',
      'm: nop',
    ].join('\n');
    // The first four words are GNU's for the same lines at offsets 0x28..0x34 relative to l.
    assert.deepEqual(textWords(ok(source)), [0x00b50063, 0xffdff0ef, 0xfeb51ce3, 0xff5ff06f, 0x00b50463, 0x0040006f, 0x00000013]);
  });

  it('puts capability registers crN in register fields as N (CODOMs cap.create, cap.base, cap.restrict, cap.st)', () => {
    const viaInsn = textWords(ok([
      '.insn r CUSTOM_0, 0, 3, cr2, s0, t1',
      '.insn r CUSTOM_0, 6, 0, a0, cr5, x0',
      '.insn r4 CUSTOM_0, 2, 1, cr1, cr0, t2, t3',
      '.insn s CUSTOM_1, 1, cr3, 16(t0)',
    ].join('\n')));
    const viaMnemonics = textWords(ok([
      'cap.create cr2, s0, t1, rw',
      'cap.base a0, cr5',
      'cap.restrict cr1, cr0, t2, t3, r',
      'cap.st cr3, 16(t0)',
    ].join('\n')));
    assert.deepEqual(viaInsn, viaMnemonics);
  });

  it('takes field values and immediates from .set/.equ symbols and expressions', () => {
    assert.deepEqual(
      textWords(ok('.set F3, 2\n.equ IMM, 100\n.insn i OP_IMM, F3, a0, a1, IMM - 1\n.insn r OP, F3 - 2, 1 << 5, a0, a1, a2')),
      textWords(ok('slti a0, a1, 99\nsub a0, a1, a2')),
    );
  });

  it('reports bad uses with their columns and never crashes', () => {
    assert.deepEqual(errorsOf('.insn r 0x0c, 0, 0, a0, a1, a2'), ['1:9: bad .insn opcode 12: it must be 0 to 127 with the low 2 bits 11 (or a name such as OP, CUSTOM_0)']);
    assert.deepEqual(errorsOf('.insn r OP, 8, 0, a0, a1, a2'), ['1:13: funct3 8 is out of range (0 to 7)']);
    assert.deepEqual(errorsOf('.insn r OP, 0, 128, a0, a1, a2'), ['1:16: funct7 128 is out of range (0 to 127)']);
    assert.deepEqual(errorsOf('.insn r4 OP, 0, 4, a0, a1, a2, a3'), ['1:17: funct2 4 is out of range (0 to 3)']);
    assert.deepEqual(errorsOf('.insn i OP_IMM, 0, a0, a1, 4095'), ['1:28: immediate 4095 is out of range for .insn i (-2048 to 2047)']);
    assert.deepEqual(errorsOf('.insn u LUI, a0, -1'), ['1:18: immediate -1 is out of range for .insn u (0 to 1048575)']);
    assert.deepEqual(errorsOf('.insn r OP, 0, 0, a0, a1, q7'), ['1:27: expected a register (x0-x31, an ABI name or cr0-cr7), found \'q7\'']);
    assert.deepEqual(errorsOf('.insn i OP_IMM, 0, a0, a1, a2'), ['1:28: expected an immediate value, found register \'a2\'']);
    assert.deepEqual(errorsOf('.insn s STORE, 2, a0, 8'), ['1:23: expected a memory operand offset(register), found \'8\'']);
    assert.deepEqual(errorsOf('.insn r OP, 0, 0, a0, a1'), ['1:1: wrong operands for .insn r (found 5, expected .insn r opcode, funct3, funct7, rd, rs1, rs2 or .insn r opcode, funct3, funct2, rd, rs1, rs2, rs3)']);
    assert.deepEqual(errorsOf('.insn q OP, 0'), ['1:7: unknown .insn format \'q\' (expected r, r4, i, s, b, u or j)']);
    assert.deepEqual(errorsOf('.insn ci 1, 0, a0, 1'), ['1:7: .insn ci: compressed instructions are not supported (this machine runs RV32IM without C)']);
    assert.deepEqual(errorsOf('.insn 0x12345678'), ['1:7: .insn value 0x12345678 is not a 4-byte instruction encoding (its low bits must be xxx11 with bits 4:2 not all set)']);
    assert.deepEqual(errorsOf('.insn 2, 0x0001'), ['1:7: .insn length 2 is not supported: this machine runs only 4-byte instructions']);
    assert.deepEqual(errorsOf('.insn'), ['1:1: .insn expects a format and fields, or an instruction word']);
    assert.deepEqual(errorsOf('.insn b BRANCH, 0, a0, a1, .+3'), ['1:29: target of .insn b must be 2-byte aligned (offset 3)']);
    assert.deepEqual(errorsOf('.bss\n.insn 0x13'), ['2:1: instructions cannot go in .bss']);
  });

  it('gives the line address of an .insn line (breakpoints and source lines of .s programs)', () => {
    const result = ok('nop\n.insn r OP, 0, 0, a0, a1, a2\n');
    assert.deepEqual(result.lineAddresses.map((entry) => entry.line), [1, 2]);
  });

  it('assembles every .insn form to the same bytes as GNU as (differential)', function () {
    requireTools(this, GNU_TOOLS.as, GNU_TOOLS.objcopy);
    const source = [
      '.text',
      ...GNU_ENCODINGS.map(([line]) => line),
      '.set F7, 0x20',
      'back: .insn r OP, 0, F7, t0, t1, t2',
      '.insn r CUSTOM_1, 5, 1, x2, x1, x0',
      '.insn r4 CUSTOM_2, 3, 3, s1, s2, s3, s4',
      '.insn i JALR, 0, ra, 12(a5)',
      '.insn i LOAD, 4, t0, (a0)',
      '.insn s STORE, 0, t6, 2047(gp)',
      '.insn b BRANCH, 5, s0, s1, back',
      '.insn sb BRANCH, 7, s0, s1, ahead',
      '.insn j JAL, ra, back',
      '.insn uj JAL, zero, ahead',
      '.insn u AUIPC, t0, 0x80000',
      '.insn 4, 0x0000100f',
      'ahead: .insn 0xfff0c0b3',
    ].join('\n') + '\n';
    const ours = textWords(ok(source));
    const gnu = withTempDir((dir) => {
      writeFileSync(join(dir, 'x.s'), source);
      // -march=rv32im: no C extension, so GNU as emits only 4-byte words as we do.
      runToolOrFail(GNU_TOOLS.as, ['-march=rv32im', '-mabi=ilp32', '-mno-relax', '-o', 'x.o', 'x.s'], dir);
      runToolOrFail(GNU_TOOLS.objcopy, ['-O', 'binary', '-j', '.text', 'x.o', 'text.bin'], dir);
      const bytes = new Uint8Array(readFileSync(join(dir, 'text.bin')));
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return Array.from({ length: bytes.length / 4 }, (_, index) => view.getUint32(index * 4, true));
    });
    assert.deepEqual(ours.map(hex), gnu.map(hex));
  });
});

const hex = (word: number): string => `0x${word.toString(16).padStart(8, '0')}`;
