// The assembler: encodings of every instruction and pseudo-instruction, expressions, labels,
// directives, section placement, and error reporting (all errors, with lines and columns).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { INSTRUCTIONS } from '../../../simulator/machine/instruction-set';
import { assemble, formatAssemblerError, type AssemblyResult } from '../../../simulator/toolchain/assembler/assembler';
import { assemblePlainProgram } from '../../../simulator/toolchain/assembler/plain-program';
import { PSEUDO_INSTRUCTIONS } from '../../../simulator/toolchain/assembler/pseudo-instructions';

function ok(source: string, options: Parameters<typeof assemble>[1] = {}): AssemblyResult {
  const result = assemble(source, options);
  assert.deepEqual(result.errors.map(formatAssemblerError), [], `unexpected errors for:\n${source}`);
  return result;
}

function section(result: AssemblyResult, name: string) {
  const found = result.sections.find((s) => s.name === name);
  assert.ok(found, `section ${name} missing`);
  return found;
}

function words(source: string): number[] {
  const text = section(ok(source), '.text');
  const view = new DataView(text.bytes.buffer, text.bytes.byteOffset, text.bytes.byteLength);
  return Array.from({ length: text.bytes.length / 4 }, (_, index) => view.getUint32(index * 4, true));
}

const errorsOf = (source: string, options: Parameters<typeof assemble>[1] = {}): string[] =>
  assemble(source, { fileName: 't.s', ...options }).errors.map((e) => `${e.line}:${e.column}: ${e.message}`);

/**
 * One line per instruction of the table. The RV32IM/Zicsr words were produced by GNU as 2.40
 * (riscv64-unknown-elf-as -march=rv32im_zicsr); the CODOMs words are computed by hand from the
 * field layout documented in docs/assembler.md.
 */
const GOLDEN_ENCODINGS: [string, number][] = [
  ['lui a0, 0x12345', 0x12345537],
  ['auipc t1, 0xfffff', 0xfffff317],
  ['jal ra, .+2048', 0x001000ef],
  ['jalr t0, -4(a1)', 0xffc582e7],
  ['beq a0, a1, .-16', 0xfeb508e3],
  ['bne s0, s1, .+4094', 0x7e941fe3],
  ['blt t0, t1, .-4096', 0x8062c063],
  ['bge a2, a3, .+8', 0x00d65463],
  ['bltu a4, a5, .+12', 0x00f76663],
  ['bgeu s2, s3, .-8', 0xff397ce3],
  ['lb a0, -1(sp)', 0xfff10503],
  ['lh a1, 2(sp)', 0x00211583],
  ['lw a2, 2047(gp)', 0x7ff1a603],
  ['lbu a3, -2048(tp)', 0x80024683],
  ['lhu a4, 10(s0)', 0x00a45703],
  ['sb a0, -1(sp)', 0xfea10fa3],
  ['sh a1, 2(sp)', 0x00b11123],
  ['sw a2, -2048(s11)', 0x80cda023],
  ['addi a0, a1, -42', 0xfd658513],
  ['slti a0, a1, 5', 0x0055a513],
  ['sltiu a0, a1, 2047', 0x7ff5b513],
  ['xori a0, a1, -1', 0xfff5c513],
  ['ori a0, a1, 0x7f', 0x07f5e513],
  ['andi a0, a1, 0xff', 0x0ff5f513],
  ['slli a0, a1, 31', 0x01f59513],
  ['srli a0, a1, 1', 0x0015d513],
  ['srai a0, a1, 7', 0x4075d513],
  ['add a0, a1, a2', 0x00c58533],
  ['sub t0, t1, t2', 0x407302b3],
  ['sll s0, s1, s2', 0x01249433],
  ['slt a3, a4, a5', 0x00f726b3],
  ['sltu a6, a7, s2', 0x0128b833],
  ['xor t3, t4, t5', 0x01eece33],
  ['srl t6, zero, ra', 0x00105fb3],
  ['sra sp, gp, tp', 0x4041d133],
  ['or s10, s11, t6', 0x01fded33],
  ['and x5, x6, x7', 0x007372b3],
  ['fence', 0x0ff0000f],
  ['ecall', 0x00000073],
  ['ebreak', 0x00100073],
  ['mul a0, a1, a2', 0x02c58533],
  ['mulh a0, a1, a2', 0x02c59533],
  ['mulhsu a0, a1, a2', 0x02c5a533],
  ['mulhu a0, a1, a2', 0x02c5b533],
  ['div a0, a1, a2', 0x02c5c533],
  ['divu a0, a1, a2', 0x02c5d533],
  ['rem a0, a1, a2', 0x02c5e533],
  ['remu a0, a1, a2', 0x02c5f533],
  ['csrrw a0, dipc.kcs, a1', 0x80159573],
  ['csrrs a0, cycle, zero', 0xc0002573],
  ['csrrc zero, dipc.dcsbase, a2', 0x80263073],
  ['csrrwi a0, dipc.proc, 31', 0x800fd573],
  ['csrrsi a0, instret, 1', 0xc020e573],
  ['csrrci zero, 0x801, 0', 0x80107073],
  ['cap.create cr1, a0, a1, rw', 0x06b5008b],
  ['cap.createa cr2, a0, a1, r, a2', 0x62b5110b],
  ['cap.restrict cr3, cr1, a0, a1, r', 0x5aa0a18b],
  ['cap.clr cr4', 0x0000520b],
  ['cap.mv cr5, cr6', 0x0203528b],
  ['cap.base a0, cr7', 0x0003e50b],
  ['cap.len a1, cr0', 0x0200658b],
  ['cap.ld cr0, 16(t0)', 0x0102802b],
  ['cap.st cr2, -32(sp)', 0xfe21102b],
];

