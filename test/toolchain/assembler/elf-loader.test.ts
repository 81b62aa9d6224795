// The ELF loader: what it makes of valid static RV32 executables (hand-built, and built by gcc
// from test/fixtures/riscv when the toolchain is installed) and how it rejects everything else.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { PAGE_SIZE } from '../../../simulator/kernel/address-space';
import { ElfError, loadElf } from '../../../simulator/toolchain/assembler/elf-loader';
import { buildElf, type ElfOptions } from './elf-builder';
import { GNU_TOOLS, requireTools, runToolOrFail, withTempDir } from './gnu-tools';
import { RISCV_FIXTURES, buildFixture } from './riscv-fixtures';

const R = 4;
const W = 2;
const X = 1;
const TEXT = [0x13, 0x05, 0x10, 0x00, 0x73, 0x00, 0x00, 0x00]; // li a0, 1; ecall

const valid = (overrides: Partial<ElfOptions> = {}): ElfOptions => ({
  entry: 0x10000,
  segments: [
    { address: 0x10000, contents: TEXT, flags: R | X },
    { address: 0x11234, contents: [1, 2, 3, 4], memorySize: 0x100, flags: R | W },
  ],
  symbols: [{ name: '_start', value: 0x10000, global: true }, { name: 'counter', value: 0x11234 }],
  ...overrides,
});

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => loadElf(bytes), (error: unknown) => error instanceof ElfError && pattern.test(error.message));
}

