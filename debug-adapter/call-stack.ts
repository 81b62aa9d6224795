// Walks a thread's call stack and recovers each frame's registers (docs/debugger.md "Frames"):
// user frames through the frame pointer chain (codegen's layout: s0 = sp at entry, return address
// at s0-4, the caller's s0 at s0-8; simulator/toolchain/debug-info-frames.ts says where in the
// prologue and epilogue that holds), each dIPC crossing through its KCS record (the proxy's frame,
// then the caller's frame rebuilt from the record: return address, stack pointer and whatever
// registers the proxy saved there). Generated start-up code ends the walk, and so does a classic
// IPC server stub; a classic caller stub and a runtime routine are leaves (their caller is at ra).

import type { KernelTarget, KcsRecordInfo } from './kernel-target';
import type { FunctionInfo } from '../simulator/toolchain/debug-info';
import type { DebugInfoIndex } from '../simulator/toolchain/debug-info-index';
import { FRAME_SAVED_REGISTERS, FrameLayouts } from '../simulator/toolchain/debug-info-frames';
import { decodeFields } from '../simulator/toolchain/assembler';
import { Opcode } from '../simulator/machine/instruction-set';
import type { ProxyInfo } from '../simulator/kernel/kernel';
import type { ClassicStubInfo } from '../simulator/kernel/classic/classic-ipc';

const MAXIMUM_FRAMES = 256;
const RA = 1;
const SP = 2;
const T0 = 5;
const S0 = 8;
/** ra, sp, gp, tp and s0-s11: the registers a caller may expect back from a call. */
const CALLEE_SAVED = [RA, SP, 3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27];

/**
 * A frame's integer registers by number (x0-x31) as the unwinder recovered them: the values they
 * had in that frame (for a caller: at its call, as they will be when the call returns).
 * `undefined`: not saved anywhere, so not recoverable.
 */
export type FrameRegisters = readonly (number | undefined)[];

export interface RawFrame {
  kind: 'function' | 'proxy' | 'runtime';
  /** The frame's next instruction (top frame) or its return address (callers). */
  pc: number;
  /** Address used for line lookup: the call instruction for callers. */
  lookupPc: number;
  /** Frame pointer when known (function frames). */
  framePointer?: number;
  registers: FrameRegisters;
  function?: FunctionInfo;
  proxy?: ProxyInfo;
  /** For proxy frames: the crossing this proxy is carrying (absent before its KCS push and after its pop). */
  crossing?: KcsRecordInfo;
  /** Classic IPC modes: the generated stub a runtime frame is in. */
  stub?: ClassicStubInfo;
  isTop: boolean;
}

/** What a proxy's code says about its KCS record: when it is pushed and which caller registers it holds. */
interface ProxyShape {
  /** The `csrw dipc.kcs` that commits the push, and the one that commits the pop. */
  pushCommit: number;
  popCommit: number;
  /** Paths that run with the record still pushed although they sit after the pop (unwind, caller-dead). */
  pushedPaths: Set<number>;
  /** Register number -> byte offset in the KCS record where the proxy stored the caller's value. */
  saved: Map<number, number>;
}

export class CallStack {
  private readonly layouts: FrameLayouts;
  private readonly proxyShapes = new Map<number, ProxyShape>();

  constructor(
    private readonly target: KernelTarget,
    private readonly symbols: DebugInfoIndex,
  ) {
    this.layouts = new FrameLayouts(symbols, (address) => target.readWord(address));
  }

