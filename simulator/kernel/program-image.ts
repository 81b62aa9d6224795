// What the kernel loads: the output of the compiler (for `.dipc`), the assembler (for `.s`) or
// the ELF loader. Only memory contents, page attributes and where each process's first thread
// starts; everything else (entries, imports, domains, grants) the program's own start-up code
// tells the kernel through system calls, as a real dIPC program would.

export interface SegmentPermissions {
  read: boolean;
  write: boolean;
  execute: boolean;
}

export interface Segment {
  /** Page-aligned. */
  address: number;
  /** Initial contents; the rest of `size` is zero. */
  bytes: Uint8Array;
  /** Bytes to map (rounded up to whole pages by the kernel). */
  size: number;
  permissions: SegmentPermissions;
  /** Pages with the C bit (capability storage): ordinary loads and stores fault there. */
  capabilityStorage?: boolean;
  /** Human-readable name for the page map and `disasm` (e.g. `Store .text`). */
  name: string;
  /**
   * The further domain this segment belongs to (`Browser.Plugin` for the language's `domain Plugin`):
   * the start-up code `dom_mmap`s it into a domain it creates, and the kernel names that domain
   * after it, so faults and listings say `Browser.Plugin` rather than a number.
   */
  domain?: string;
}

export interface ProcessImage {
  name: string;
  /** Index into the address-space layout (address-space.ts processRegionBase). */
  regionIndex: number;
  /** Mapped into the process's own domain at load. */
  segments: Segment[];
  /**
   * Where the process's first thread starts: its start-up code (register entries, init_barrier,
   * resolve imports, then `main` or thread_exit), or an ELF's entry point.
   */
  startAddress: number;
  /** Initial sp of the first thread; omitted: the kernel's first stack of the process region. */
  stackTop?: number;
  /**
   * Single-process programs from `.s` and ELF files run without the dIPC layout: the kernel maps
   * their segments as given and gives them a plain stack below PLAIN_PROGRAM_STACK_TOP.
   */
  plain?: boolean;
}

export interface ProgramImage {
  processes: ProcessImage[];
  /** Symbol name -> address, for `disasm`, breakpoints by address and tests. */
  symbols: Map<string, number>;
}
