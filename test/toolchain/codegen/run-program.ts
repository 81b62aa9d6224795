// Test helper: compiles a `.dipc` source and runs it on the kernel to the end (or a budget),
// returning what the run reported plus the compiler's output for assertions on code and debug info.
import { strict as assert } from 'node:assert';
import { compileSource, type CompileResult } from '../../../simulator/toolchain/compiler';
import { Kernel } from '../../../simulator/kernel/kernel';
import type { RunResult } from '../../../simulator/kernel/run-result';

export const INSTRUCTION_BUDGET = 20_000_000;

export function compileOrFail(source: string, fileName = 'test.dipc'): CompileResult {
  const compiled = compileSource(source, fileName);
  assert.deepEqual(compiled.errors, [], `compile errors:\n${compiled.errors.join('\n')}\n${compiled.assembly}`);
  return compiled;
}

export function runCompiled(compiled: CompileResult, budget = INSTRUCTION_BUDGET): RunResult {
  const kernel = new Kernel({});
  kernel.load(compiled.image);
  const stop = kernel.run(budget);
  return kernel.result(stop.kind === 'limit');
}

export function runSource(source: string, budget = INSTRUCTION_BUDGET): RunResult {
  return runCompiled(compileOrFail(source), budget);
}

/** stdout as lines, without the final newline's empty line. */
export function outputLines(result: RunResult): string[] {
  return result.stdout.split('\n').slice(0, -1);
}

/** A single-process program whose main is `body`. */
export function mainProgram(body: string, members = ''): string {
  return `process Test {\n${members}\nfn main() {\n${body}\n}\n}\n`;
}
