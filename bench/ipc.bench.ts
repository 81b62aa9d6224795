// The IPC comparison of os.md §6 as a benchmark: the microbenchmark's cycles per call in every mode
// with dIPC's speedups against the paper's abstract (targets: within 25% of 64.12x over local RPC
// and 8.87x over L4), and the three-tier OLTP example under every mode (paper: up to 5.12x, 2.13x
// on average). Every figure is measured on the simulator with the default cost model.
import { join } from 'node:path';
import { compareProgram, runMicrobenchmark } from '../cli/ipc-bench';
import { PAPER_SPEEDUP, PAPER_TOLERANCE } from '../cli/commands/bench';
import { loadProgram } from '../simulator/toolchain/program-loader';

export async function run(): Promise<Record<string, unknown>> {
  const micro = runMicrobenchmark({ iterations: 10_000 });
  const oltp = compareProgram(loadProgram(join(__dirname, '..', 'examples', 'oltp.dipc')).image, 'examples/oltp.dipc');
  const within = (measured: number, paper: number): boolean => Math.abs(measured / paper - 1) <= PAPER_TOLERANCE;
  return {
    cyclesPerCall: Object.fromEntries(micro.modes.map((mode) => [mode.mode, Math.round(mode.cyclesPerCall * 10) / 10])),
    speedup: micro.speedup,
    targets: {
      rpc: { paper: PAPER_SPEEDUP.rpc, measured: micro.speedup.rpc, withinTolerance: within(micro.speedup.rpc, PAPER_SPEEDUP.rpc) },
      l4: { paper: PAPER_SPEEDUP.l4, measured: micro.speedup.l4, withinTolerance: within(micro.speedup.l4, PAPER_SPEEDUP.l4) },
    },
    oltp: {
      paper: { upTo: 5.12, average: 2.13, dipcShareOfIdeal: 0.94 },
      speedup: oltp.speedup,
      ipcShare: Object.fromEntries(oltp.modes.map((mode) => [mode.mode, Math.round(mode.ipcShare * 1000) / 1000])),
    },
  };
}
