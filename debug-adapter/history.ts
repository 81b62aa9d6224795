// Reverse execution (DeZog's recorded history, done by re-execution): the simulator is
// deterministic, so the state at any past instruction count is "the nearest checkpoint before it,
// run forward". Invariants (docs/debugger.md): a checkpoint at clock 0 always exists; checkpoints
// are taken only while running beyond the newest one; a change made by the user (setVariable,
// writeMemory) discards every checkpoint after the current clock, because that future is gone.

import type { ExecutionTarget, RunOutcome, RunRequest } from './execution-target';

/** Instructions between checkpoints: bounds the re-execution of one backward step. */
export const CHECKPOINT_INTERVAL = 50_000;
/** Past this many checkpoints, the older half is thinned out (every other one dropped). */
const MAXIMUM_CHECKPOINTS = 400;
const RECENT_CHECKPOINTS_KEPT = 100;

interface Checkpoint<Snapshot> {
  clock: number;
  snapshot: Snapshot;
}

/** A point of the past the search is looking for, tested on the state before an instruction. */
export interface HistoryCondition {
  /** When given, only states whose next instruction is at one of these addresses can match. */
  addresses?: ReadonlySet<number>;
  test(): boolean;
}

/** The stop conditions of a forward continue besides breakpoints (its exception filters). */
export type StopConditions = Omit<RunRequest, 'limit' | 'stopBefore'>;

/**
 * A stop a forward run made in the past, found by re-running one checkpoint segment with the same
 * conditions: the `ordinal`-th stop of that re-run, so travelling there replays exactly that run.
 */
export interface PastStop {
  checkpointClock: number;
  segmentEnd: number;
  ordinal: number;
  clock: number;
  outcome: RunOutcome;
}

/** Outcomes that end a forward continue (other than breakpoint addresses and the end of the program). */
function isExceptionStop(outcome: RunOutcome): boolean {
  return outcome.kind === 'domainSwitch' || outcome.kind === 'processSwitch' || outcome.kind === 'fault' || outcome.kind === 'ebreak';
}

export class ExecutionHistory<Snapshot> {
  private checkpoints: Checkpoint<Snapshot>[] = [];

  constructor(private readonly target: ExecutionTarget<Snapshot>) {
    this.checkpoints.push({ clock: target.clock(), snapshot: target.snapshot() });
  }

  get oldestClock(): number {
    return this.checkpoints[0].clock;
  }

  /** Clock of the next checkpoint to take: forward runs stop there so it is taken exactly. */
  nextCheckpointClock(): number {
    return this.checkpoints[this.checkpoints.length - 1].clock + CHECKPOINT_INTERVAL;
  }

  /** Called by forward runs whenever they stop: records a checkpoint when one is due. */
  recordIfDue(): void {
    const clock = this.target.clock();
    if (clock < this.nextCheckpointClock()) return;
    this.checkpoints.push({ clock, snapshot: this.target.snapshot() });
    if (this.checkpoints.length > MAXIMUM_CHECKPOINTS) this.thin();
  }

  /** The user changed the present: the recorded future no longer follows from it. */
  forgetFuture(): void {
    const clock = this.target.clock();
    this.checkpoints = this.checkpoints.filter((checkpoint) => checkpoint.clock <= clock);
  }

  /** Puts the program in the state it had after exactly `clock` instructions (clock <= now). */
  travelTo(clock: number): void {
    const checkpoint = this.checkpointAtOrBefore(clock);
    this.target.restore(checkpoint.snapshot);
    this.runForward(clock);
  }

  /**
   * The latest clock in [oldest, before) whose state matches, or undefined. Leaves the target in
   * an unspecified past state: callers travel to the answer (or back to where they were).
   */
  findLast(condition: HistoryCondition, before: number): number | undefined {
    let segmentEnd = before;
    for (let index = this.indexAtOrBefore(before - 1); index >= 0; index--) {
      const checkpoint = this.checkpoints[index];
      if (checkpoint.clock >= segmentEnd) continue;
      this.target.restore(checkpoint.snapshot);
      let found: number | undefined;
      this.scan(condition, segmentEnd, (clock) => (found = clock));
      if (found !== undefined) return found;
      segmentEnd = checkpoint.clock;
    }
    return undefined;
  }

