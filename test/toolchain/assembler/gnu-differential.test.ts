// Differential tests against GNU binutils: the same source assembled by riscv64-unknown-elf-as
// (linked at our section addresses) must give the same bytes, and our disassembly of every word
// must read like objdump's. Skipped, with the tool named, where binutils is not installed.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, type AssemblyResult } from '../../../simulator/toolchain/assembler/assembler';
import { disassembleWord } from '../../../simulator/toolchain/assembler/disassembler';
import { loadElf } from '../../../simulator/toolchain/assembler/elf-loader';
import { Csr } from '../../../simulator/machine/instruction-set';
import { GNU_TOOLS, RV32_AS_FLAGS, requireTools, runToolOrFail, withTempDir } from './gnu-tools';
import { standardInstructionSamples } from './instruction-samples';
import { FIXTURE_C_FLAGS, RISCV_FIXTURES } from './riscv-fixtures';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'riscv');

interface GnuAssembly {
  sectionBytes: Map<string, Uint8Array>;
  /** address -> { word, text } from objdump -d. */
  listing: Map<number, { word: number; text: string }>;
  aliasListing: Map<number, { word: number; text: string }>;
  symbolsByAddress: Map<number, string>;
}

/** Assembles with GNU as and links at the addresses our assembler chose for each section. */
function gnuAssemble(source: string, ours: AssemblyResult): GnuAssembly {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'x.s'), source);
    runToolOrFail(GNU_TOOLS.as, [...RV32_AS_FLAGS, '-o', 'x.o', 'x.s'], dir);
    // One output section per input section, at our address (ld's default script would merge
    // .text.startup into .text).
    const script = ours.sections.map((section) => `  ${section.name} 0x${section.address.toString(16)} : { *(${section.name}) }`);
    writeFileSync(join(dir, 'layout.ld'), `SECTIONS {\n${script.join('\n')}\n}\n`);
    runToolOrFail(GNU_TOOLS.ld, ['-m', 'elf32lriscv', '--no-relax', '-T', 'layout.ld', '-o', 'x.elf', 'x.o'], dir);
    const sectionBytes = new Map<string, Uint8Array>();
    for (const section of ours.sections) {
      runToolOrFail(GNU_TOOLS.objcopy, ['-O', 'binary', '-j', section.name, 'x.elf', `${section.name}.bin`], dir);
      sectionBytes.set(section.name, new Uint8Array(readFileSync(join(dir, `${section.name}.bin`))));
    }
    const image = loadElf(new Uint8Array(readFileSync(join(dir, 'x.elf'))));
    return {
      sectionBytes,
      listing: parseObjdump(runToolOrFail(GNU_TOOLS.objdump, ['-d', '-M', 'no-aliases', 'x.elf'], dir)),
      aliasListing: parseObjdump(runToolOrFail(GNU_TOOLS.objdump, ['-d', 'x.elf'], dir)),
      symbolsByAddress: new Map([...image.symbols].map(([name, address]) => [address, name])),
    };
  });
}

