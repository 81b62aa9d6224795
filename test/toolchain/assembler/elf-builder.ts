// Builds small ELF32 files byte by byte, so the loader's checks can be tested without a
// toolchain and with every header field under the test's control.

export interface BuiltSegment {
  type?: number;
  address: number;
  contents: number[];
  memorySize?: number;
  /** PF_X = 1, PF_W = 2, PF_R = 4 */
  flags: number;
}

export interface ElfOptions {
  segments: BuiltSegment[];
  entry: number;
  symbols?: { name: string; value: number; global?: boolean }[];
  elfClass?: number;
  dataEncoding?: number;
  type?: number;
  machine?: number;
  flags?: number;
}

const HEADER = 52;
const PROGRAM_HEADER = 32;
const SECTION_HEADER = 40;

export function buildElf(options: ElfOptions): Uint8Array {
  const segments = options.segments;
  const bytes: number[] = new Array(HEADER + PROGRAM_HEADER * segments.length).fill(0);
  const put32 = (offset: number, value: number): void => {
    for (let i = 0; i < 4; i++) bytes[offset + i] = (value >>> (8 * i)) & 0xff;
  };
  const put16 = (offset: number, value: number): void => {
    bytes[offset] = value & 0xff;
    bytes[offset + 1] = (value >>> 8) & 0xff;
  };
  bytes.splice(0, 4, 0x7f, 0x45, 0x4c, 0x46);
  bytes[4] = options.elfClass ?? 1;
  bytes[5] = options.dataEncoding ?? 1;
  bytes[6] = 1;
  put16(16, options.type ?? 2);
  put16(18, options.machine ?? 243);
  put32(20, 1);
  put32(24, options.entry);
  put32(28, HEADER);
  put32(36, options.flags ?? 0);
  put16(40, HEADER);
  put16(42, PROGRAM_HEADER);
  put16(44, segments.length);
  segments.forEach((segment, index) => {
    const header = HEADER + index * PROGRAM_HEADER;
    const offset = bytes.length;
    bytes.push(...segment.contents);
    put32(header, segment.type ?? 1);
    put32(header + 4, offset);
    put32(header + 8, segment.address);
    put32(header + 12, segment.address);
    put32(header + 16, segment.contents.length);
    put32(header + 20, segment.memorySize ?? segment.contents.length);
    put32(header + 24, segment.flags);
    put32(header + 28, 0x1000);
  });
  if (options.symbols) {
    // Sections: null, .symtab, .strtab, .shstrtab
    const names = [0];
    const stringTable: number[] = [0];
    for (const symbol of options.symbols) {
      names.push(stringTable.length);
      stringTable.push(...Buffer.from(symbol.name), 0);
    }
    const symbolTableOffset = bytes.length;
    bytes.push(...new Array(16).fill(0));
    options.symbols.forEach((symbol, index) => {
      const entry = bytes.length;
      bytes.push(...new Array(16).fill(0));
      put32(entry, names[index + 1]);
      put32(entry + 4, symbol.value);
      bytes[entry + 12] = ((symbol.global ? 1 : 0) << 4) | 2; // FUNC
      put16(entry + 14, 1);
    });
    const stringTableOffset = bytes.length;
    bytes.push(...stringTable);
    const sectionNames = [0, ...Buffer.from('.symtab\0.strtab\0.shstrtab\0')];
    const sectionNamesOffset = bytes.length;
    bytes.push(...sectionNames);
    const sectionHeaders = bytes.length;
    bytes.push(...new Array(SECTION_HEADER * 4).fill(0));
    const section = (index: number, name: number, type: number, offset: number, size: number, link: number): void => {
      const header = sectionHeaders + index * SECTION_HEADER;
      put32(header, name);
      put32(header + 4, type);
      put32(header + 16, offset);
      put32(header + 20, size);
      put32(header + 24, link);
      put32(header + 36, type === 2 ? 16 : 0);
    };
    section(1, 1, 2, symbolTableOffset, 16 * (options.symbols.length + 1), 2);
    section(2, 9, 3, stringTableOffset, stringTable.length, 0);
    section(3, 17, 3, sectionNamesOffset, sectionNames.length, 0);
    put32(32, sectionHeaders);
    put16(46, SECTION_HEADER);
    put16(48, 4);
    put16(50, 3);
  }
  return Uint8Array.from(bytes);
}
