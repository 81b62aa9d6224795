// Reverse execution (DeZog's recorded history, done by re-execution): the simulator is
// deterministic, so the state at any past instruction count is "the nearest checkpoint before it,
// run forward". Invariants (docs/debugger.md): a checkpoint at clock 0 always exists; checkpoints
// are taken only while running beyond the newest one; a change made by the user (setVariable,
// writeMemory) discards every checkpoint after the current clock, because that future is gone.
// Every search is bounded (SearchLimits): one that runs out says how far back it looked, so the
// debugger answers with "searched back to here" instead of re-running the past for ever.

import type { ExecutionTarget, RunOutcome, RunRequest } from './execution-target';

/** Instructions between checkpoints: bounds the re-execution of one backward step. */
export const CHECKPOINT_INTERVAL = 50_000;
/** Past this many checkpoints, the older half is thinned out (every other one dropped). */
const MAXIMUM_CHECKPOINTS = 400;
const RECENT_CHECKPOINTS_KEPT = 100;

/**
 * What one backward search may spend re-running the past. Each bounds the wall time of a search,
 * which blocks the adapter (docs/debugger.md "Search limits"): instructions re-executed (20-50
 * million a second), stops at candidate states, each judged by the search's condition (a stack
 * walk for a step back: 10-20 us each), and single steps (a few million a second).
 */
export interface SearchLimits {
  instructions: number;
  stops: number;
  singleSteps: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = { instructions: 200_000_000, stops: 500_000, singleSteps: 10_000_000 };

/**
 * A search ran out of its limits: nothing it looks for is in [searchedFrom, the clock it started
 * from), and the rest of the past was not searched. A later search from searchedFrom goes on.
 */
export class SearchLimitReached extends Error {
  constructor(
    readonly searchedFrom: number,
    readonly limits: SearchLimits,
  ) {
    super(`searched the past back to instruction ${searchedFrom} within the search limits (${describeSearchLimits(limits)})`);
  }
}

export function describeSearchLimits(limits: SearchLimits): string {
  return `${limits.instructions} instructions re-run, ${limits.stops} stops, ${limits.singleSteps} single steps`;
}

/** The part of a search's limits still unspent. */
class SearchBudget {
  private instructionsLeft: number;
  private stopsLeft: number;
  private singleStepsLeft: number;

  constructor(limits: SearchLimits) {
    this.instructionsLeft = limits.instructions;
    this.stopsLeft = limits.stops;
    this.singleStepsLeft = limits.singleSteps;
  }

  /** Counts one machine run that advanced the clock by `instructions`; false once the budget is spent. */
  charge(instructions: number, kind: 'stop' | 'singleStep'): boolean {
    this.instructionsLeft -= instructions;
    if (kind === 'stop') this.stopsLeft -= 1;
    else this.singleStepsLeft -= 1;
    return !this.spent();
  }

  spent(): boolean {
    return this.instructionsLeft <= 0 || this.stopsLeft <= 0 || this.singleStepsLeft <= 0;
  }
}

/**
 * Re-running a known past (travelling to a clock it reached) always gets there; a run that makes no
 * progress more often than this in a row means the replay no longer follows the recorded past.
 */
const MAXIMUM_RUNS_WITHOUT_PROGRESS = 16;

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