describe('assembler', () => {
  describe('instruction encodings', () => {
    it('encodes one example of every instruction of the table', () => {
      const encoded = words(GOLDEN_ENCODINGS.map(([line]) => line).join('\n'));
      GOLDEN_ENCODINGS.forEach(([line, expected], index) => {
        assert.equal(encoded[index].toString(16).padStart(8, '0'), expected.toString(16).padStart(8, '0'), line);
      });
      const covered = new Set(GOLDEN_ENCODINGS.map(([line]) => line.split(' ')[0]));
      assert.deepEqual(INSTRUCTIONS.map((spec) => spec.mnemonic).filter((m) => !covered.has(m)), []);
    });

    it('accepts xN names, ABI names and fp for s0', () => {
      assert.deepEqual(words('add x10, x11, x12\nadd a0, a1, a2\nadd fp, s0, x8'), [0x00c58533, 0x00c58533, 0x00840433]);
    });

    it('accepts numeric CSRs and the named CSRs of the machine', () => {
      assert.deepEqual(words('csrr a0, 0xc00\ncsrr a0, cycle\ncsrr a0, 3072'), [0xc0002573, 0xc0002573, 0xc0002573]);
    });

    it('encodes the perm operand of the capability instructions', () => {
      const [read, readWrite] = words('cap.create cr1, a0, a1, r\ncap.create cr1, a0, a1, rw');
      assert.equal(read >>> 25, 1);
      assert.equal(readWrite >>> 25, 3);
    });
  });

  describe('pseudo-instructions', () => {
    const EQUIVALENTS: [string, string][] = [
      ['nop', 'addi x0, x0, 0'],
      ['li a0, 5', 'addi a0, zero, 5'],
      ['mv a0, a1', 'addi a0, a1, 0'],
      ['not a0, a1', 'xori a0, a1, -1'],
      ['neg a0, a1', 'sub a0, zero, a1'],
      ['seqz a0, a1', 'sltiu a0, a1, 1'],
      ['snez a0, a1', 'sltu a0, zero, a1'],
      ['sltz a0, a1', 'slt a0, a1, zero'],
      ['sgtz a0, a1', 'slt a0, zero, a1'],
      ['sgt a0, a1, a2', 'slt a0, a2, a1'],
      ['sgtu a0, a1, a2', 'sltu a0, a2, a1'],
      ['beqz a0, .+8', 'beq a0, zero, .+8'],
      ['bnez a0, .+8', 'bne a0, zero, .+8'],
      ['blez a0, .+8', 'bge zero, a0, .+8'],
      ['bgez a0, .+8', 'bge a0, zero, .+8'],
      ['bltz a0, .+8', 'blt a0, zero, .+8'],
      ['bgtz a0, .+8', 'blt zero, a0, .+8'],
      ['bgt a0, a1, .+8', 'blt a1, a0, .+8'],
      ['ble a0, a1, .+8', 'bge a1, a0, .+8'],
      ['bgtu a0, a1, .+8', 'bltu a1, a0, .+8'],
      ['bleu a0, a1, .+8', 'bgeu a1, a0, .+8'],
      ['j .+8', 'jal zero, .+8'],
      ['jal .+8', 'jal ra, .+8'],
      ['jr a0', 'jalr zero, 0(a0)'],
      ['jr 8(a0)', 'jalr zero, 8(a0)'],
      ['jalr a0', 'jalr ra, 0(a0)'],
      ['jalr 8(a0)', 'jalr ra, 8(a0)'],
      ['jalr t0, a0', 'jalr t0, 0(a0)'],
      ['jalr t0, a0, 12', 'jalr t0, 12(a0)'],
      ['ret', 'jalr zero, 0(ra)'],
      ['call .+16', 'auipc ra, 0\njalr ra, 16(ra)'],
      ['tail .+16', 'auipc t1, 0\njalr zero, 16(t1)'],
      ['call f@plt\nf: nop', 'auipc ra, 0\njalr ra, 8(ra)\nnop'],
      ['la a0, .+16', 'auipc a0, 0\naddi a0, a0, 16'],
      ['lla a0, .+16', 'auipc a0, 0\naddi a0, a0, 16'],
      ['lw a1, .+16', 'auipc a1, 0\nlw a1, 16(a1)'],
      ['lb a1, .+16', 'auipc a1, 0\nlb a1, 16(a1)'],
      ['lh a1, .+16', 'auipc a1, 0\nlh a1, 16(a1)'],
      ['lbu a1, .+16', 'auipc a1, 0\nlbu a1, 16(a1)'],
      ['lhu a1, .+16', 'auipc a1, 0\nlhu a1, 16(a1)'],
      ['sw a1, .+16, t0', 'auipc t0, 0\nsw a1, 16(t0)'],
      ['sh a1, .+16, t0', 'auipc t0, 0\nsh a1, 16(t0)'],
      ['sb a1, .+16, t0', 'auipc t0, 0\nsb a1, 16(t0)'],
      ['csrr a0, dipc.proc', 'csrrs a0, dipc.proc, zero'],
      ['csrw dipc.kcs, a0', 'csrrw zero, dipc.kcs, a0'],
      ['csrs dipc.kcs, a0', 'csrrs zero, dipc.kcs, a0'],
      ['csrc dipc.kcs, a0', 'csrrc zero, dipc.kcs, a0'],
      ['csrwi dipc.kcs, 3', 'csrrwi zero, dipc.kcs, 3'],
      ['csrsi dipc.kcs, 3', 'csrrsi zero, dipc.kcs, 3'],
      ['csrci dipc.kcs, 3', 'csrrci zero, dipc.kcs, 3'],
      ['rdcycle a0', 'csrrs a0, cycle, zero'],
      ['rdcycleh a0', 'csrrs a0, cycleh, zero'],
      ['rdinstret a0', 'csrrs a0, instret, zero'],
      ['rdinstreth a0', 'csrrs a0, instreth, zero'],
      ['rdtime a0', 'csrrs a0, time, zero'],
      ['rdtimeh a0', 'csrrs a0, timeh, zero'],
      ['unimp', 'csrrw zero, cycle, zero'],
      ['fence iorw, iorw', 'fence'],
    ];

    it('expands every pseudo-instruction to its real instructions', () => {
      for (const [pseudo, real] of EQUIVALENTS) assert.deepEqual(words(pseudo), words(real), pseudo);
      const covered = new Set(EQUIVALENTS.map(([line]) => line.split(' ')[0]));
      covered.add('li');
      assert.deepEqual(PSEUDO_INSTRUCTIONS.map((p) => p.mnemonic).filter((m) => !covered.has(m)), []);
    });

    it('loads any 32-bit value with li in as few instructions as GNU as', () => {
      const cases: [string, string][] = [
        ['0', 'addi a0, zero, 0'],
        ['2047', 'addi a0, zero, 2047'],
        ['-2048', 'addi a0, zero, -2048'],
        ['2048', 'lui a0, 1\naddi a0, a0, -2048'],
        ['-2049', 'lui a0, 0xfffff\naddi a0, a0, 2047'],
        ['0x12345000', 'lui a0, 0x12345'],
        ['0x12345678', 'lui a0, 0x12345\naddi a0, a0, 0x678'],
        ['0x7ffff800', 'lui a0, 0x80000\naddi a0, a0, -2048'],
        ['0x80000000', 'lui a0, 0x80000'],
        ['0xffffffff', 'addi a0, zero, -1'],
        ['-0x80000000', 'lui a0, 0x80000'],
        ["'A' + 1", 'addi a0, zero, 66'],
      ];
      for (const [value, expansion] of cases) assert.deepEqual(words(`li a0, ${value}`), words(expansion), `li a0, ${value}`);
    });

    it('loads a label address with li (lui + addi, even before the label is seen)', () => {
      const result = ok('li a0, later\nli a1, later\nlater: nop', { sectionBases: { '.text': 0x10000 } });
      const [lui, addi] = words('li a0, later\nli a1, later\nlater: nop');
      assert.equal(result.symbols.get('later'), 0x10010);
      assert.equal(lui, words('lui a0, 0x10')[0]);
      assert.equal(addi, words('addi a0, a0, 0x10')[0]);
    });

    it('rejects li values that do not fit in 32 bits', () => {
      assert.deepEqual(errorsOf('li a0, 0x100000000'), ['1:8: value 4294967296 does not fit in 32 bits']);
    });
  });

  describe('labels and expressions', () => {
    it('resolves GNU numeric local labels backward and forward', () => {
      const encoded = words(['1: nop', 'j 1b', 'j 1f', '1: j 1b', '2: j 2f', 'j 1b', '2: nop'].join('\n'));
      assert.deepEqual(encoded, words(['nop', 'j .-4', 'j .+4', 'j .+0', 'j .+8', 'j .-8', 'nop'].join('\n')));
    });

    it('reports numeric local labels that do not exist in the asked direction', () => {
      assert.deepEqual(errorsOf('j 3b\nj 4f\n4: nop\nj 4f'), [
        '1:3: local label 3 is not defined before this point',
        '4:3: local label 4 is not defined after this point',
      ]);
    });

    it('computes %hi and %lo so that lui + addi rebuild the address (low half negative too)', () => {
      const result = ok('lui a0, %hi(target)\naddi a0, a0, %lo(target)\nlw a1, %lo(target)(a0)\n.data\n.space 0xff8\ntarget: .word 0', {});
      const target = result.symbols.get('target')!;
      assert.equal(target & 0xfff, 0xff8);
      const [lui, addi, lw] = words(`lui a0, ${(target + 0x800) >>> 12}\naddi a0, a0, ${((target & 0xfff) << 20) >> 20}\nlw a1, -8(a0)`);
      assert.deepEqual(words('lui a0, %hi(target)\naddi a0, a0, %lo(target)\nlw a1, %lo(target)(a0)\n.data\n.space 0xff8\ntarget: .word 0'), [lui, addi, lw]);
    });

    it('pairs %pcrel_lo with the auipc its label names, as gcc -mcmodel=medany emits', () => {
      const source = '.text\nnop\n.Lpc: auipc a5, %pcrel_hi(value)\nlw a0, %pcrel_lo(.Lpc)(a5)\naddi a1, a5, %pcrel_lo(.Lpc)\n.data\nvalue: .word 7';
      const result = ok(source);
      const text = section(result, '.text');
      const value = result.symbols.get('value')!;
      const offset = value - (text.address + 4);
      const expected = words(`nop\nauipc a5, ${(offset + 0x800) >>> 12}\nlw a0, ${((offset & 0xfff) << 20) >> 20}(a5)\naddi a1, a5, ${((offset & 0xfff) << 20) >> 20}`);
      assert.deepEqual(words(source), expected);
      assert.deepEqual(errorsOf('nop\naddi a0, a0, %pcrel_lo(0x10000)'), ['2:14: %pcrel_lo needs the label of an auipc with %pcrel_hi, and 0x10000 is not one']);
    });

    it('evaluates C operators with C precedence, character literals, . and .equ/.set', () => {
      const result = ok([
        '.equ A, 2 + 3 * 4', '.set B, (A << 2) | 1', '.set B, B + 1', '.equ C, ~0 & 0xff', '.equ D, -7 / 2', '.equ E, 10 % 4 ^ 3',
        '.data', 'start: .word A, B, C, D, E, \'a\', \'\\n\', end - start', 'end:',
      ].join('\n'));
      const data = section(result, '.data');
      const view = new DataView(data.bytes.buffer, data.bytes.byteOffset);
      assert.deepEqual(Array.from({ length: 8 }, (_, i) => view.getInt32(i * 4, true)), [14, 58, 255, -3, 1, 97, 10, 32]);
    });

    it('reports a duplicate label with the line of the first one, and a redefined .equiv', () => {
      assert.deepEqual(errorsOf('x: nop\nx: nop\n.equ x, 3\n.equiv y, 1\n.equiv y, 2\n.equ z, 1\n.equ z, 2'), [
        "2:1: symbol 'x' is already defined on line 1", "3:6: symbol 'x' is already defined on line 1", "5:8: symbol 'y' is already defined on line 4",
      ]);
    });

    it('keeps local labels (.L*, numeric) out of the symbol table', () => {
      const result = ok('main: nop\n.L2: nop\n1: nop\nother: nop');
      assert.deepEqual([...result.symbols.keys()], ['main', 'other']);
    });
  });

  describe('statements and comments', () => {
    it('accepts #, // and /* */ comments, ; separators and several labels on one line', () => {
      const encoded = words([
        '# a comment line', 'a: b: addi a0, a0, 1 # trailing', 'addi a0, a0, 2 // C++ style', '/* block', 'still comment */ addi a0, a0, 3',
        'addi a0, a0, 4; addi a0, a0, 5 ; nop', '  li a1, \'#\'',
      ].join('\n'));
      assert.deepEqual(encoded, words('addi a0, a0, 1\naddi a0, a0, 2\naddi a0, a0, 3\naddi a0, a0, 4\naddi a0, a0, 5\nnop\nli a1, 35'));
    });

    it('accepts mnemonics, registers and directives in any case', () => {
      assert.deepEqual(words('ADDI A0, A1, 1\n.WORD 5'), words('addi a0, a1, 1\n.word 5'));
    });

    it('assembles a repeated line by what its place and symbols are at each copy, as if every copy were written differently', () => {
      const repeated = [
        '.set X, 1', 'li t0, X', 'li t1, 100', 'j 0x10040', 'lw a0, -16(s0)', 'beq a0, a1, 0x10040',
        '.set X, 5000', 'li t0, X', 'li t1, 100', 'j 0x10040', 'lw a0, -16(s0)', 'beq a0, a1, 0x10040',
        '1:', 'j 1b', 'li t1, 100', '1:', 'nop', 'j 1b', 'lw a0, -16(s0)',
      ];
      // Trailing spaces of different lengths make every line's text unique: nothing is shared.
      const distinct = repeated.map((line, index) => line + ' '.repeat(index));
      assert.deepEqual(words(repeated.join('\n')), words(distinct.join('\n')));
      assert.deepEqual(errorsOf('.bss\nnop\nnop\n'), ['2:1: instructions cannot go in .bss', '3:1: instructions cannot go in .bss']);
      assert.deepEqual(errorsOf('addi a0, a0, 5000\naddi a0, a0, 5000\n'), [
        '1:14: immediate 5000 is out of range for addi (-2048 to 2047)', '2:14: immediate 5000 is out of range for addi (-2048 to 2047)',
      ]);
    });

    it('maps each source line to the address of its first instruction', () => {
      const result = ok('\n_start:\n  la a0, x\n\n  nop\n.data\nx: .word 1\n.text\n  ret\n');
      assert.deepEqual(result.lineAddresses, [{ line: 3, address: 0x10000 }, { line: 5, address: 0x10008 }, { line: 9, address: 0x1000c }]);
    });
  });

  describe('directives', () => {
    it('emits little-endian data, strings with escapes, fills and alignment', () => {
      const data = section(ok([
        '.data', '.byte 1, -1, 0xff', '.half 0x1234', '.balign 4', '.word 0xdeadbeef', '.ascii "ab\\n"', '.asciz "\\x41\\102\\"\\t"',
        '.string "z"', '.zero 2', '.space 3, 0x5a', '.align 3', '.p2align 2', '.2byte 1', '.4byte 2', '.short 3', '.long 4',
      ].join('\n')), '.data');
      assert.deepEqual([...data.bytes], [
        1, 0xff, 0xff, 0x34, 0x12, 0, 0, 0, 0xef, 0xbe, 0xad, 0xde, 0x61, 0x62, 0x0a, 0x41, 0x42, 0x22, 0x09, 0, 0x7a, 0,
        0, 0, 0x5a, 0x5a, 0x5a, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 3, 0, 4, 0, 0, 0,
      ]);
    });

    it('pads code with nops when aligning, like GNU as', () => {
      assert.deepEqual(words('nop\n.balign 16\nret'), [0x13, 0x13, 0x13, 0x13, 0x00008067, 0x13, 0x13, 0x13]);
      // The end of a code section is padded to its largest alignment with nops, as GNU as does.
      assert.deepEqual(words('nop\n.balign 8, 0\nret'), [0x13, 0, 0x00008067, 0x13]);
    });

    it('allocates .comm and .lcomm symbols in .bss', () => {
      const result = ok('.comm buffer, 100, 8\n.lcomm flag, 4\nnop');
      const bss = section(result, '.bss');
      assert.equal(result.symbols.get('buffer'), bss.address);
      assert.equal(result.symbols.get('flag'), bss.address + 100);
      assert.equal(bss.size, 104);
      assert.equal(bss.bytes.length, 0);
    });

    it('accepts the directives gcc -S emits around the code', () => {
      const gccOutput = [
        '\t.file\t"x.c"', '\t.option nopic', '\t.attribute arch, "rv32i2p1_m2p0"', '\t.attribute unaligned_access, 0',
        '\t.attribute stack_align, 16', '\t.text', '\t.section\t.text.startup,"ax",@progbits', '\t.align\t2', '\t.globl\tmain',
        '\t.type\tmain, @function', 'main:', '\tlui\ta5,%hi(.LC0)', '\taddi\ta0,a5,%lo(.LC0)', '\tli\ta0,0', '\tret',
        '\t.size\tmain, .-main', '\t.section\t.rodata.str1.4,"aMS",@progbits,1', '\t.align\t2', '.LC0:', '\t.string\t"hi"',
        '\t.section\t.srodata.cst4,"aM",@progbits,4', '\t.align\t2', '.LC1:', '\t.word\t1', '\t.section\t.sbss,"aw",@nobits',
        '\t.align\t2', '\t.type\tcounter, @object', '\t.size\tcounter, 4', 'counter:', '\t.zero\t4',
        '\t.ident\t"GCC: (GNU) 12.2.0"', '\t.section\t.note.GNU-stack,"",@progbits', '\t.cfi_startproc', '\t.loc 1 2 3',
      ].join('\n');
      const result = ok(gccOutput);
      assert.deepEqual(result.sections.map((s) => [s.name, s.permissions.execute, s.permissions.write]), [
        ['.text.startup', true, false], ['.rodata.str1.4', false, false], ['.srodata.cst4', false, false], ['.sbss', false, true],
      ]);
    });

    it('reports unknown directives and data in .bss', () => {
      assert.deepEqual(errorsOf('.frobnicate 1\n.bss\n.word 1\n.text\n.balign 3'), [
        "1:1: unknown directive '.frobnicate'",
        '3:1: .bss holds no data (only .space, .zero and labels are allowed there)',
        '5:9: alignment must be a power of two, got 3',
      ]);
    });
  });

  describe('sections', () => {
    it('places sections like GNU ld: .text at 0x10000, then rodata, data, bss, each page-aligned', () => {
      const result = ok('.data\nd: .word 1\n.bss\nb: .space 8\n.rodata\nr: .word 2\n.text\nt: nop\n.section .text.more\nm: nop');
      assert.deepEqual(result.sections.map((s) => [s.name, s.address.toString(16), s.size]), [
        ['.text', '10000', 4], ['.text.more', '11000', 4], ['.rodata', '12000', 4], ['.data', '13000', 4], ['.bss', '14000', 8],
      ]);
      assert.deepEqual(result.sections.map((s) => s.permissions), [
        { read: true, write: false, execute: true }, { read: true, write: false, execute: true },
        { read: true, write: false, execute: false }, { read: true, write: true, execute: false }, { read: true, write: true, execute: false },
      ]);
    });

    it('places multi-process sections at chosen addresses; symbols are shared by all sections', () => {
      const source = [
        '.section .text.Store', '.balign 64', 'store_entry: la a0, store_data', '  ret',
        '.section .data.Store', 'store_data: .word store_entry, client_main',
        '.section .text.Client', 'client_main: call store_entry', '  ret',
        '.section .rodata.Client', 'greeting: .asciz "hi"',
      ].join('\n');
      const result = ok(source, { sectionBases: { '.text.Store': 0x0100_0000, '.data.Store': 0x0118_0000, '.text.Client': 0x0140_0000 } });
      assert.deepEqual(result.sections.map((s) => [s.name, s.address.toString(16)]), [
        ['.rodata.Client', '10000'], ['.text.Store', '1000000'], ['.data.Store', '1180000'], ['.text.Client', '1400000'],
      ]);
      const data = section(result, '.data.Store');
      const view = new DataView(data.bytes.buffer, data.bytes.byteOffset);
      assert.deepEqual([view.getUint32(0, true), view.getUint32(4, true)], [0x0100_0000, 0x0140_0000]);
      assert.equal(result.symbols.get('greeting'), 0x10000);
    });

    it('moves unlisted sections past the ones placed explicitly', () => {
      const result = ok('.text\nnop\n.data\n.word 1', { sectionBases: { '.data': 0x10000 } });
      assert.deepEqual(result.sections.map((s) => [s.name, s.address.toString(16)]), [['.data', '10000'], ['.text', '11000']]);
    });

    it('reports unaligned and overlapping section bases', () => {
      assert.deepEqual(errorsOf('nop', { sectionBases: { '.text': 0x10004 } }), ['1:1: section .text must start on a page boundary (multiple of 0x1000) inside the 32-bit address space, got 65540']);
      assert.deepEqual(errorsOf('nop\n.data\n.space 0x2000', { sectionBases: { '.text': 0x20000, '.data': 0x1f000 } }), ['1:1: section .text at 0x20000 overlaps section .data']);
    });

    it('drops non-allocated sections and empty ones', () => {
      const result = ok('.section .comment, ""\n.string "x"\n.section .note.GNU-stack,"",@progbits\n.data\n.text\nnop');
      assert.deepEqual(result.sections.map((s) => s.name), ['.text']);
    });
  });

  describe('errors', () => {
    it('collects every error of a file with its line and column', () => {
      const source = [
        'start:',
        '  addi a0, a1',
        '  frob a0',
        '  lw a0, 5000(a1)',
        '  beq a0, a1, nowhere',
        '  add a0, a1, q7',
        '  addi a0, a1, a2',
        '  cap.create cr9, a0, a1, rw',
        '  cap.create cr1, a0, a1, x',
        '  slli a0, a0, 32',
        '  lui a0, 0x100000',
        '  .word 1,',
        '  .ascii "open',
        '  lw a0, 4(a1',
        '  addi a0, a0, 1 +',
        '  j far',
        '  .space 0x200000',
        'far: beq a0, a1, .+3',
      ].join('\n');
      assert.deepEqual(errorsOf(source), [
        '2:3: wrong number of operands for addi (found 2, expected addi rd, rs1, imm)',
        "3:3: unknown instruction 'frob'",
        '4:10: immediate 5000 is out of range for lw (-2048 to 2047)',
        "5:15: undefined symbol 'nowhere'",
        "6:15: expected an integer register (x0-x31 or an ABI name), found 'q7'",
        "7:16: expected an immediate value, found register 'a2'",
        "8:14: expected a capability register (cr0-cr7), found 'cr9'",
        "9:27: expected a capability permission (r or rw), found 'x'",
        '10:16: shift amount 32 is out of range for slli (0 to 31)',
        '11:11: immediate 1048576 is out of range for lui (0 to 1048575)',
        '12:11: missing operand',
        '13:10: unterminated string',
        "14:10: expected a memory operand offset(register), found '4(a1'",
        '15:19: expected an expression',
        '16:5: branch offset 2097156 is out of range for jal (-1048576 to 1048574)',
        '18:19: target of beq must be 2-byte aligned (offset 3)',
      ]);
    });

    it('formats errors as file:line:column: error: message', () => {
      const [error] = assemble('nop\n  bogus', { fileName: 'prog.s' }).errors;
      assert.equal(formatAssemblerError(error), "prog.s:2:3: error: unknown instruction 'bogus'");
    });

    it('never throws, whatever the input', () => {
      const token = fc.constantFrom(
        'addi', 'li', 'la', 'j', 'lw', 'cap.create', 'cap.ld', '.word', '.section', '.equ', '.align', '.space', '.ascii', 'a0', 'cr1',
        'x99', '%hi(', '%pcrel_lo(', '(', ')', ',', ':', ';', '#', '"', "'", '1b', '2f', '1:', 'foo', '.', '-', '*', '<<', '0x', '99999999999',
        '\n', ' ', 'rw', '.text', '.bss', 'csrr', 'dipc.proc', '/*', '*/', '@nobits', '/', '%',
      );
      fc.assert(fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const result = assemble(tokens.join(' '));
        return result.errors.every((error) => !error.message.startsWith('internal assembler error'));
      }), { numRuns: 2000 });
    });
  });

  describe('plain programs', () => {
    it('starts at _start, with one segment per section', () => {
      const { errors, image } = assemblePlainProgram('.data\nmsg: .ascii "x"\n.text\nhelper: ret\n_start: call helper\n', 'demo/prog.s');
      assert.deepEqual(errors, []);
      const process = image!.processes[0];
      assert.equal(process.name, 'prog');
      assert.equal(process.plain, true);
      assert.equal(process.startAddress, 0x10004);
      assert.deepEqual(process.segments.map((s) => [s.name, s.address]), [['prog .text', 0x10000], ['prog .data', 0x11000]]);
      assert.equal(image!.symbols.get('msg'), 0x11000);
    });

    it('starts at the beginning of .text without _start, and reports a program without code', () => {
      assert.equal(assemblePlainProgram('nop', 'a.s').image!.processes[0].startAddress, 0x10000);
      const { errors, image } = assemblePlainProgram('.data\n.word 1', 'a.s');
      assert.equal(image, undefined);
      assert.match(errors[0].message, /no code to run/);
    });
  });
});
