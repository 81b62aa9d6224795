// `dipc bench`: the IPC comparison of os.md §5-6. Without --program, the paper's microbenchmark in
// every mode with the per-call breakdown; with --program FILE, that program under every IPC mode
// (total cycles, share spent carrying calls). `--json` prints the shape of tooling.md §2.
import { parseArguments, UsageError, type CommandSpec } from '../arguments';
import { loadCostModel } from '../execution';
import {
  BENCH_MODES, BENCH_MODE_TITLES, BenchError, DEFAULT_BENCH_ITERATIONS, MAX_BENCH_ITERATIONS, compareProgram, runMicrobenchmark,
  type BenchMode, type MicrobenchResult, type ProgramComparison,
} from '../ipc-bench';
import type { CostModel } from '../../simulator/kernel/kernel-costs';
import { loadProgram } from '../../simulator/toolchain/program-loader';
import type { Command } from '.';

const spec: CommandSpec = {
  name: 'bench',
  usage: 'dipc bench [--json] [--iterations N] [--program FILE] [--cost-model F]',
  flags: [{ name: 'json' }, { name: 'iterations', value: 'integer' }, { name: 'program', value: 'string' }, { name: 'cost-model', value: 'string' }],
  positionals: { min: 0, max: 0, name: 'no positional argument' },
};

/** The dIPC paper's abstract (os.md §6) and the tolerance the default cost model must meet. */
export const PAPER_SPEEDUP = { rpc: 64.12, l4: 8.87 } as const;
export const PAPER_TOLERANCE = 0.25;

export const benchCommand: Command = {
  spec,
  execute(argv) {
    try {
      return bench(argv);
    } catch (error) {
      // A program that runs away or never calls another process is bad input, reported in one line.
      if (error instanceof BenchError) throw new UsageError(error.message);
      throw error;
    }
  },
};

/** The command itself: the microbenchmark, or --program. */
function bench(argv: string[]): number {
  const { flags } = parseArguments(spec, argv);
  const costModelPath = flags.get('cost-model') as string | undefined;
  const costModel = loadCostModel(costModelPath);
  const onProgress = progressIndicator();
  const programPath = flags.get('program') as string | undefined;
  if (programPath !== undefined) {
    const program = loadProgram(programPath);
    const comparison = compareProgram(program.image, programPath, { costModel, onProgress });
    if (flags.has('json')) console.log(JSON.stringify(comparison, null, 2));
    else console.log(formatProgramComparison(comparison, costModelPath));
    return 0;
  }
  const iterations = (flags.get('iterations') as number | undefined) ?? DEFAULT_BENCH_ITERATIONS;
  if (iterations > MAX_BENCH_ITERATIONS) throw new UsageError(`--iterations is at most ${MAX_BENCH_ITERATIONS} (the program's 32-bit cycles() must not wrap around a loop)`);
  const result = runMicrobenchmark({ iterations, costModel, onProgress });
  if (flags.has('json')) console.log(JSON.stringify({ modes: result.modes, speedup: result.speedup, references: result.references }, null, 2));
  else console.log(formatMicrobenchmark(result, iterations, costModelPath, costModel));
  return 0;
}

/** `bench: l4 (5/8)` rewritten in place on stderr, only when stderr is a terminal. */
function progressIndicator(): ((done: number, total: number, what: string) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  return (done, total, what) => {
    if (done === total) process.stderr.write('\r\x1b[K');
    else process.stderr.write(`\r\x1b[Kbench: ${what} (${done + 1}/${total})`);
  };
}

function fixed(value: number, digits = 1): string {
  return value.toFixed(digits);
}

