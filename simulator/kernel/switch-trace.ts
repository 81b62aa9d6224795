// The domain- and process-switch trace (`dipc trace`, tooling.md §2: "every domain switch and
// process switch with its cycle cost"). Each event carries `cycles` (since the previous event) and
// `switchCycles`, the switch's own cost (docs/cli.md defines it):
// - a domain switch: the cycles charged to the instruction that switched (the jump, call, return or
//   taken branch, the cross-domain call/return charge and the APL-cache refills it caused);
// - a process switch made by a dIPC proxy: the proxy half it happens in, from the transfer into the
//   proxy to the transfer out of it, both included (the proxy is how dIPC switches processes);
// - a process switch the kernel makes (classic IPC, the scheduler): the kernel's charges for it,
//   plus the `ecall` instruction that asked for it.
// To know where an instruction began, the kernel runs one instruction at a time while tracing.
import type { TraceEvent } from './run-result';

/** A thread between its transfer into a proxy and its transfer out: the cycles so far, and the process switches waiting for their cost. */
interface ProxyHalf {
  cycles: number;
  /** Indexes in the event list of process switches made in this half. */
  pending: number[];
}

export interface SwitchTraceSnapshot {
  log: readonly TraceEvent[];
  length: number;
  lastCycle: number;
  halves: [number, ProxyHalf][];
}

export type SwitchEventFields = Omit<TraceEvent, 'cycles' | 'switchCycles'>;

export class SwitchTrace {
  private events: TraceEvent[] = [];
  private lastCycle = 0;
  /** Machine cycles when the instruction now running began (set before a slice, then by each instructionEnded). */
  private stepStart = 0;
  private halves = new Map<number, ProxyHalf>();

  /** The kernel is about to run a slice of instructions (each instructionEnded marks the next one's start). */
  instructionStarts(cycles: number): void {
    this.stepStart = cycles;
  }

  /** The instruction (and the kernel work it caused) of `thread` has ended at `cycles`: a proxy half counts it. */
  instructionEnded(thread: number, cycles: number): void {
    const half = this.halves.get(thread);
    if (half !== undefined) half.cycles += cycles - this.stepStart;
    this.stepStart = cycles;
  }

  /** A domain switch at `event.cycle` (after its charges); `proxy` tells whether it enters or leaves the proxy domain. */
  domainSwitch(event: SwitchEventFields, proxy: 'enter' | 'leave' | undefined): void {
    const switchCycles = event.cycle - this.stepStart;
    if (proxy === 'leave') {
      const half = this.halves.get(event.thread);
      this.halves.delete(event.thread);
      if (half !== undefined) this.settle(half, half.cycles + switchCycles);
    }
    this.push(event, switchCycles);
    // The entering instruction is counted whole, its switch included, when it ends (instructionEnded).
    if (proxy === 'enter') this.halves.set(event.thread, { cycles: 0, pending: [] });
  }

  /** A process switch by a `dipc.proc` write: inside a proxy half its cost is known when the half ends. */
  processSwitch(event: SwitchEventFields): void {
    const half = this.halves.get(event.thread);
    if (half === undefined) {
      this.push(event, event.cycle - this.stepStart);
      return;
    }
    half.pending.push(this.events.length);
    this.push(event, 0);
  }

  /** A process switch the kernel made, charged since `startCycles`. */
  kernelProcessSwitch(event: SwitchEventFields, startCycles: number): void {
    this.push(event, event.cycle - startCycles);
  }

  /** The instruction start of the step now running (what a kernel switch in a system call is charged from). */
  get instructionStart(): number {
    return this.stepStart;
  }

  /** `thread` faulted or ended inside a proxy half: its process switches cost what the half cost up to now. */
  threadStopped(thread: number, cycles: number): void {
    const half = this.halves.get(thread);
    if (half === undefined) return;
    this.halves.delete(thread);
    this.settle(half, half.cycles + cycles - this.stepStart);
  }

  /** The events so far; halves still open (a run stopped by its limit) are settled with their cost so far. */
  list(cycles: number): TraceEvent[] {
    const events = this.events.slice();
    for (const half of this.halves.values()) {
      for (const index of half.pending) events[index] = { ...events[index], switchCycles: half.cycles + cycles - this.stepStart };
    }
    return events;
  }

  snapshot(): SwitchTraceSnapshot {
    return { log: this.events, length: this.events.length, lastCycle: this.lastCycle, halves: [...this.halves].map(([thread, half]) => [thread, { cycles: half.cycles, pending: [...half.pending] }]) };
  }

  restore(snapshot: SwitchTraceSnapshot): void {
    // A copy of the prefix: appending to the snapshot's list would change what later snapshots hold.
    this.events = snapshot.log.slice(0, snapshot.length);
    this.lastCycle = snapshot.lastCycle;
    this.halves = new Map(snapshot.halves.map(([thread, half]) => [thread, { cycles: half.cycles, pending: [...half.pending] }]));
  }

  private push(event: SwitchEventFields, switchCycles: number): void {
    this.events.push({ ...event, cycles: event.cycle - this.lastCycle, switchCycles });
    this.lastCycle = event.cycle;
  }

  /** Gives the process switches of a finished half its cost (new objects: snapshots may share the old ones). */
  private settle(half: ProxyHalf, cost: number): void {
    for (const index of half.pending) this.events[index] = { ...this.events[index], switchCycles: cost };
  }
}