  frames(thread: number): RawFrame[] {
    const crossings = this.target.kcsRecords(thread);
    let crossingIndex = 0;
    let pc = this.target.pcOf(thread);
    let registers: FrameRegisters = Array.from(this.target.registersOf(thread), (value, index) => (index === 0 ? 0 : value >>> 0));
    // A caller reached through a crossing: s0 was not kept, its frame is at the record's sp + frame size.
    let crossingFramePointer: number | undefined;
    const frames: RawFrame[] = [];
    while (frames.length < MAXIMUM_FRAMES) {
      const isTop = frames.length === 0;
      const lookupPc = isTop ? pc : (pc - 4) >>> 0;
      const here = { pc, lookupPc, registers, isTop };
      const proxy = this.target.proxyAt(lookupPc);
      if (proxy) {
        const shape = this.proxyShapeOf(proxy);
        const pushed = (lookupPc > shape.pushCommit && lookupPc <= shape.popCommit) || shape.pushedPaths.has(lookupPc);
        const crossing = pushed ? crossings[crossingIndex++] : undefined;
        frames.push({ kind: 'proxy', ...here, proxy, crossing });
        if (pushed) {
          if (!crossing) break;
          // Back in the caller, right after its call of the proxy.
          registers = this.callerRegistersOfCrossing(crossing, shape, registers);
          pc = crossing.returnAddress;
          const caller = this.symbols.functionAt((pc - 4) >>> 0);
          crossingFramePointer = caller ? (crossing.callerStackPointer + caller.frameSize) >>> 0 : undefined;
          continue;
        }
        // Before its push and after its pop the proxy leaves ra, sp, gp, tp and s0-s11 as the caller's.
        const next = this.returnToRa(registers, 0, CALLEE_SAVED);
        if (!next) break;
        ({ pc, registers } = next);
        continue;
      }
      const stub = this.target.classicStubAt(lookupPc);
      if (stub) {
        frames.push({ kind: 'runtime', ...here, stub });
        // A caller's stub (blocked in its ipc_call) keeps ra and s0: its caller continues at ra.
        const next = stub.kind === 'caller' ? this.returnToRa(registers, 0) : undefined;
        if (!next) break;
        ({ pc, registers } = next);
        continue;
      }
      const fn = this.symbols.functionAt(lookupPc);
      if (!fn || fn.kind === 'startup' || fn.kind === 'spawnWrapper') {
        frames.push({ kind: 'runtime', ...here, function: fn });
        break;
      }
      if (fn.kind === 'runtime') {
        // Runtime routines are leaves without a frame (docs/codegen.md): the caller is at ra.
        frames.push({ kind: 'runtime', ...here, function: fn });
        const next = isTop ? this.returnToRa(registers, 0) : undefined;
        if (!next) break;
        ({ pc, registers } = next);
        continue;
      }
      const state = isTop ? this.layouts.stateAt(fn, pc) : { kind: 'established' as const };
      if (state.kind === 'callerRegisters') {
        // Prologue or epilogue: ra and s0 hold the caller's values, locals are not reachable.
        frames.push({ kind: 'function', ...here, function: fn });
        const next = this.returnToRa(registers, state.stackAdjustment);
        if (!next) break;
        ({ pc, registers } = next);
        continue;
      }
      const framePointer = crossingFramePointer ?? registers[S0];
      crossingFramePointer = undefined;
      frames.push({ kind: 'function', ...here, function: fn, framePointer });
      if (framePointer === undefined) break;
      const returnAddress = this.target.readWord(framePointer + FRAME_SAVED_REGISTERS.ra);
      if (returnAddress === undefined || returnAddress === 0) break;
      const callerFramePointer = this.target.readWord(framePointer + FRAME_SAVED_REGISTERS.s0);
      pc = returnAddress >>> 0;
      registers = recovered({ [RA]: pc, [SP]: framePointer, [S0]: callerFramePointer === undefined ? undefined : callerFramePointer >>> 0 });
    }
    return frames;
  }

  /** Frames that count for stepping (runtime frames do not). */
  depth(thread: number): number {
    if (this.target.threadEnded(thread)) return 0;
    return this.frames(thread).filter((frame) => frame.kind !== 'runtime').length;
  }

  /**
   * Every frame, runtime frames included: leaving a runtime routine (a leaf that does not count for
   * depth) for its caller still makes this smaller, so "back in the caller" is seen from there too.
   */
  frameCount(thread: number): number {
    if (this.target.threadEnded(thread)) return 0;
    return this.frames(thread).length;
  }

