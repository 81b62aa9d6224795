// Loads a static little-endian RV32 ELF executable (what `riscv64-unknown-elf-gcc -march=rv32im
// -mabi=ilp32 -nostdlib -static` links) into a plain ProgramImage: its PT_LOAD segments widened
// to whole pages, its entry point and its .symtab. Anything else is rejected with one ElfError.

import { PAGE_SIZE } from '../../kernel/address-space';
import { type ProgramImage, type Segment, type SegmentPermissions } from '../../kernel/program-image';

/** The one error loadElf throws: a message saying what is wrong with the file, for a person. */
export class ElfError extends Error {
  override name = 'ElfError';
}

const ELF_HEADER_SIZE = 52;
const PROGRAM_HEADER_SIZE = 32;
const SECTION_HEADER_SIZE = 40;
const SYMBOL_SIZE = 16;
const EM_RISCV = 243;
const ElfType = { relocatable: 1, executable: 2, shared: 3 } as const;
const SegmentType = { load: 1, dynamic: 2, interpreter: 3 } as const;
const SegmentFlag = { execute: 1, write: 2, read: 4 } as const;
const SectionType = { symbolTable: 2, noBits: 8 } as const;
const SectionFlag = { allocate: 2 } as const;
const EF_RISCV_RVC = 0x1;
const EF_RISCV_FLOAT_ABI = 0x6;
const SymbolType = { section: 3, file: 4 } as const;
const SYMBOL_BIND_GLOBAL = 1;

interface LoadSegment {
  index: number;
  offset: number;
  address: number;
  fileSize: number;
  memorySize: number;
  permissions: SegmentPermissions;
}

interface SectionHeader {
  name: number;
  type: number;
  flags: number;
  address: number;
  offset: number;
  size: number;
  link: number;
}

const hex = (value: number): string => `0x${value.toString(16)}`;

