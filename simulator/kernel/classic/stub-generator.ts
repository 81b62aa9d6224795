// The user-level code of a classic IPC call (os.md §5), generated as machine words like a proxy:
// the caller's stub (in the caller's own domain: marshals the arguments into a message on its
// stack, makes the `ipc_call` system call, unmarshals the reply) and the server stub (in the
// callee's domain: unmarshals the request, creates capabilities over the copied buffers, calls
// the entry, marshals the result and makes `ipc_reply`). This marshalling is simulated and costs
// cycles like any code; only the kernel's side is charged from the ipc cost table.
import { encode, type Operands } from '../../machine/encoder';
import { INTEGER_REGISTER_NAMES } from '../../machine/instruction-set';
import { Syscall, decodeSignature } from '../abi';
import type { ClassicPrimitive } from './classic-modes';

/** Message layout, in words from the message's address (the stub's sp). */
export interface MessageLayout {
  integerArguments: number;
  capabilityArguments: number;
  /** First integer argument; capability j's {base, length, writable} follow the integers. */
  argumentsAt: number;
  capabilityAt(j: number): number;
  requestWords: number;
  /** Reply: header then the result word. */
  resultAt: number;
  replyWords: number;
  /** Bytes the caller's stub reserves on its stack (both messages fit; 16-byte aligned). */
  bufferBytes: number;
}

export function messageLayout(primitive: ClassicPrimitive, signatureWord: number): MessageLayout {
  const signature = decodeSignature(signatureWord);
  const capabilityArguments = signature.capabilityArguments.filter(Boolean).length;
  const integerArguments = signature.argumentCount - capabilityArguments;
  const argumentsAt = primitive.requestHeaderWords;
  const requestWords = argumentsAt + integerArguments + 3 * capabilityArguments;
  const replyWords = primitive.replyHeaderWords + 1;
  return {
    integerArguments,
    capabilityArguments,
    argumentsAt,
    capabilityAt: (j) => argumentsAt + integerArguments + 3 * j,
    requestWords,
    resultAt: primitive.replyHeaderWords,
    replyWords,
    bufferBytes: Math.ceil((Math.max(requestWords, replyWords) * 4) / 16) * 16,
  };
}

export interface StubListingLine {
  address: number;
  word: number;
  text: string;
}

export interface StubCode {
  words: number[];
  listing: StubListingLine[];
}

const reg = (name: (typeof INTEGER_REGISTER_NAMES)[number]): number => INTEGER_REGISTER_NAMES.indexOf(name);
const [ZERO, RA, SP, T0, T1, T2, T3, T4, T5, T6, A0, A1, A7] = (['zero', 'ra', 'sp', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 'a0', 'a1', 'a7'] as const).map(reg);

/** Sun RPC constants (RFC 5531), stored big-endian in the message as XDR wants. */
const RPC_VERSION = 2;
const RPC_PROGRAM_BASE = 0x2000_0000;
const RPC_REPLY = 1;
const RPC_GARBAGE_ARGS = 4;