  /** Where the nearest user caller continues (step out lands there; proxies are skipped). */
  returnAddressOfUserCaller(thread: number): number | undefined {
    const frames = this.frames(thread);
    return frames.slice(1).find((frame) => frame.kind === 'function')?.pc;
  }

  /** pc + 4 when the thread's next instruction is a call (`jal`/`jalr` writing ra). */
  returnAddressIfCall(thread: number): number | undefined {
    const pc = this.target.pcOf(thread);
    const word = this.target.readWord(pc);
    if (word === undefined) return undefined;
    const opcode = word & 0x7f;
    const rd = (word >>> 7) & 31;
    return (opcode === 0x6f || opcode === 0x67) && rd === RA ? (pc + 4) >>> 0 : undefined;
  }

  /** The stack pointer of a thread, for display. */
  stackPointer(thread: number): number {
    return this.target.registersOf(thread)[SP] >>> 0;
  }

  /**
   * The caller of a frame that has not touched ra, s0 (nor `kept`): it continues at ra, its sp is
   * this sp minus what the frame has added to it so far.
   */
  private returnToRa(registers: FrameRegisters, stackAdjustment: number, kept: readonly number[] = [RA, SP, S0]): { pc: number; registers: FrameRegisters } | undefined {
    const returnAddress = registers[RA];
    const stackPointer = registers[SP];
    if (returnAddress === undefined || returnAddress === 0) return undefined;
    const values: Record<number, number | undefined> = {};
    for (const register of kept) values[register] = registers[register];
    values[SP] = stackPointer === undefined ? undefined : (stackPointer - stackAdjustment) >>> 0;
    return { pc: returnAddress, registers: recovered(values) };
  }

  /** The caller's registers at a crossing: the record's return address and sp, and what the proxy saved beside them. */
  private callerRegistersOfCrossing(crossing: KcsRecordInfo, shape: ProxyShape, proxyRegisters: FrameRegisters): FrameRegisters {
    const values: Record<number, number | undefined> = { [RA]: crossing.returnAddress, [SP]: crossing.callerStackPointer };
    for (const [register, offset] of shape.saved) {
      if (register === RA || register === SP) continue; // the record's own fields, read above
      const word = this.target.readWord(crossing.recordAddress + offset);
      values[register] = word === undefined ? undefined : word >>> 0;
    }
    // What the proxy did not save, it never changes (it saves whatever it zeroes or replaces):
    // those registers come back to the caller as the proxy frame has them.
    for (const register of CALLEE_SAVED) if (!(register in values)) values[register] = proxyRegisters[register];
    return recovered(values);
  }

  private proxyShapeOf(proxy: ProxyInfo): ProxyShape {
    let shape = this.proxyShapes.get(proxy.address);
    if (!shape) this.proxyShapes.set(proxy.address, (shape = analyseProxy(proxy)));
    return shape;
  }
}

/** A register set with only `values` known (x0 is always 0). */
function recovered(values: Record<number, number | undefined>): FrameRegisters {
  return Array.from({ length: 32 }, (_, index) => (index === 0 ? 0 : values[index]));
}

const CSR_DIPC_KCS_TEXT = /^csrw dipc\.kcs,/;

function analyseProxy(proxy: ProxyInfo): ProxyShape {
  const commits = proxy.listing.filter((line) => CSR_DIPC_KCS_TEXT.test(line.text)).map((line) => line.address);
  const pushCommit = commits[0] ?? proxy.address + proxy.size;
  const popCommit = commits[1] ?? pushCommit;
  const pushedPaths = new Set(proxy.listing.filter((line) => line.step === 'unwind' || line.step === 'caller-dead').map((line) => line.address));
  const saved = new Map<number, number>();
  for (const line of proxy.listing) {
    if (line.address >= pushCommit) break;
    const fields = decodeFields(line.word);
    // Before the push commits, t0 points at the new record: `sw reg, offset(t0)` saves a caller register.
    if (fields.opcode === Opcode.STORE && fields.rs1 === T0 && CALLEE_SAVED.includes(fields.rs2)) saved.set(fields.rs2, fields.immS);
  }
  return { pushCommit, popCommit, pushedPaths, saved };
}