  /**
   * The latest stop that a forward continue with `conditions` makes between `notBefore` and
   * `before` (a segment at a time, newest first, each re-run as forward runs go: continuing after
   * every stop), among those `accept` takes. Leaves the target in an unspecified past state.
   */
  findLastStop(conditions: StopConditions, accept: (clock: number, outcome: RunOutcome) => boolean, notBefore: number, before: number): PastStop | undefined {
    let segmentEnd = before;
    for (let index = this.indexAtOrBefore(before); index >= 0 && segmentEnd >= notBefore; index--) {
      const checkpoint = this.checkpoints[index];
      this.target.restore(checkpoint.snapshot);
      let found: PastStop | undefined;
      let ordinal = 0;
      while (this.target.clock() < segmentEnd && !this.target.ended()) {
        const outcome = this.target.run({ ...conditions, limit: segmentEnd - this.target.clock() });
        if (!isExceptionStop(outcome)) continue;
        ordinal += 1;
        const clock = this.target.clock();
        if (clock >= notBefore && accept(clock, outcome)) found = { checkpointClock: checkpoint.clock, segmentEnd, ordinal, clock, outcome };
      }
      if (found) return found;
      segmentEnd = checkpoint.clock;
    }
    return undefined;
  }

  /** Replays the run that made `stop` up to that stop; answers the stop's outcome as the replay met it. */
  travelToStop(stop: PastStop, conditions: StopConditions): RunOutcome {
    const checkpoint = this.checkpoints[this.indexAtOrBefore(stop.checkpointClock)];
    if (checkpoint.clock !== stop.checkpointClock) throw new Error('the checkpoint of a past stop is gone');
    this.target.restore(checkpoint.snapshot);
    let ordinal = 0;
    while (this.target.clock() < stop.segmentEnd && !this.target.ended()) {
      const outcome = this.target.run({ ...conditions, limit: stop.segmentEnd - this.target.clock() });
      if (isExceptionStop(outcome) && ++ordinal === stop.ordinal) return outcome;
    }
    throw new Error(`replaying the past did not meet the stop at ${stop.clock} instructions again`);
  }

  /** Runs from the current state up to clock `end`, calling `onMatch` for each matching state before it. */
  private scan(condition: HistoryCondition, end: number, onMatch: (clock: number) => void): void {
    while (this.target.clock() < end && !this.target.ended()) {
      const clock = this.target.clock();
      const pc = this.target.pcOf(this.target.nextThread());
      if ((!condition.addresses || condition.addresses.has(pc)) && condition.test()) onMatch(clock);
      // With addresses, jump straight to the next candidate (run skips its own first instruction).
      this.target.run({ limit: condition.addresses ? end - clock : 1, stopBefore: condition.addresses });
    }
  }

  private runForward(clock: number): void {
    while (this.target.clock() < clock && !this.target.ended()) {
      this.target.run({ limit: clock - this.target.clock() });
    }
  }

  private checkpointAtOrBefore(clock: number): Checkpoint<Snapshot> {
    return this.checkpoints[this.indexAtOrBefore(clock)];
  }

  private indexAtOrBefore(clock: number): number {
    let low = 0;
    let high = this.checkpoints.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.checkpoints[middle].clock <= clock) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private thin(): void {
    const older = this.checkpoints.slice(0, this.checkpoints.length - RECENT_CHECKPOINTS_KEPT);
    const recent = this.checkpoints.slice(this.checkpoints.length - RECENT_CHECKPOINTS_KEPT);
    this.checkpoints = [...older.filter((_, index) => index % 2 === 0), ...recent];
  }
}
