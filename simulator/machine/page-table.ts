// The single page table of the global address space (machine.md §1-2) and the memory behind it.
// Page attributes live in one Int32Array indexed by page number so the interpreter can check an
// access with one load, one mask and one compare; page contents are 4 KiB buffers seen both as
// bytes and as little-endian words, shared copy-on-write with snapshots.

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
  /** Bookkeeping: the buffer is shared with a snapshot (the first store copies it). */
  shared: 1 << 7,
  /** Bookkeeping: an asynchronous capability's revocation counter lives here (stores count revocations). */
  counter: 1 << 8,
} as const;
/** Any of these bits sends a store to the slow path even inside the current domain. */
export const STORE_BOOKKEEPING_BITS = PageBit.decoded | PageBit.shared | PageBit.counter;
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

const NO_BYTES = new Uint8Array(0);
const NO_WORDS = new Int32Array(0);

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

/** Saved page table: attribute words of mapped pages and their (shared, immutable) buffers. */
export interface PageTableSnapshot {
  pageNumbers: Int32Array;
  attributes: Int32Array;
  buffers: ArrayBuffer[];
}

export class PageTable {
  /** Attribute word per page number; 0 = unmapped. */
  readonly attributes = new Int32Array(PAGE_COUNT);
  /** Contents per page number (an empty array for unmapped pages). */
  readonly bytes: Uint8Array[] = new Array<Uint8Array>(PAGE_COUNT).fill(NO_BYTES);
  readonly words: Int32Array[] = new Array<Int32Array>(PAGE_COUNT).fill(NO_WORDS);
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

  /** Maps pages with the given attributes; pages already mapped keep their contents. */
  map(pageNumber: number, word: number): void {
    const old = this.attributes[pageNumber];
    if ((old & PageBit.mapped) === 0) {
      const buffer = new ArrayBuffer(PAGE_BYTES);
      this.bytes[pageNumber] = new Uint8Array(buffer);
      this.words[pageNumber] = new Int32Array(buffer);
      this.mapped.add(pageNumber);
    }
    this.attributes[pageNumber] = word | (old & (PageBit.shared | PageBit.counter | PageBit.decoded));
  }

  unmap(pageNumber: number): void {
    this.attributes[pageNumber] = 0;
    this.bytes[pageNumber] = NO_BYTES;
    this.words[pageNumber] = NO_WORDS;
    this.mapped.delete(pageNumber);
  }

  mappedPageNumbers(): number[] {
    return [...this.mapped].sort((a, b) => a - b);
  }

  /** Gives the page its own buffer if it still shares one with a snapshot. */
  makePrivate(pageNumber: number): void {
    const word = this.attributes[pageNumber];
    if ((word & PageBit.shared) === 0) return;
    const copy = this.bytes[pageNumber].buffer.slice(0);
    this.bytes[pageNumber] = new Uint8Array(copy);
    this.words[pageNumber] = new Int32Array(copy);
    this.attributes[pageNumber] = word & ~PageBit.shared;
  }

  snapshot(): PageTableSnapshot {
    const numbers = this.mappedPageNumbers();
    const pageNumbers = Int32Array.from(numbers);
    const attributes = new Int32Array(numbers.length);
    const buffers: ArrayBuffer[] = [];
    numbers.forEach((pageNumber, index) => {
      // After this, the live page and the snapshot share the buffer until the next store.
      this.attributes[pageNumber] |= PageBit.shared;
      attributes[index] = this.attributes[pageNumber] & ~(PageBit.decoded | PageBit.shared);
      buffers.push(this.bytes[pageNumber].buffer as ArrayBuffer);
    });
    return { pageNumbers, attributes, buffers };
  }

  restore(saved: PageTableSnapshot): void {
    for (const pageNumber of this.mappedPageNumbers()) this.unmap(pageNumber);
    saved.pageNumbers.forEach((pageNumber, index) => {
      const buffer = saved.buffers[index];
      this.attributes[pageNumber] = saved.attributes[index] | PageBit.shared;
      this.bytes[pageNumber] = new Uint8Array(buffer);
      this.words[pageNumber] = new Int32Array(buffer);
      this.mapped.add(pageNumber);
    });
  }
}
