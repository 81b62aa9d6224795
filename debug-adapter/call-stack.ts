// Walks a thread's call stack: user frames through the frame pointer chain (codegen's layout:
// s0 = sp at entry, return address at s0-4, the caller's s0 at s0-8), and each dIPC crossing
// through its KCS record (the proxy's frame, then the caller's frame rebuilt from the record's
// return address and stack pointer). Generated start-up code ends the walk, and so does a classic
// IPC server stub; a classic caller stub is a leaf frame (its caller is at ra).

import type { KernelTarget, KcsRecordInfo } from './kernel-target';
import type { FunctionInfo } from '../simulator/toolchain/debug-info';
import type { DebugInfoIndex } from '../simulator/toolchain/debug-info-index';
import type { ProxyInfo } from '../simulator/kernel/kernel';
import type { ClassicStubInfo } from '../simulator/kernel/classic/classic-ipc';

const MAXIMUM_FRAMES = 256;
const RA = 1;
const SP = 2;
const S0 = 8;

export interface RawFrame {
  kind: 'function' | 'proxy' | 'runtime';
  /** The frame's next instruction (top frame) or its return address (callers). */
  pc: number;
  /** Address used for line lookup: the call instruction for callers. */
  lookupPc: number;
  /** Frame pointer when known (function frames). */
  framePointer?: number;
  function?: FunctionInfo;
  proxy?: ProxyInfo;
  /** For proxy frames: the crossing this proxy is carrying. */
  crossing?: KcsRecordInfo;
  /** Classic IPC modes: the generated stub a runtime frame is in. */
  stub?: ClassicStubInfo;
  isTop: boolean;
}

export class CallStack {
  constructor(
    private readonly target: KernelTarget,
    private readonly symbols: DebugInfoIndex,
  ) {}

  frames(thread: number): RawFrame[] {
    const registers = this.target.registersOf(thread);
    const crossings = this.target.kcsRecords(thread);
    let crossingIndex = 0;
    let pc = this.target.pcOf(thread);
    let framePointer: number | undefined = registers[S0] >>> 0;
    let returnRegister: number | undefined = registers[RA] >>> 0;
    const frames: RawFrame[] = [];
    while (frames.length < MAXIMUM_FRAMES) {
      const isTop = frames.length === 0;
      const lookupPc = isTop ? pc : (pc - 4) >>> 0;
      const proxy = this.target.proxyAt(lookupPc);
      if (proxy) {
        const crossing = crossings[crossingIndex++];
        frames.push({ kind: 'proxy', pc, lookupPc, proxy, crossing, isTop });
        if (!crossing) break;
        // Back in the caller, right after its call of the proxy.
        pc = crossing.returnAddress;
        const caller = this.symbols.functionAt((pc - 4) >>> 0);
        framePointer = caller ? (crossing.callerStackPointer + caller.frameSize) >>> 0 : undefined;
        returnRegister = undefined;
        continue;
      }
      const stub = this.target.classicStubAt(lookupPc);
      if (stub) {
        frames.push({ kind: 'runtime', pc, lookupPc, stub, isTop });
        // A caller's stub (blocked in its ipc_call) keeps ra and s0: its caller continues at ra.
        if (stub.kind !== 'caller' || returnRegister === undefined) break;
        pc = returnRegister;
        returnRegister = undefined;
        continue;
      }
      const fn = this.symbols.functionAt(lookupPc);
      if (!fn || fn.kind === 'startup' || fn.kind === 'runtime' || fn.kind === 'spawnWrapper') {
        frames.push({ kind: 'runtime', pc, lookupPc, function: fn, isTop });
        break;
      }
      const inPrologue = isTop && !this.pastPrologue(fn, pc);
      if (inPrologue) {
        // s0 and ra still hold the caller's values.
        frames.push({ kind: 'function', pc, lookupPc, function: fn, isTop });
        if (returnRegister === undefined) break;
        pc = returnRegister;
        returnRegister = undefined;
        continue;
      }
      if (framePointer === undefined) {
        frames.push({ kind: 'function', pc, lookupPc, function: fn, isTop });
        break;
      }
      frames.push({ kind: 'function', pc, lookupPc, function: fn, framePointer, isTop });
      const returnAddress = this.target.readWord(framePointer - 4);
      const callerFramePointer = this.target.readWord(framePointer - 8);
      if (returnAddress === undefined || returnAddress === 0) break;
      pc = returnAddress >>> 0;
      framePointer = callerFramePointer === undefined ? undefined : callerFramePointer >>> 0;
      returnRegister = undefined;
    }
    return frames;
  }

  /** Frames that count for stepping (runtime frames at the bottom do not). */
  depth(thread: number): number {
    if (this.target.threadEnded(thread)) return 0;
    return this.frames(thread).filter((frame) => frame.kind !== 'runtime').length;
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

  private pastPrologue(fn: FunctionInfo, pc: number): boolean {
    return pc >= this.symbols.bodyStartOf(fn);
  }
}
