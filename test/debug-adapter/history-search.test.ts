// ExecutionHistory against a scripted target: every search and replay ends, even when the
// machine stops making progress (a deadlocked or diverging replay), instead of spinning for ever
// in the adapter's event loop (where no request, not even disconnect, would be answered).
import * as assert from 'node:assert/strict';
import type { ExecutionTarget, RunOutcome, RunRequest } from '../../debug-adapter/execution-target';
import { CHECKPOINT_INTERVAL, ExecutionHistory, SearchLimitReached } from '../../debug-adapter/history';

/** One thread counting instructions, its pc the clock times 4; from `stuckAt` on, runs retire nothing. */
class ScriptedTarget implements ExecutionTarget<number> {
  private now = 0;
  runs = 0;

  constructor(
    private readonly stuckAt = Infinity,
    private readonly stuckOutcome: RunOutcome = { kind: 'limit' },
  ) {}

  clock(): number {
    return this.now;
  }
  cycles(): number {
    return this.now;
  }
  nextThread(): number {
    return 1;
  }
  pcOf(): number {
    return this.now * 4;
  }
  ended(): boolean {
    return false;
  }
  run(request: RunRequest): RunOutcome {
    this.runs += 1;
    if (this.now >= this.stuckAt) return this.stuckOutcome;
    let end = Math.min(this.now + Math.max(0, request.limit), this.stuckAt);
    if (request.stopBefore) {
      for (let clock = this.now + 1; clock < end; clock++) {
        if (request.stopBefore.has(clock * 4)) {
          end = clock;
          this.now = end;
          return { kind: 'address', threadId: 1 };
        }
      }
    }
    this.now = end;
    return { kind: 'limit' };
  }
  snapshot(): number {
    return this.now;
  }
  restore(snapshot: number): void {
    this.now = snapshot;
  }
  outputCount(): number {
    return 0;
  }
  outputChunk(): never {
    throw new Error('no output');
  }
}

/** Runs the target forward to `clock`, taking checkpoints as the runtime does. */
function recordUpTo(target: ScriptedTarget, history: ExecutionHistory<number>, clock: number): void {
  while (target.clock() < clock) {
    target.run({ limit: Math.min(clock, history.nextCheckpointClock()) - target.clock() });
    history.recordIfDue();
  }
}

describe('debug adapter history searches end', function () {
  this.timeout(10_000);

  it('finds the latest matching state within its limits', () => {
    const target = new ScriptedTarget();
    const history = new ExecutionHistory(target, { instructions: 10 * CHECKPOINT_INTERVAL, stops: 1_000, singleSteps: 1_000 });
    recordUpTo(target, history, 3 * CHECKPOINT_INTERVAL);
    const wanted = new Set([400, 80_000]);
    assert.equal(history.findLast({ addresses: wanted, test: () => true }, target.clock()), 20_000);
  });

  it('a search that runs out of instructions says which stretch it covered', () => {
    const target = new ScriptedTarget();
    const history = new ExecutionHistory(target, { instructions: 2.5 * CHECKPOINT_INTERVAL, stops: 1_000, singleSteps: 1_000 });
    const now = 6 * CHECKPOINT_INTERVAL;
    recordUpTo(target, history, now);
    const limit = catchLimit(() => history.findLast({ addresses: new Set([4]), test: () => true }, now));
    // Three whole segments re-run (the third used up the limit) and found nothing.
    assert.equal(limit.searchedFrom, 3 * CHECKPOINT_INTERVAL);
  });

  it('a search over a machine that makes no progress ends at its single-step limit', () => {
    const target = new ScriptedTarget(CHECKPOINT_INTERVAL + 10);
    const history = new ExecutionHistory(target, { instructions: 1_000_000_000, stops: 500, singleSteps: 500 });
    recordUpTo(target, history, CHECKPOINT_INTERVAL + 10);
    target.runs = 0;
    // The replay of [0, now) gets stuck nowhere, but a search from beyond the stuck clock would spin.
    const limit = catchLimit(() => history.findLast({ test: () => false }, CHECKPOINT_INTERVAL + 20));
    assert.ok(target.runs <= 500, `${target.runs} machine runs`);
    assert.equal(limit.searchedFrom, CHECKPOINT_INTERVAL + 20);
  });

  it('a replay that stops making progress is an error, not an endless loop', () => {
    const target = new ScriptedTarget(CHECKPOINT_INTERVAL + 10);
    const history = new ExecutionHistory(target);
    recordUpTo(target, history, CHECKPOINT_INTERVAL + 10);
    assert.throws(() => history.travelTo(CHECKPOINT_INTERVAL + 20), /replaying the past made no progress at instruction 50010/);
  });

  it('a replay or search that meets the end of every thread stops there', () => {
    const target = new ScriptedTarget(CHECKPOINT_INTERVAL + 10, { kind: 'ended', exitCode: 0 });
    const history = new ExecutionHistory(target, { instructions: 1_000_000_000, stops: 500, singleSteps: 500 });
    recordUpTo(target, history, CHECKPOINT_INTERVAL + 10);
    target.runs = 0;
    history.travelTo(CHECKPOINT_INTERVAL + 20);
    assert.equal(target.clock(), CHECKPOINT_INTERVAL + 10);
    assert.equal(history.findLast({ addresses: new Set([4]), test: () => false }, CHECKPOINT_INTERVAL + 20), undefined);
    assert.equal(history.findLastStop({ stopOnFault: true }, () => true, 0, CHECKPOINT_INTERVAL + 20), undefined);
    assert.ok(target.runs < 200_000, `${target.runs} machine runs`);
  });
});

function catchLimit(search: () => unknown): SearchLimitReached {
  try {
    search();
  } catch (error) {
    if (error instanceof SearchLimitReached) return error;
    throw error;
  }
  assert.fail('the search ended without reaching its limit');
}
