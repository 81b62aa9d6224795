// The single page table of the global address space (machine.md §1-2) and the memory behind it.
// Page attributes live in one Int32Array indexed by page number so the interpreter can check an
// access with one load, one mask and one compare; mapped pages get a 4 KiB frame in one growable
// buffer (seen as bytes and as little-endian words), found through a frame-number array.

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
  /** Bookkeeping: an asynchronous capability's revocation counter lives here (stores count revocations). */
  counter: 1 << 7,
} as const;
/** Any of these bits sends a store to the slow path even inside the current domain. */
export const STORE_BOOKKEEPING_BITS = PageBit.decoded | PageBit.counter;
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

/** Saved page table: attribute word and frame of each mapped page, and a copy of the frames. */
export interface PageTableSnapshot {
  pageNumbers: Int32Array;
  attributes: Int32Array;
  frames: Int32Array;
  memory: Uint8Array;
  freeFrames: number[];
}

const INITIAL_FRAMES = 16;

export class PageTable {
  /** Attribute word per page number; 0 = unmapped. */
  readonly attributes = new Int32Array(PAGE_COUNT);
  /** Frame of each mapped page: its bytes start at frame << PAGE_SHIFT in `bytes`. */
  readonly frameOf = new Int32Array(PAGE_COUNT);
  /** All frames; replaced (never while the interpreter runs) when more frames are needed. */
  bytes = new Uint8Array(INITIAL_FRAMES * PAGE_BYTES);
  words = new Int32Array(this.bytes.buffer);
  private frameCount = 0;
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

  /** Index in `bytes` of a mapped address. */
  byteIndex(address: number): number {
    return (this.frameOf[address >>> PAGE_SHIFT] << PAGE_SHIFT) | (address & PAGE_OFFSET_MASK);
  }

  /** Index in `words` of a mapped, 4-byte-aligned address. */
  wordIndex(address: number): number {
    return (this.frameOf[address >>> PAGE_SHIFT] << (PAGE_SHIFT - 2)) | ((address & PAGE_OFFSET_MASK) >>> 2);
  }

  /** Maps a page with the given attribute word; a page already mapped keeps its contents. */
  map(pageNumber: number, word: number): void {
    const old = this.attributes[pageNumber];
    if ((old & PageBit.mapped) === 0) {
      const frame = this.freeFrames.pop() ?? this.newFrame();
      this.bytes.fill(0, frame << PAGE_SHIFT, (frame + 1) << PAGE_SHIFT);
      this.frameOf[pageNumber] = frame;
      this.mapped.add(pageNumber);
    }
    this.attributes[pageNumber] = word | (old & (PageBit.counter | PageBit.decoded));
  }

  unmap(pageNumber: number): void {
    if (!this.isMapped(pageNumber)) return;
    this.freeFrames.push(this.frameOf[pageNumber]);
    this.attributes[pageNumber] = 0;
    this.frameOf[pageNumber] = 0;
    this.mapped.delete(pageNumber);
  }

  mappedPageNumbers(): number[] {
    return [...this.mapped].sort((a, b) => a - b);
  }

  snapshot(): PageTableSnapshot {
    const numbers = this.mappedPageNumbers();
    return {
      pageNumbers: Int32Array.from(numbers),
      attributes: Int32Array.from(numbers, (page) => this.attributes[page] & ~PageBit.decoded),
      frames: Int32Array.from(numbers, (page) => this.frameOf[page]),
      memory: this.bytes.slice(0, this.frameCount * PAGE_BYTES),
      freeFrames: [...this.freeFrames],
    };
  }

  restore(saved: PageTableSnapshot): void {
    for (const pageNumber of this.mappedPageNumbers()) this.unmap(pageNumber);
    const frames = saved.memory.length / PAGE_BYTES;
    if (this.bytes.length < saved.memory.length) this.grow(frames);
    this.bytes.set(saved.memory);
    this.frameCount = frames;
    this.freeFrames = [...saved.freeFrames];
    saved.pageNumbers.forEach((pageNumber, index) => {
      this.attributes[pageNumber] = saved.attributes[index];
      this.frameOf[pageNumber] = saved.frames[index];
      this.mapped.add(pageNumber);
    });
  }

  private newFrame(): number {
    if ((this.frameCount + 1) * PAGE_BYTES > this.bytes.length) this.grow(this.frameCount * 2);
    return this.frameCount++;
  }

  private grow(frames: number): void {
    const bytes = new Uint8Array(Math.max(frames, INITIAL_FRAMES) * PAGE_BYTES);
    bytes.set(this.bytes.subarray(0, Math.min(this.bytes.length, bytes.length)));
    this.bytes = bytes;
    this.words = new Int32Array(bytes.buffer);
  }
}
