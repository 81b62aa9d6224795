// A program with no process (language.md §3 allows it) loads and has ended at once: the program
// ends when every thread has ended, and there are none.
import { strict as assert } from 'node:assert';
import { Kernel } from '../../simulator/kernel/kernel';
import { runProgram } from '../../simulator/kernel/run-program';

describe('kernel: a program with no process', () => {
  it('finishes at once with status 0, no output and no instruction run', () => {
    const result = runProgram({ processes: [], symbols: new Map() });
    assert.deepEqual([result.exitCode, result.stdout, result.processes, result.faults, result.stats.instructions], [0, '', [], [], 0]);
  });

  it('is finished once loaded, not before', () => {
    const kernel = new Kernel();
    assert.equal(kernel.finished, false);
    kernel.load({ processes: [], symbols: new Map() });
    assert.equal(kernel.finished, true);
    assert.equal(kernel.run(100).kind, 'finished');
  });
});