describe('ELF loader', () => {
  it('loads PT_LOAD segments page-aligned, with permissions, entry, zero fill and symbols', () => {
    const image = loadElf(buildElf(valid()), 'demo');
    assert.equal(image.processes.length, 1);
    const process = image.processes[0];
    assert.equal(process.plain, true);
    assert.equal(process.name, 'demo');
    assert.equal(process.startAddress, 0x10000);
    assert.deepEqual(process.segments.map((s) => [s.address, s.size, s.permissions]), [
      [0x10000, TEXT.length, { read: true, write: false, execute: true }],
      [0x11000, 0x234 + 0x100, { read: true, write: true, execute: false }],
    ]);
    // The widening below the data segment's start is zeros, then the file bytes.
    assert.deepEqual([...process.segments[1].bytes], [...new Array(0x234).fill(0), 1, 2, 3, 4]);
    for (const segment of process.segments) assert.equal(segment.address % PAGE_SIZE, 0);
    assert.deepEqual([...image.symbols], [['_start', 0x10000], ['counter', 0x11234]]);
  });

  it('merges segments that share a page, with the union of their permissions', () => {
    const image = loadElf(buildElf(valid({
      segments: [
        { address: 0x10000, contents: TEXT, flags: R | X },
        { address: 0x10800, contents: [9], memorySize: 16, flags: R | W },
      ],
    })));
    const [segment] = image.processes[0].segments;
    assert.equal(image.processes[0].segments.length, 1);
    assert.deepEqual(segment.permissions, { read: true, write: true, execute: true });
    assert.equal(segment.size, 0x810);
    assert.equal(segment.bytes[0x800], 9);
    assert.deepEqual([...segment.bytes.subarray(0, 8)], TEXT);
  });

  it('loads an executable without section headers (no symbols)', () => {
    const image = loadElf(buildElf(valid({ symbols: undefined })));
    assert.equal(image.symbols.size, 0);
  });

  it('rejects what is not a static little-endian RV32 executable, with one clear message each', () => {
    rejects(Uint8Array.from(Buffer.from('#!/bin/sh\necho hi\n')), /not an ELF file/);
    rejects(new Uint8Array(0), /not an ELF file/);
    rejects(buildElf(valid()).subarray(0, 40), /truncated ELF header/);
    rejects(buildElf(valid({ elfClass: 2 })), /64-bit ELF \(ELFCLASS64\)/);
    rejects(buildElf(valid({ dataEncoding: 2 })), /big-endian/);
    rejects(buildElf(valid({ machine: 62 })), /not a RISC-V executable \(e_machine 62, expected 243\)/);
    rejects(buildElf(valid({ type: 1 })), /object file \(ET_REL\)/);
    rejects(buildElf(valid({ type: 3 })), /ET_DYN/);
    rejects(buildElf(valid({ flags: 1 })), /compressed instructions/);
    rejects(buildElf(valid({ flags: 4 })), /floating-point ABI/);
    rejects(buildElf(valid()).subarray(0, 70), /truncated program headers/);
    rejects(buildElf(valid({ symbols: undefined })).subarray(0, 52 + 64 + 4), /truncated segment 0/);
    rejects(buildElf(valid({ segments: [{ address: 0x10000, contents: TEXT, flags: R | X }, { address: 0x10004, contents: [1], flags: R }] })), /overlap/);
    rejects(buildElf(valid({ segments: [{ address: 0x10000, contents: TEXT, memorySize: 4, flags: R | X }] })), /more file bytes/);
    rejects(buildElf(valid({ entry: 0x11234 })), /entry point 0x11234 is not inside an executable segment/);
    rejects(buildElf(valid({ segments: [{ address: 0x10000, contents: TEXT, flags: R | X }, { type: 3, address: 0, contents: [], flags: R }] })), /dynamically linked/);
    rejects(buildElf(valid({ segments: [{ type: 4, address: 0, contents: [1], flags: R }] })), /no loadable \(PT_LOAD\) segments/);
  });

  it('never throws anything but ElfError, whatever the bytes', () => {
    const good = buildElf(valid());
    for (let length = 0; length < good.length; length += 7) {
      try {
        loadElf(good.subarray(0, length));
      } catch (error) {
        assert.ok(error instanceof ElfError, `length ${length}: ${String(error)}`);
      }
    }
  });

  describe('gcc-built fixtures', () => {
    for (const fixture of RISCV_FIXTURES) {
      it(`loads ${fixture.name} as objdump -p describes it`, function () {
        requireTools(this, GNU_TOOLS.gcc, GNU_TOOLS.objdump);
        withTempDir((dir) => {
          const path = buildFixture(fixture, dir);
          const image = loadElf(new Uint8Array(readFileSync(path)), fixture.name);
          const process = image.processes[0];
          const headers = runToolOrFail(GNU_TOOLS.objdump, ['-p', '-f', path], dir);
          const entry = parseInt(/start address 0x([0-9a-f]+)/.exec(headers)![1], 16);
          assert.equal(process.startAddress, entry);
          assert.equal(image.symbols.get('_start'), entry);
          // Every LOAD program header is covered, page-aligned, with its permissions.
          const loads = [...headers.matchAll(/LOAD off\s+0x([0-9a-f]+) vaddr 0x([0-9a-f]+)[^\n]*\n\s+filesz 0x([0-9a-f]+) memsz 0x([0-9a-f]+) flags (\S+)/g)];
          assert.ok(loads.length >= 1);
          for (const [, , vaddr, , memsz, flags] of loads) {
            const address = parseInt(vaddr, 16);
            const end = address + parseInt(memsz, 16);
            const segment = process.segments.find((s) => s.address <= address && end <= s.address + s.size);
            assert.ok(segment, `segment at ${vaddr}`);
            assert.equal(segment.address % PAGE_SIZE, 0);
            assert.deepEqual(segment.permissions, { read: flags.includes('r'), write: flags.includes('w'), execute: flags.includes('x') });
          }
          // The bytes at `_start` are the ones objdump disassembles there.
          const listing = runToolOrFail(GNU_TOOLS.objdump, ['-d', '--start-address', `0x${entry.toString(16)}`, '--stop-address', `0x${(entry + 4).toString(16)}`, path], dir);
          const firstWord = parseInt(/^\s*[0-9a-f]+:\s+([0-9a-f]{8})/m.exec(listing)![1], 16);
          const text = process.segments.find((s) => s.permissions.execute)!;
          const offset = entry - text.address;
          assert.equal(new DataView(text.bytes.buffer, text.bytes.byteOffset).getUint32(offset, true), firstWord);
          if (fixture.sources.some((source) => source.endsWith('.c'))) assert.ok(image.symbols.has('main'));
        });
      });
    }
  });
});