export function formatMicrobenchmark(result: MicrobenchResult, iterations: number, costModelPath: string | undefined, costModel: CostModel | undefined): string {
  const crossCore = (costModel?.ipc?.crossCore ?? 0) !== 0;
  const dipc = result.modes.find((mode) => mode.mode === 'dipc')!;
  // The table keeps the references next to what they compare with (BENCH_MODES order).
  const rows = BENCH_MODES.map((name) => [...result.modes, ...result.references].find((mode) => mode.mode === name)!);
  const lines = [
    `Synchronous cross-process call, one-word argument and result, ${iterations} iterations per mode`,
    `cost model: ${costModelPath ?? 'defaults'} (${crossCore ? 'caller and server on different cores' : 'caller and server on one core'})`,
    '',
    `${'mode'.padEnd(10)}${'what'.padEnd(40)}${'cycles/call'.padStart(12)}${'ns/call'.padStart(10)}${'vs dipc'.padStart(10)}`,
  ];
  for (const mode of rows) {
    const title = BENCH_MODE_TITLES[mode.mode as BenchMode] ?? mode.mode;
    lines.push(`${mode.mode.padEnd(10)}${title.padEnd(40)}${fixed(mode.cyclesPerCall).padStart(12)}${fixed(mode.nsPerCall).padStart(10)}${`${fixed(mode.cyclesPerCall / dipc.cyclesPerCall, 2)}x`.padStart(10)}`);
  }
  lines.push('', 'dIPC speedup (time per call in the mode / time per call with dIPC):');
  for (const [mode, factor] of Object.entries(result.speedup)) {
    const paper = PAPER_SPEEDUP[mode as keyof typeof PAPER_SPEEDUP];
    const against = paper === undefined ? '' : `   paper ${paper}x: ${Math.abs(factor / paper - 1) <= PAPER_TOLERANCE ? 'within' : 'NOT within'} 25% (${fixed((factor / paper - 1) * 100)}%)`;
    lines.push(`  ${mode.padEnd(5)} ${`${fixed(factor, 2)}x`.padStart(8)}${against}`);
  }
  lines.push('', 'Breakdown (cycles per call; proxy.* are the proxy\'s isolation steps, aplMiss the APL-cache refills):');
  for (const mode of rows) {
    const parts = Object.entries(mode.breakdown).map(([component, cycles]) => `${component} ${fixed(cycles)}`);
    lines.push(`  ${mode.mode.padEnd(9)} ${parts.join(', ')}`);
  }
  lines.push('', 'Instructions executed in one call:');
  for (const mode of rows) {
    const counts = result.instructions[mode.mode] ?? {};
    const proxy = Object.entries(counts).filter(([component]) => component.startsWith('proxy.')).reduce((sum, [, count]) => sum + count, 0);
    const parts = [proxy > 0 ? `proxy ${proxy}` : '', ...Object.entries(counts).filter(([component]) => !component.startsWith('proxy.')).map(([component, count]) => `${component} ${count}`)].filter(Boolean);
    if (parts.length > 0) lines.push(`  ${mode.mode.padEnd(9)} ${parts.join(', ')}`);
  }
  return lines.join('\n');
}

export function formatProgramComparison(comparison: ProgramComparison, costModelPath: string | undefined): string {
  const dipc = comparison.modes[0];
  const lines = [
    `${comparison.program} under every IPC mode (cost model: ${costModelPath ?? 'defaults'})`,
    '',
    `${'mode'.padEnd(6)}${'cycles'.padStart(14)}${'time (us)'.padStart(12)}${'calls'.padStart(8)}${'IPC cycles'.padStart(14)}${'IPC share'.padStart(11)}${'vs dipc'.padStart(10)}`,
  ];
  for (const mode of comparison.modes) {
    lines.push(`${mode.mode.padEnd(6)}${String(Math.round(mode.cycles)).padStart(14)}${fixed(mode.timeNs / 1000).padStart(12)}${String(mode.calls).padStart(8)}${String(Math.round(mode.ipcCycles)).padStart(14)}${`${fixed(mode.ipcShare * 100)}%`.padStart(11)}${`${fixed(mode.cycles / dipc.cycles, 2)}x`.padStart(10)}`);
  }
  lines.push('', `dIPC speedup: ${Object.entries(comparison.speedup).map(([mode, factor]) => `${mode} ${fixed(factor, 2)}x`).join(', ')}`);
  if (comparison.outputDiffers.length > 0) {
    lines.push(`note: the output differs from dIPC's in ${comparison.outputDiffers.join(', ')} (the program depends on how calls are carried)`);
  }
  return lines.join('\n');
}
