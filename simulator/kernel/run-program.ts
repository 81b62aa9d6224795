// runProgram: load an image, run it to the end (or to the instruction limit) and report. The
// one-call entry point for the CLI (`dipc run`, `trace`), the benchmarks and the tests.
import { Kernel, type KernelOptions } from './kernel';
import type { ProgramImage } from './program-image';
import type { RunResult } from './run-result';

export interface RunOptions extends KernelOptions {
  /** Stop after this many instructions (all threads together); the result says stoppedByLimit. */
  maxInstructions?: number;
}

/** Default instruction limit of runProgram, so a runaway program ends. */
export const DEFAULT_MAX_INSTRUCTIONS = 1_000_000_000;

export function runProgram(image: ProgramImage, options: RunOptions = {}): RunResult {
  const kernel = new Kernel(options);
  kernel.load(image);
  let budget = options.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS;
  for (;;) {
    const before = kernel.machine.instret;
    const stop = kernel.run(budget);
    budget -= kernel.machine.instret - before;
    // Breakpoints are the debugger's business; an ebreak in a plain run just continues.
    if (stop.kind === 'finished') return kernel.result(false);
    if (stop.kind === 'limit') return kernel.result(true);
  }
}
