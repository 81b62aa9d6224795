// The running program as the debugger's runtime drives it: run a bounded number of instructions,
// stop before chosen addresses or after domain/process switches, snapshot and restore. One
// implementation (kernel-target.ts) sits on the kernel and machine; history and stepping are
// written against this interface only, so their invariants do not depend on kernel internals.

import type { FaultReport } from '../simulator/kernel/kernel-state';

export interface RunRequest {
  /** Run at most this many instructions (the clock advances by at most this much). */
  limit: number;
  /**
   * Stop before executing an instruction at one of these addresses (of any thread), except the
   * very first instruction of this run, so that a run started on a breakpoint moves on.
   */
  stopBefore?: ReadonlySet<number>;
  /** Stop right after an instruction that changed the running thread's domain / process. */
  stopAfterDomainSwitch?: boolean;
  stopAfterProcessSwitch?: boolean;
  /** Stop at a fault before the kernel acts on it (the faulting instruction has not retired). */
  stopOnFault?: boolean;
}

export type RunOutcome =
  | { kind: 'limit' }
  /** A thread is about to execute an instruction at one of `stopBefore`'s addresses. */
  | { kind: 'address'; threadId: number }
  | { kind: 'domainSwitch' }
  | { kind: 'processSwitch' }
  | { kind: 'fault'; fault: FaultReport }
  /** An `ebreak` in the program (hand-written assembly): a breakpoint compiled into the code. */
  | { kind: 'ebreak'; threadId: number }
  /** Every thread has ended. */
  | { kind: 'ended'; exitCode: number };

export interface ExecutionTarget<Snapshot> {
  /** Instructions retired by the machine since the program was loaded: the history's clock. */
  clock(): number;
  cycles(): number;
  /** The thread whose instruction runs next (-1 once every thread has ended). */
  nextThread(): number;
  /** Address of the next instruction of `thread`. */
  pcOf(thread: number): number;
  ended(): boolean;
  run(request: RunRequest): RunOutcome;
  snapshot(): Snapshot;
  restore(snapshot: Snapshot): void;
  /** Program output chunks so far (part of the snapshotted state, so replay reproduces them). */
  outputCount(): number;
  outputChunk(index: number): { process: string; stream: 'stdout' | 'stderr'; text: string };
}