function parseObjdump(output: string): Map<number, { word: number; text: string }> {
  const listing = new Map<number, { word: number; text: string }>();
  for (const line of output.split('\n')) {
    const match = /^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$/.exec(line);
    if (match) listing.set(parseInt(match[1], 16), { word: parseInt(match[2], 16), text: normalize(match[3].replace(/\s+#.*$/, '')) });
  }
  return listing;
}

const DIPC_CSR_NUMBERS = Object.entries(Csr).filter(([name]) => name.startsWith('dipc.'));

/** One spelling for both sides: single spaces, no space after commas, targets without 0x. */
function normalize(text: string): string {
  let result = text.replace(/\s+/g, ' ').replace(/, /g, ',').trim();
  result = result.replace(/0x([0-9a-f]+) </g, '$1 <');
  // objdump does not know the dIPC CSR names; it prints their numbers.
  for (const [name, number] of DIPC_CSR_NUMBERS) result = result.split(name).join(`0x${number.toString(16)}`);
  return result;
}

const IMMEDIATE_FORM: Record<string, string> = {
  add: 'addi', sll: 'slli', srl: 'srli', sra: 'srai', and: 'andi', or: 'ori', xor: 'xori', slt: 'slti', sltu: 'sltiu',
  csrw: 'csrwi', csrs: 'csrsi', csrc: 'csrci', csrrw: 'csrrwi', csrrs: 'csrrsi', csrrc: 'csrrci',
};

/**
 * binutils 2.40's objdump prints immediate forms under the register mnemonic (`add a0,a0,-16`
 * for addi, `sll` for slli, `csrw cycle,5` for csrwi) and `andi rd,rs,255` as `zext.b`; we print
 * the standard mnemonics, which its own assembler also accepts. Map its spelling to ours.
 */
function canonicalGnuAlias(text: string): string {
  const zext = /^zext\.b (\w+),(\w+)$/.exec(text);
  if (zext) return `andi ${zext[1]},${zext[2]},255`;
  const match = /^(\S+) (.*),(-?(?:0x)?[0-9a-f]+)$/.exec(text);
  if (match && IMMEDIATE_FORM[match[1]] && !/^(zero|ra|sp|gp|tp|[ast][0-9]+|fp)$/.test(match[3])) {
    return `${IMMEDIATE_FORM[match[1]]} ${match[2]},${match[3]}`;
  }
  return text;
}

function compareWithGnu(source: string): { instructions: number } {
  const ours = assemble(source, { fileName: 'x.s' });
  assert.deepEqual(ours.errors, [], 'our assembler reports errors');
  const gnu = gnuAssemble(source, ours);
  for (const section of ours.sections) {
    const theirs = gnu.sectionBytes.get(section.name)!;
    const mine = section.bytes;
    const firstDifference = mine.findIndex((byte, index) => byte !== theirs[index]);
    if (firstDifference >= 0 || mine.length !== theirs.length) {
      const at = Math.max(0, firstDifference) & ~3;
      const address = section.address + at;
      const word = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(at, at + 4)).reverse().toString('hex');
      const line = ours.lineAddresses.find((entry) => entry.address === address)?.line;
      assert.fail(`${section.name} differs at 0x${address.toString(16)} (source line ${line}): ours ${word(mine)}, GNU ${word(theirs)} (${gnu.listing.get(address)?.text}); lengths ${mine.length} / ${theirs.length}`);
    }
  }
  let instructions = 0;
  for (const text of ours.sections.filter((section) => section.permissions.execute)) {
    const view = new DataView(text.bytes.buffer, text.bytes.byteOffset);
    for (let offset = 0; offset < text.bytes.length; offset += 4) {
      const address = text.address + offset;
      const word = view.getUint32(offset, true);
      const plain = gnu.listing.get(address);
      const aliased = gnu.aliasListing.get(address);
      // objdump prints words placed by `.word` (its $d mapping symbols) as data; we cannot know that.
      if (!plain || !aliased || plain.text.startsWith('.word')) continue;
      assert.equal(normalize(disassembleWord(word, address, gnu.symbolsByAddress, { aliases: false }).text), plain.text,
        `no-aliases disassembly of ${word.toString(16).padStart(8, '0')} at 0x${address.toString(16)}`);
      assert.equal(normalize(disassembleWord(word, address, gnu.symbolsByAddress).text), canonicalGnuAlias(aliased.text),
        `disassembly of ${word.toString(16).padStart(8, '0')} at 0x${address.toString(16)}`);
      instructions += 1;
    }
  }
  return { instructions };
}

describe('assembler: differential against GNU binutils', () => {
  it('encodes and disassembles every RV32IM and Zicsr instruction like GNU as and objdump', function () {
    requireTools(this, GNU_TOOLS.as, GNU_TOOLS.ld, GNU_TOOLS.objcopy, GNU_TOOLS.objdump);
    this.timeout(120_000);
    const { instructions } = compareWithGnu(standardInstructionSamples(2026, 12));
    assert.ok(instructions > 600);
  });

  it('expands pseudo-instructions, relocations and data directives like GNU as', function () {
    requireTools(this, GNU_TOOLS.as, GNU_TOOLS.ld, GNU_TOOLS.objcopy, GNU_TOOLS.objdump);
    compareWithGnu(readFileSync(join(FIXTURES, 'pseudo-instructions.s'), 'utf8'));
  });

  // The stand-alone assembly programs (start.s needs main and the linker's __global_pointer$).
  for (const [source] of RISCV_FIXTURES.filter((f) => f.sources.every((name) => name.endsWith('.s'))).map((f) => f.sources)) {
    it(`assembles the fixture ${source} like GNU as`, function () {
      requireTools(this, GNU_TOOLS.as, GNU_TOOLS.ld, GNU_TOOLS.objcopy, GNU_TOOLS.objdump);
      compareWithGnu(readFileSync(join(FIXTURES, source), 'utf8'));
    });
  }

  for (const fixture of RISCV_FIXTURES) {
    for (const source of fixture.sources.filter((name) => name.endsWith('.c'))) {
      it(`assembles gcc -S output for ${source} like GNU as`, function () {
        requireTools(this, GNU_TOOLS.gcc, GNU_TOOLS.as, GNU_TOOLS.ld, GNU_TOOLS.objcopy, GNU_TOOLS.objdump);
        const assembly = withTempDir((dir) => {
          runToolOrFail(GNU_TOOLS.gcc, ['-S', ...FIXTURE_C_FLAGS, '-mno-relax', '-o', 'x.s', join(FIXTURES, source)], dir);
          return readFileSync(join(dir, 'x.s'), 'utf8');
        });
        const { instructions } = compareWithGnu(assembly);
        assert.ok(instructions > 20);
      });
    }
  }

  it('assembles gcc -S -mcmodel=medany output (%pcrel_hi / %pcrel_lo) like GNU as', function () {
    requireTools(this, GNU_TOOLS.gcc, GNU_TOOLS.as, GNU_TOOLS.ld, GNU_TOOLS.objcopy, GNU_TOOLS.objdump);
    const assembly = withTempDir((dir) => {
      runToolOrFail(GNU_TOOLS.gcc, ['-S', ...FIXTURE_C_FLAGS, '-mno-relax', '-mcmodel=medany', '-mexplicit-relocs', '-o', 'x.s', join(FIXTURES, 'sort.c')], dir);
      return readFileSync(join(dir, 'x.s'), 'utf8');
    });
    assert.match(assembly, /%pcrel_lo/);
    compareWithGnu(assembly);
  });
});
