// The single page table of the global address space (machine.md §1-2) and the memory behind it.
// Page attributes live in one Int32Array indexed by page number so the interpreter can check an
// access with one load, one mask and one compare. Each mapped page has a 4 KiB frame (seen as
// bytes and as little-endian words), found through a frame-number array; snapshots share frames
// copy-on-write, so taking one costs nothing per page until the page is next written.

export const PAGE_SHIFT = 12;
export const PAGE_BYTES = 1 << PAGE_SHIFT;
export const PAGE_COUNT = 1 << (32 - PAGE_SHIFT);
export const PAGE_OFFSET_MASK = PAGE_BYTES - 1;

/** Bits of an attribute word. The tag sits above TAG_SHIFT. */
export const PageBit = {
  mapped: 1 << 0,
  read: 1 << 1,
  write: 1 << 2,
  execute: 1 << 3,
  privileged: 1 << 4,
  capabilityStorage: 1 << 5,
  /** Bookkeeping: the interpreter holds decoded instructions of this page (stores must invalidate them). */
  decoded: 1 << 6,
  /** Bookkeeping: the frame is shared with a snapshot; the next store copies it first. */
  shared: 1 << 7,
} as const;
/** Any of these bits sends a store to the slow path even inside the current domain. */
export const STORE_BOOKKEEPING_BITS = PageBit.decoded | PageBit.shared;
export const TAG_SHIFT = 12;
/** Tags are 0..MAX_TAG (0 is the kernel's); they must fit above TAG_SHIFT in a positive int32. */
export const MAX_TAG = (1 << (31 - TAG_SHIFT)) - 1;
export const TAG_MASK = MAX_TAG << TAG_SHIFT;

export interface PageAttributes {
  read: boolean;
  write: boolean;
  execute: boolean;
  /** The owning domain; 0 is the kernel's. */
  tag: number;
  /** P: code on this page may run privileged instructions and reach tag-0 memory. */
  privileged?: boolean;
  /** C: the page holds capabilities; only cap.ld / cap.st may touch it. */
  capabilityStorage?: boolean;
}

export interface PageInfo extends Required<PageAttributes> {
  /** Address of the first byte of the page. */
  address: number;
}

if (new Uint8Array(new Uint32Array([0x01020304]).buffer)[0] !== 0x04) {
  throw new Error('the CODOMs machine needs a little-endian host (its memory words are host Int32Arrays)');
}

export function attributeWord(attributes: PageAttributes): number {
  if (!Number.isInteger(attributes.tag) || attributes.tag < 0 || attributes.tag > MAX_TAG) {
    throw new RangeError(`page tag must be an integer in 0..${MAX_TAG}, got ${String(attributes.tag)}`);
  }
  return (
    PageBit.mapped |
    (attributes.read ? PageBit.read : 0) |
    (attributes.write ? PageBit.write : 0) |
    (attributes.execute ? PageBit.execute : 0) |
    (attributes.privileged === true ? PageBit.privileged : 0) |
    (attributes.capabilityStorage === true ? PageBit.capabilityStorage : 0) |
    (attributes.tag << TAG_SHIFT)
  );
}

export function pageInfoOf(pageNumber: number, word: number): PageInfo {
  return {
    address: (pageNumber << PAGE_SHIFT) >>> 0,
    read: (word & PageBit.read) !== 0,
    write: (word & PageBit.write) !== 0,
    execute: (word & PageBit.execute) !== 0,
    tag: word >>> TAG_SHIFT,
    privileged: (word & PageBit.privileged) !== 0,
    capabilityStorage: (word & PageBit.capabilityStorage) !== 0,
  };
}

/** Saved page table: attribute word and (shared, never again written) frame of each mapped page. */
export interface PageTableSnapshot {
  pageNumbers: Int32Array;
  attributes: Int32Array;
  frames: ArrayBuffer[];
}

const NO_BYTES = new Uint8Array(0);
const NO_WORDS = new Int32Array(0);

