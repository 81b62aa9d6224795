// The breakpoint table's decisions: conditions, hit counts, log messages, and a condition that
// cannot be evaluated (it stops and says why).
import * as assert from 'node:assert/strict';
import { BreakpointTable, hitConditionHolds, interpolate } from '../../debug-adapter/breakpoints';
import type { EvaluationEnvironment } from '../../debug-adapter/expression';

const frame: EvaluationEnvironment = {
  lookupName: (name) => (name === 'i' ? { kind: 'int', value: 4 } : undefined),
  lookupQualified: () => undefined,
  readRegister: () => undefined,
  readWord: () => undefined,
};

describe('debug adapter breakpoint table', () => {
  it('reads hit conditions as exact, at-least, greater-than and every-nth', () => {
    assert.deepEqual([1, 2, 3, 4].map((hits) => hitConditionHolds('3', hits)), [false, false, true, false]);
    assert.deepEqual([1, 2, 3, 4].map((hits) => hitConditionHolds('>= 3', hits)), [false, false, true, true]);
    assert.deepEqual([1, 2, 3, 4].map((hits) => hitConditionHolds('> 3', hits)), [false, false, false, true]);
    assert.deepEqual([1, 2, 3, 4].map((hits) => hitConditionHolds('% 2', hits)), [false, true, false, true]);
  });

  it('interpolates {expressions} into log messages, showing errors in place', () => {
    assert.equal(interpolate('i={i}, next={i + 1}, bad={nope}', frame), 'i=4, next=5, bad=<`nope` is not visible here>');
  });

  it('stops when the condition holds, logs instead of stopping for logpoints', () => {
    const table = new BreakpointTable();
    const holds = table.create('line', { condition: 'i == 4' }, [0x100], true);
    const fails = table.create('line', { condition: 'i == 5' }, [0x100], true);
    const logs = table.create('line', { logMessage: 'at {i}' }, [0x100], true);
    table.replaceLineBreakpoints('/a.dipc', [holds, fails, logs]);
    const verdict = table.judge(table.at(0x100), () => frame);
    assert.equal(verdict.kind, 'stop');
    assert.deepEqual(verdict.kind === 'stop' && verdict.breakpoints.map((breakpoint) => breakpoint.id), [holds.id]);
    assert.deepEqual(verdict.kind === 'stop' && verdict.lines, ['at 4']);
  });

  it('stops on a condition it cannot evaluate and says why', () => {
    const table = new BreakpointTable();
    const broken = table.create('line', { condition: 'missing > 1' }, [0x200], true);
    table.replaceLineBreakpoints('/a.dipc', [broken]);
    const verdict = table.judge(table.at(0x200), () => frame);
    assert.equal(verdict.kind, 'stop');
    assert.match(verdict.kind === 'stop' ? verdict.lines[0] : '', /condition `missing > 1` cannot be evaluated \(`missing` is not visible here\)/);
  });

  it('does not count hits while judging the past', () => {
    const table = new BreakpointTable();
    const second = table.create('line', { hitCondition: '2' }, [0x300], true);
    table.replaceLineBreakpoints('/a.dipc', [second]);
    assert.equal(table.judge(table.at(0x300), () => frame, false).kind, 'none');
    assert.equal(table.judge(table.at(0x300), () => frame, false).kind, 'none');
    assert.equal(table.judge(table.at(0x300), () => frame).kind, 'none');
    assert.equal(table.judge(table.at(0x300), () => frame).kind, 'stop');
  });
});
