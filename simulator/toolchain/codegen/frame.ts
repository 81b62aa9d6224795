// The stack frame of one generated function (docs/codegen.md "Frame layout"): s0 is the frame
// pointer (the sp at entry), the return address and the caller's s0 sit just below it, then
// locals, expression temporaries and print buffers at negative s0 offsets, and the outgoing
// stack arguments (calls with more than eight integer arguments) at the bottom, at sp.

export const SAVED_RETURN_ADDRESS_OFFSET = -4;
export const SAVED_FRAME_POINTER_OFFSET = -8;
const FIXED_BYTES = 8;
const STACK_ALIGNMENT = 16;

export class Frame {
  private bytes = FIXED_BYTES;
  private readonly temporaries: number[] = [];
  private temporaryDepth = 0;
  private outgoingBytes = 0;

  /** A slot of `size` bytes (word-aligned) that lives for the whole function; returns its s0 offset. */
  allocate(size: number): number {
    this.bytes = Math.ceil((this.bytes + size) / 4) * 4;
    return -this.bytes;
  }

  /** A one-word expression temporary, reused once released (temporaries nest like a stack). */
  pushTemporary(): number {
    if (this.temporaryDepth === this.temporaries.length) this.temporaries.push(this.allocate(4));
    const offset = this.temporaries[this.temporaryDepth];
    this.temporaryDepth += 1;
    return offset;
  }

  popTemporaries(count: number): void {
    this.temporaryDepth -= count;
    if (this.temporaryDepth < 0) throw new Error('frame temporaries released twice');
  }

  reserveOutgoingArguments(words: number): void {
    this.outgoingBytes = Math.max(this.outgoingBytes, words * 4);
  }

  /** Total frame size, 16-byte aligned as the RISC-V ABI requires of sp. */
  get size(): number {
    return Math.ceil((this.bytes + this.outgoingBytes) / STACK_ALIGNMENT) * STACK_ALIGNMENT;
  }
}