export class PageTable {
  /** Attribute word per page number; 0 = unmapped. */
  readonly attributes = new Int32Array(PAGE_COUNT);
  /** Frame number of each mapped page (0 = none). */
  readonly frameOf = new Int32Array(PAGE_COUNT);
  /** Contents per frame number; frame 0 is the empty frame of unmapped pages. */
  readonly bytes: Uint8Array[] = [NO_BYTES];
  readonly words: Int32Array[] = [NO_WORDS];
  private freeFrames: number[] = [];
  /** Page numbers currently mapped (kept so listing and snapshots do not scan a million entries). */
  private readonly mapped = new Set<number>();

  static pageRange(address: number, size: number): { first: number; count: number } {
    if (!Number.isInteger(address) || address < 0 || address > 0xffffffff || (address & PAGE_OFFSET_MASK) !== 0) {
      throw new RangeError(`page address must be a page-aligned 32-bit address, got ${String(address)}`);
    }
    if (!Number.isInteger(size) || size <= 0 || address + size > 2 ** 32) {
      throw new RangeError(`size must be a positive integer that stays inside the 32-bit address space, got ${String(size)}`);
    }
    return { first: address >>> PAGE_SHIFT, count: Math.ceil(size / PAGE_BYTES) };
  }

  isMapped(pageNumber: number): boolean {
    return (this.attributes[pageNumber] & PageBit.mapped) !== 0;
  }

  /** Bytes of the page holding a mapped address (index them with address & PAGE_OFFSET_MASK). */
  pageBytes(address: number): Uint8Array {
    return this.bytes[this.frameOf[address >>> PAGE_SHIFT]];
  }

  /** Words of the page holding a mapped address (index them with (address & PAGE_OFFSET_MASK) >>> 2). */
  pageWords(address: number): Int32Array {
    return this.words[this.frameOf[address >>> PAGE_SHIFT]];
  }

  /** Maps a page with the given attribute word; a page already mapped keeps its contents. */
  map(pageNumber: number, word: number): void {
    const old = this.attributes[pageNumber];
    if ((old & PageBit.mapped) === 0) this.attachFrame(pageNumber, new ArrayBuffer(PAGE_BYTES));
    this.attributes[pageNumber] = word | (old & (PageBit.decoded | PageBit.shared));
  }

  unmap(pageNumber: number): void {
    if (!this.isMapped(pageNumber)) return;
    const frame = this.frameOf[pageNumber];
    this.bytes[frame] = NO_BYTES;
    this.words[frame] = NO_WORDS;
    this.freeFrames.push(frame);
    this.attributes[pageNumber] = 0;
    this.frameOf[pageNumber] = 0;
    this.mapped.delete(pageNumber);
  }

  mappedPageNumbers(): number[] {
    return [...this.mapped].sort((a, b) => a - b);
  }

  /** Gives a page its own frame if it still shares one with a snapshot (call before writing it). */
  makePrivate(pageNumber: number): void {
    const word = this.attributes[pageNumber];
    if ((word & PageBit.shared) === 0) return;
    const frame = this.frameOf[pageNumber];
    const copy = this.bytes[frame].slice().buffer;
    this.bytes[frame] = new Uint8Array(copy);
    this.words[frame] = new Int32Array(copy);
    this.attributes[pageNumber] = word & ~PageBit.shared;
  }

  snapshot(): PageTableSnapshot {
    const numbers = this.mappedPageNumbers();
    for (const page of numbers) this.attributes[page] |= PageBit.shared;
    return {
      pageNumbers: Int32Array.from(numbers),
      attributes: Int32Array.from(numbers, (page) => this.attributes[page] & ~PageBit.decoded),
      frames: numbers.map((page) => this.bytes[this.frameOf[page]].buffer as ArrayBuffer),
    };
  }

  restore(saved: PageTableSnapshot): void {
    for (const pageNumber of this.mappedPageNumbers()) this.unmap(pageNumber);
    saved.pageNumbers.forEach((pageNumber, index) => {
      this.attachFrame(pageNumber, saved.frames[index]);
      // Still shared with the snapshot, which may be restored again.
      this.attributes[pageNumber] = saved.attributes[index] | PageBit.shared;
    });
  }

  private attachFrame(pageNumber: number, buffer: ArrayBuffer): void {
    const frame = this.freeFrames.pop() ?? this.bytes.length;
    this.bytes[frame] = new Uint8Array(buffer);
    this.words[frame] = new Int32Array(buffer);
    this.frameOf[pageNumber] = frame;
    this.mapped.add(pageNumber);
  }
}