export function byteSwap(value: number): number {
  return (((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24)) >>> 0;
}

/** Collects instructions with their text; branches name labels resolved at the end. */
class StubBuilder {
  private readonly lines: { mnemonic: string; operands: Operands; text: string; target?: string }[] = [];
  private readonly labels = new Map<string, number>();

  constructor(private readonly base: number) {}

  label(name: string): void {
    this.labels.set(name, this.lines.length);
  }

  emit(mnemonic: string, operands: Operands, text: string, target?: string): void {
    this.lines.push({ mnemonic, operands, text, target });
  }

  li(rd: number, value: number): void {
    const v = value >>> 0;
    const lower = ((v & 0xfff) << 20) >> 20;
    const upper = ((v - lower) >>> 12) & 0xfffff;
    if (upper !== 0) this.emit('lui', { rd, imm: upper }, `lui ${n(rd)}, 0x${upper.toString(16)}`);
    if (upper === 0 || lower !== 0) this.emit('addi', { rd, rs1: upper === 0 ? ZERO : rd, imm: lower }, `addi ${n(rd)}, ${n(upper === 0 ? ZERO : rd)}, ${lower}`);
  }
  addi(rd: number, rs1: number, imm: number): void {
    this.emit('addi', { rd, rs1, imm }, `addi ${n(rd)}, ${n(rs1)}, ${imm}`);
  }
  rr(mnemonic: 'and' | 'or', rd: number, rs1: number, rs2: number): void {
    this.emit(mnemonic, { rd, rs1, rs2 }, `${mnemonic} ${n(rd)}, ${n(rs1)}, ${n(rs2)}`);
  }
  shift(mnemonic: 'slli' | 'srli', rd: number, rs1: number, amount: number): void {
    this.emit(mnemonic, { rd, rs1, imm: amount }, `${mnemonic} ${n(rd)}, ${n(rs1)}, ${amount}`);
  }
  lw(rd: number, word: number): void {
    this.emit('lw', { rd, rs1: SP, imm: word * 4 }, `lw ${n(rd)}, ${word * 4}(sp)`);
  }
  sw(rs: number, word: number): void {
    this.emit('sw', { rs2: rs, rs1: SP, imm: word * 4 }, `sw ${n(rs)}, ${word * 4}(sp)`);
  }
  branch(mnemonic: 'beq' | 'bne', rs1: number, rs2: number, target: string): void {
    this.emit(mnemonic, { rs1, rs2 }, `${mnemonic} ${n(rs1)}, ${n(rs2)}, ${target}`, target);
  }
  jump(target: string): void {
    this.emit('jal', { rd: ZERO }, `j ${target}`, target);
  }
  ecall(): void {
    this.emit('ecall', {}, 'ecall');
  }
  ret(): void {
    this.emit('jalr', { rd: ZERO, rs1: RA, imm: 0 }, 'ret');
  }

  /** XDR word: rd = byte-swapped rs (uses t3 = 0x00ff0000, t4 = 0x0000ff00 loaded by xdrMasks, and t5/t6). */
  swap(rd: number, rs: number): void {
    this.shift('srli', T5, rs, 24);
    this.shift('slli', T6, rs, 24);
    this.rr('or', T5, T5, T6);
    this.shift('srli', T6, rs, 8);
    this.rr('and', T6, T6, T4);
    this.rr('or', T5, T5, T6);
    this.shift('slli', T6, rs, 8);
    this.rr('and', T6, T6, T3);
    this.rr('or', rd, T5, T6);
  }
  xdrMasks(): void {
    this.li(T3, 0x00ff_0000);
    this.li(T4, 0x0000_ff00);
  }

  finish(): StubCode {
    const listing = this.lines.map((line, index) => {
      const address = this.base + index * 4;
      const operands = { ...line.operands };
      if (line.target !== undefined) {
        const at = this.labels.get(line.target);
        if (at === undefined) throw new Error(`stub generator: unknown label ${line.target}`);
        operands.imm = this.base + at * 4 - address;
      }
      return { address, word: encode(line.mnemonic, operands), text: line.text };
    });
    return { words: listing.map((line) => line.word), listing };
  }
}

function n(register: number): string {
  return INTEGER_REGISTER_NAMES[register];
}

export interface CallerStubSpec {
  address: number;
  primitive: ClassicPrimitive;
  signature: number;
  /** The kernel's id for this (caller, entry) connection, passed in a1 of ipc_call. */
  connection: number;
  entryIndex: number;
}

/** The caller's stub: called with `jalr ra` like a proxy; returns a0 = result, a1 = 0 / 1 (failed). */
export function generateCallerStub(spec: CallerStubSpec): StubCode {
  const { primitive } = spec;
  const layout = messageLayout(primitive, spec.signature);
  const b = new StubBuilder(spec.address);
  b.addi(SP, SP, -layout.bufferBytes);
  if (primitive.xdr) {
    b.xdrMasks();
    // Call header: xid (this call's buffer address: unique among calls in flight), CALL, version 2,
    // program, version 1, procedure, empty credentials and verifier.
    b.swap(T0, SP);
    b.sw(T0, 0);
    const constants = [0, RPC_VERSION, RPC_PROGRAM_BASE + spec.connection, 1, spec.entryIndex, 0, 0, 0, 0];
    constants.forEach((value, index) => {
      if (value === 0) b.sw(ZERO, 1 + index);
      else {
        b.li(T0, byteSwap(value));
        b.sw(T0, 1 + index);
      }
    });
  } else {
    b.li(T0, primitive.primitive === 'pipeOp' ? layout.requestWords * 4 : primitive.primitive === 'l4Ipc' ? (spec.entryIndex << 16) | layout.requestWords : spec.entryIndex);
    b.sw(T0, 0);
  }
  for (let j = 0; j < layout.integerArguments; j++) {
    if (primitive.xdr) {
      b.swap(T0, A0 + j);
      b.sw(T0, layout.argumentsAt + j);
    } else b.sw(A0 + j, layout.argumentsAt + j);
  }
  for (let j = 0; j < layout.capabilityArguments; j++) {
    b.emit('cap.base', { rd: T0, rs1: j }, `cap.base t0, cr${j}`);
    b.sw(T0, layout.capabilityAt(j));
    b.emit('cap.len', { rd: T0, rs1: j }, `cap.len t0, cr${j}`);
    b.sw(T0, layout.capabilityAt(j) + 1);
    b.sw(ZERO, layout.capabilityAt(j) + 2);
  }
  b.addi(A0, SP, 0);
  b.li(A1, spec.connection);
  b.li(A7, Syscall.ipcCall);
  b.ecall();
  b.branch('bne', A0, ZERO, 'failed');
  if (primitive.xdr) {
    b.lw(T0, 0);
    b.swap(T1, SP);
    b.branch('bne', T0, T1, 'failed');
    b.lw(T0, 5);
    b.branch('bne', T0, ZERO, 'failed');
    b.lw(T0, layout.resultAt);
    b.swap(A0, T0);
  } else b.lw(A0, layout.resultAt);
  b.addi(A1, ZERO, 0);
  b.addi(SP, SP, layout.bufferBytes);
  b.ret();
  b.label('failed');
  b.addi(A0, ZERO, 0);
  b.addi(A1, ZERO, 1);
  b.addi(SP, SP, layout.bufferBytes);
  b.ret();
  return b.finish();
}

export interface ServerStubSpec {
  address: number;
  primitive: ClassicPrimitive;
  signature: number;
  entryAddress: number;
  entryIndex: number;
}

/**
 * The server stub: the kernel starts a server thread here with sp = a0 = the request message.
 * It never returns: `ipc_reply` hands the thread back to the kernel.
 */
export function generateServerStub(spec: ServerStubSpec): StubCode {
  const { primitive } = spec;
  const layout = messageLayout(primitive, spec.signature);
  const b = new StubBuilder(spec.address);
  if (primitive.xdr) {
    b.xdrMasks();
    b.lw(T0, 1);
    b.branch('bne', T0, ZERO, 'garbage');
    b.lw(T0, 2);
    b.li(T1, byteSwap(RPC_VERSION));
    b.branch('bne', T0, T1, 'garbage');
    b.lw(T0, 5);
    b.li(T1, byteSwap(spec.entryIndex));
    b.branch('bne', T0, T1, 'garbage');
  }
  for (let j = 0; j < layout.capabilityArguments; j++) {
    const at = layout.capabilityAt(j);
    b.lw(T0, at);
    b.lw(T1, at + 1);
    b.lw(T2, at + 2);
    b.branch('beq', T2, ZERO, `read_only_${j}`);
    b.emit('cap.create', { rd: j, rs1: T0, rs2: T1, perm: 'rw' }, `cap.create cr${j}, t0, t1, rw`);
    b.jump(`created_${j}`);
    b.label(`read_only_${j}`);
    b.emit('cap.create', { rd: j, rs1: T0, rs2: T1, perm: 'r' }, `cap.create cr${j}, t0, t1, r`);
    b.label(`created_${j}`);
  }
  for (let j = layout.integerArguments - 1; j >= 0; j--) {
    if (primitive.xdr) {
      b.lw(T0, layout.argumentsAt + j);
      b.swap(A0 + j, T0);
    } else b.lw(A0 + j, layout.argumentsAt + j);
  }
  const entry = spec.entryAddress >>> 0;
  const lower = ((entry & 0xfff) << 20) >> 20;
  const upper = ((entry - lower) >>> 12) & 0xfffff;
  b.emit('lui', { rd: RA, imm: upper }, `lui ra, 0x${upper.toString(16)}`);
  b.emit('jalr', { rd: RA, rs1: RA, imm: lower }, `jalr ra, ${lower}(ra)`);
  // The reply overwrites the request in place (the xid, word 0, stays).
  if (primitive.xdr) {
    b.xdrMasks();
    b.swap(T0, A0);
    b.sw(T0, layout.resultAt);
    b.li(T0, byteSwap(RPC_REPLY));
    b.sw(T0, 1);
    for (const word of [2, 3, 4, 5]) b.sw(ZERO, word);
  } else {
    b.sw(A0, layout.resultAt);
    b.li(T0, primitive.primitive === 'pipeOp' ? layout.replyWords * 4 : primitive.primitive === 'l4Ipc' ? 1 : 0);
    b.sw(T0, 0);
  }
  b.label('reply');
  b.addi(A0, SP, 0);
  b.li(A7, Syscall.ipcReply);
  b.ecall();
  b.li(A7, Syscall.threadExit);
  b.ecall();
  if (primitive.xdr) {
    b.label('garbage');
    b.li(T0, byteSwap(RPC_REPLY));
    b.sw(T0, 1);
    for (const word of [2, 3, 4]) b.sw(ZERO, word);
    b.li(T0, byteSwap(RPC_GARBAGE_ARGS));
    b.sw(T0, 5);
    b.sw(ZERO, layout.resultAt);
    b.jump('reply');
  }
  return b.finish();
}
