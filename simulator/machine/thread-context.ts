// The per-thread state of the CPU that the kernel saves and restores on a context switch:
// integer registers, pc, capability registers, the domain control stack (DCS, machine.md §6)
// and the dIPC CSRs. The machine runs whichever context is attached to it.
import type { Capability } from './capabilities';
import { CAPABILITY_REGISTER_COUNT } from './instruction-set';

/** One cross-domain call in progress. */
export interface DcsFrame {
  /** Where the matching return must land (the instruction after the call). */
  readonly returnAddress: number;
  /** The domain the return must land in. */
  readonly callerDomain: number;
  /** The domain the call entered (for the debugger's call stack). */
  readonly calleeDomain: number;
  /** Unique per machine: a later frame at the same depth does not revive older sync capabilities. */
  readonly serial: number;
  /** Synchronous capabilities created while this frame was on top (they expire with it). */
  syncCapabilitiesCreated: number;
}

export interface ThreadContext {
  /** x0..x31; x0 reads as zero whatever is stored. */
  registers: Int32Array;
  pc: number;
  /** cr0..cr7; undefined = cleared. */
  capabilityRegisters: (Capability | undefined)[];
  /** Bottom first. */
  dcs: DcsFrame[];
  /** dipc.dcsbase: frames with index < dcsBase cannot be popped. */
  dcsBase: number;
  /** dipc.proc: the thread's current process. */
  process: number;
  /** dipc.kcs: the kernel control-stack pointer. */
  kernelControlStack: number;
  /** Frame serial of sync capabilities created with an empty DCS (they live as long as the thread). */
  rootSerial: number;
  /**
   * pc where the last run() of this thread stopped with an event or a single step; a breakpoint
   * there is stepped over by the next run. Not set after a multi-instruction run reached its
   * limit (a time slice), so a slice ending on a breakpoint still reports it.
   */
  stoppedAt?: number;
}

export function cloneContext(context: ThreadContext): ThreadContext {
  return {
    registers: new Int32Array(context.registers),
    pc: context.pc,
    capabilityRegisters: context.capabilityRegisters.slice(0, CAPABILITY_REGISTER_COUNT),
    dcs: context.dcs.map((frame) => ({ ...frame })),
    dcsBase: context.dcsBase,
    process: context.process,
    kernelControlStack: context.kernelControlStack,
    rootSerial: context.rootSerial,
    stoppedAt: context.stoppedAt,
  };
}