/** Parses and checks an ELF file; throws ElfError for anything but a static RV32 LE executable. */
export function loadElf(bytes: Uint8Array, processName = 'program'): ProgramImage {
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('not an ELF file (it does not start with the \\x7fELF magic number)');
  }
  if (bytes.length < ELF_HEADER_SIZE) throw new ElfError(`truncated ELF header: the file has ${bytes.length} bytes, the header needs ${ELF_HEADER_SIZE}`);
  if (bytes[4] === 2) throw new ElfError('this is a 64-bit ELF (ELFCLASS64); the machine is RV32: build with -march=rv32im -mabi=ilp32');
  if (bytes[4] !== 1) throw new ElfError(`invalid ELF class ${bytes[4]} (expected 1, ELFCLASS32)`);
  if (bytes[5] === 2) throw new ElfError('this ELF is big-endian; the machine is little-endian RV32');
  if (bytes[5] !== 1) throw new ElfError(`invalid ELF data encoding ${bytes[5]} (expected 1, little-endian)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (offset: number): number => view.getUint16(offset, true);
  const u32 = (offset: number): number => view.getUint32(offset, true);

  const type = u16(16);
  if (type === ElfType.relocatable) throw new ElfError('this is an object file (ET_REL), not a linked executable: link it first');
  if (type === ElfType.shared) throw new ElfError('this is a shared object or position-independent executable (ET_DYN); link with -static -no-pie');
  if (type !== ElfType.executable) throw new ElfError(`unsupported ELF type ${type} (expected 2, ET_EXEC)`);
  const machine = u16(18);
  if (machine !== EM_RISCV) throw new ElfError(`not a RISC-V executable (e_machine ${machine}, expected ${EM_RISCV})`);
  const flags = u32(36);
  if (flags & EF_RISCV_RVC) throw new ElfError('built with compressed instructions (the C extension), which the machine does not implement: build with -march=rv32im');
  if (flags & EF_RISCV_FLOAT_ABI) throw new ElfError('built for a hardware floating-point ABI; the machine is RV32IM: build with -mabi=ilp32');
  const entry = u32(24);
  const programHeaderOffset = u32(28);
  const sectionHeaderOffset = u32(32);
  const programHeaderSize = u16(42);
  const programHeaderCount = u16(44);

  if (programHeaderCount === 0) throw new ElfError('the ELF has no program headers, so nothing to load');
  if (programHeaderSize !== PROGRAM_HEADER_SIZE) throw new ElfError(`unexpected program header size ${programHeaderSize} (expected ${PROGRAM_HEADER_SIZE})`);
  if (programHeaderOffset + programHeaderCount * PROGRAM_HEADER_SIZE > bytes.length) {
    throw new ElfError(`truncated program headers: ${programHeaderCount} headers at offset ${programHeaderOffset} run past the end of the ${bytes.length}-byte file`);
  }

  const loads: LoadSegment[] = [];
  for (let index = 0; index < programHeaderCount; index += 1) {
    const header = programHeaderOffset + index * PROGRAM_HEADER_SIZE;
    const segmentType = u32(header);
    if (segmentType === SegmentType.dynamic || segmentType === SegmentType.interpreter) {
      throw new ElfError('this executable is dynamically linked; only static executables can run (link with -static)');
    }
    if (segmentType !== SegmentType.load) continue;
    const segment: LoadSegment = {
      index,
      offset: u32(header + 4),
      address: u32(header + 8),
      fileSize: u32(header + 16),
      memorySize: u32(header + 20),
      permissions: {
        read: (u32(header + 24) & SegmentFlag.read) !== 0,
        write: (u32(header + 24) & SegmentFlag.write) !== 0,
        execute: (u32(header + 24) & SegmentFlag.execute) !== 0,
      },
    };
    if (segment.memorySize === 0) continue;
    if (segment.offset + segment.fileSize > bytes.length) {
      throw new ElfError(`truncated segment ${index}: its ${segment.fileSize} bytes at offset ${segment.offset} run past the end of the ${bytes.length}-byte file`);
    }
    if (segment.fileSize > segment.memorySize) throw new ElfError(`segment ${index} has more file bytes (${segment.fileSize}) than memory bytes (${segment.memorySize})`);
    if (segment.address + segment.memorySize > 0x1_0000_0000) throw new ElfError(`segment ${index} at ${hex(segment.address)} runs past the end of the 32-bit address space`);
    loads.push(segment);
  }
  if (loads.length === 0) throw new ElfError('the ELF has no loadable (PT_LOAD) segments');
  loads.sort((a, b) => a.address - b.address);
  for (let index = 1; index < loads.length; index += 1) {
    const previous = loads[index - 1];
    const segment = loads[index];
    if (segment.address < previous.address + previous.memorySize) {
      throw new ElfError(`segments ${previous.index} (${hex(previous.address)}-${hex(previous.address + previous.memorySize)}) and ${segment.index} (from ${hex(segment.address)}) overlap`);
    }
  }
  if (!loads.some((segment) => segment.permissions.execute && entry >= segment.address && entry < segment.address + segment.memorySize)) {
    throw new ElfError(`the entry point ${hex(entry)} is not inside an executable segment`);
  }

  const sections = sectionHeaders(bytes, u16, u32, sectionHeaderOffset);
  const sectionNames = sectionNameReader(bytes, sections, u16(50));
  const segments = pageAlignedSegments(bytes, loads, processName, sections, sectionNames);
  return {
    processes: [{ name: processName, regionIndex: 0, segments, startAddress: entry, plain: true }],
    symbols: symbolTable(bytes, u32, sections),
  };
}

function sectionHeaders(bytes: Uint8Array, u16: (offset: number) => number, u32: (offset: number) => number, offset: number): SectionHeader[] {
  const count = u16(48);
  if (offset === 0 || count === 0) return [];
  if (u16(46) !== SECTION_HEADER_SIZE) throw new ElfError(`unexpected section header size ${u16(46)} (expected ${SECTION_HEADER_SIZE})`);
  if (offset + count * SECTION_HEADER_SIZE > bytes.length) throw new ElfError(`truncated section headers: ${count} headers at offset ${offset} run past the end of the file`);
  return Array.from({ length: count }, (_, index) => {
    const header = offset + index * SECTION_HEADER_SIZE;
    return {
      name: u32(header),
      type: u32(header + 4),
      flags: u32(header + 8),
      address: u32(header + 12),
      offset: u32(header + 16),
      size: u32(header + 20),
      link: u32(header + 24),
    };
  });
}

function readString(bytes: Uint8Array, table: SectionHeader, offset: number): string {
  if (table.type === SectionType.noBits || table.offset + table.size > bytes.length) throw new ElfError('truncated string table');
  let end = table.offset + offset;
  const limit = table.offset + table.size;
  if (end >= limit) return '';
  while (end < limit && bytes[end] !== 0) end += 1;
  return new TextDecoder().decode(bytes.subarray(table.offset + offset, end));
}

function sectionNameReader(bytes: Uint8Array, sections: SectionHeader[], nameTableIndex: number): (section: SectionHeader) => string {
  const table = sections[nameTableIndex];
  return (section) => (table ? readString(bytes, table, section.name) : '');
}

/**
 * Widens each segment to whole pages (the kernel maps pages); the widening is zero-filled.
 * Segments that share a page (possible with hand-made linker scripts) become one segment with
 * the union of their permissions, since a page has one set of permissions.
 */
function pageAlignedSegments(bytes: Uint8Array, loads: LoadSegment[], processName: string, sections: SectionHeader[], sectionName: (section: SectionHeader) => string): Segment[] {
  interface Region { start: number; end: number; fileEnd: number; parts: LoadSegment[]; permissions: SegmentPermissions }
  const regions: Region[] = [];
  for (const segment of loads) {
    const start = Math.floor(segment.address / PAGE_SIZE) * PAGE_SIZE;
    const end = Math.ceil((segment.address + segment.memorySize) / PAGE_SIZE) * PAGE_SIZE;
    const last = regions[regions.length - 1];
    if (last && start < last.end) {
      last.end = Math.max(last.end, end);
      last.fileEnd = segment.address + segment.fileSize;
      last.parts.push(segment);
      last.permissions = {
        read: last.permissions.read || segment.permissions.read,
        write: last.permissions.write || segment.permissions.write,
        execute: last.permissions.execute || segment.permissions.execute,
      };
    } else {
      regions.push({ start, end, fileEnd: segment.address + segment.fileSize, parts: [segment], permissions: { ...segment.permissions } });
    }
  }
  return regions.map((region) => {
    const contents = new Uint8Array(Math.max(0, region.fileEnd - region.start));
    for (const part of region.parts) contents.set(bytes.subarray(part.offset, part.offset + part.fileSize), part.address - region.start);
    const last = region.parts[region.parts.length - 1];
    const inside = sections
      .filter((section) => (section.flags & SectionFlag.allocate) !== 0 && section.size > 0 && section.address >= region.start && section.address < region.end)
      .map(sectionName)
      .filter((name) => name !== '');
    const p = region.permissions;
    const label = inside.length > 0 ? inside.join(' ') : `LOAD ${p.read ? 'r' : '-'}${p.write ? 'w' : '-'}${p.execute ? 'x' : '-'}`;
    return {
      address: region.start,
      bytes: contents,
      size: last.address + last.memorySize - region.start,
      permissions: region.permissions,
      name: `${processName} ${label}`,
    };
  });
}

function symbolTable(bytes: Uint8Array, u32: (offset: number) => number, sections: SectionHeader[]): Map<string, number> {
  const symbols = new Map<string, number>();
  const globals = new Set<string>();
  for (const table of sections.filter((section) => section.type === SectionType.symbolTable)) {
    const strings = sections[table.link];
    if (!strings) throw new ElfError('the symbol table names a string table that does not exist');
    if (table.offset + table.size > bytes.length) throw new ElfError('truncated symbol table');
    for (let offset = table.offset + SYMBOL_SIZE; offset + SYMBOL_SIZE <= table.offset + table.size; offset += SYMBOL_SIZE) {
      const info = bytes[offset + 12];
      const symbolType = info & 0xf;
      const sectionIndex = bytes[offset + 14] | (bytes[offset + 15] << 8);
      if (sectionIndex === 0 || symbolType === SymbolType.section || symbolType === SymbolType.file) continue;
      const name = readString(bytes, strings, u32(offset));
      // `$x`/`$d` are binutils' mapping symbols, not names a person wrote.
      if (name === '' || name.startsWith('$')) continue;
      const isGlobal = info >> 4 === SYMBOL_BIND_GLOBAL;
      if (symbols.has(name) && (globals.has(name) || !isGlobal)) continue;
      symbols.set(name, u32(offset + 4));
      if (isGlobal) globals.add(name);
    }
  }
  return symbols;
}