  constructor(
    private readonly target: ExecutionTarget<Snapshot>,
    private readonly limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
  ) {
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
   * an unspecified past state: callers travel to the answer (or back to where they were). Throws
   * SearchLimitReached when its limits run out first.
   */
  findLast(condition: HistoryCondition, before: number): number | undefined {
    // No address can match: nothing to re-run.
    if (condition.addresses?.size === 0) return undefined;
    const budget = new SearchBudget(this.limits);
    let segmentEnd = before;
    for (let index = this.indexAtOrBefore(before - 1); index >= 0; index--) {
      const checkpoint = this.checkpoints[index];
      if (checkpoint.clock >= segmentEnd) continue;
      if (budget.spent()) throw new SearchLimitReached(segmentEnd, this.limits);
      this.target.restore(checkpoint.snapshot);
      let found: number | undefined;
      const complete = this.scan(condition, segmentEnd, (clock) => (found = clock), budget);
      // The latest match of a segment is known only once the whole segment is scanned.
      if (!complete) throw new SearchLimitReached(segmentEnd, this.limits);
      if (found !== undefined) return found;
      segmentEnd = checkpoint.clock;
    }
    return undefined;
  }

  /**
   * The latest stop that a forward continue with `conditions` makes between `notBefore` and
   * `before` (a segment at a time, newest first, each re-run as forward runs go: continuing after
   * every stop), among those `accept` takes. Leaves the target in an unspecified past state.
   * Throws SearchLimitReached when its limits run out first.
   */
  findLastStop(conditions: StopConditions, accept: (clock: number, outcome: RunOutcome) => boolean, notBefore: number, before: number): PastStop | undefined {
    const budget = new SearchBudget(this.limits);
    let segmentEnd = before;
    for (let index = this.indexAtOrBefore(before); index >= 0 && segmentEnd >= notBefore; index--) {
      const checkpoint = this.checkpoints[index];
      if (budget.spent()) throw new SearchLimitReached(segmentEnd, this.limits);
      this.target.restore(checkpoint.snapshot);
      let found: PastStop | undefined;
      let ordinal = 0;
      while (this.target.clock() < segmentEnd) {
        const start = this.target.clock();
        const outcome = this.target.run({ ...conditions, limit: segmentEnd - start });
        if (!budget.charge(this.target.clock() - start, 'stop')) throw new SearchLimitReached(segmentEnd, this.limits);
        if (outcome.kind === 'ended') break;
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
    const progress = new ProgressGuard(this.target, stop.clock);
    while (this.target.clock() < stop.segmentEnd) {
      const outcome = this.target.run({ ...conditions, limit: stop.segmentEnd - this.target.clock() });
      if (isExceptionStop(outcome) && ++ordinal === stop.ordinal) return outcome;
      if (outcome.kind === 'ended') break;
      progress.check();
    }
    throw new Error(`replaying the past did not meet the stop at ${stop.clock} instructions again`);
  }

  /**
   * Runs from the current state up to clock `end`, calling `onMatch` for each matching state before
   * it. False when the budget ran out before `end`.
   */
  private scan(condition: HistoryCondition, end: number, onMatch: (clock: number) => void, budget: SearchBudget): boolean {
    while (this.target.clock() < end) {
      const clock = this.target.clock();
      const pc = this.target.pcOf(this.target.nextThread());
      if ((!condition.addresses || condition.addresses.has(pc)) && condition.test()) onMatch(clock);
      // With addresses, jump straight to the next candidate (run skips its own first instruction).
      const outcome = this.target.run({ limit: condition.addresses ? end - clock : 1, stopBefore: condition.addresses });
      if (!budget.charge(this.target.clock() - clock, condition.addresses ? 'stop' : 'singleStep')) return this.target.clock() >= end;
      if (outcome.kind === 'ended') break;
    }
    return true;
  }

  private runForward(clock: number): void {
    const progress = new ProgressGuard(this.target, clock);
    while (this.target.clock() < clock) {
      const outcome = this.target.run({ limit: clock - this.target.clock() });
      if (outcome.kind === 'ended') break;
      progress.check();
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

/** Fails a replay that keeps running without the clock moving (it would never reach its clock). */
class ProgressGuard {
  private lastClock: number;
  private runsWithoutProgress = 0;

  constructor(
    private readonly target: ExecutionTarget<unknown>,
    private readonly goal: number,
  ) {
    this.lastClock = target.clock();
  }

  check(): void {
    const clock = this.target.clock();
    this.runsWithoutProgress = clock === this.lastClock ? this.runsWithoutProgress + 1 : 0;
    this.lastClock = clock;
    if (this.runsWithoutProgress > MAXIMUM_RUNS_WITHOUT_PROGRESS) throw new Error(`replaying the past made no progress at instruction ${clock} (on the way to ${this.goal})`);
  }
}
