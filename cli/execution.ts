// Running a loaded program to its end for the commands that do not debug (`run`, `trace`,
// `disasm`'s proxy listing): a kernel, the user's cost model, an instruction budget.

import { Kernel } from '../simulator/kernel/kernel';
import { KERNEL_COST_SECTIONS, type CostModel } from '../simulator/kernel/kernel-costs';
import type { ProgramImage } from '../simulator/kernel/program-image';
import type { RunResult } from '../simulator/kernel/run-result';
import { IMPLEMENTED_IPC_MODES, IPC_MODES, isIpcMode, type IpcMode } from '../simulator/kernel/ipc-modes';
import { UsageError, type FlagSpec, type ParsedArguments } from './arguments';
import { loadCostModelFile } from '../simulator/machine/cost-model';

/** Instructions run between checks of the budget; the kernel's own events interrupt earlier. */
const SLICE = 1_000_000;

export interface ExecutionOptions {
  maxInstructions?: number;
  costModel?: CostModel;
  trace?: boolean;
  /** `--ipc`: how cross-process calls are carried (default dipc). */
  ipc?: IpcMode;
}

export interface Execution {
  kernel: Kernel;
  result: RunResult;
  /** Set when the program executed `ebreak` outside a debugger: the run ends there. */
  breakpointTrap?: { thread: number; pc: number };
}

export function loadCostModel(path: string | undefined): CostModel | undefined {
  return path === undefined ? undefined : loadCostModelFile(path, KERNEL_COST_SECTIONS);
}

/** The flags every command that runs a program takes (`--ipc`, `--cost-model`, `--max-instructions`). */
export const EXECUTION_FLAGS: FlagSpec[] = [
  { name: 'ipc', value: 'string' },
  { name: 'max-instructions', value: 'integer' },
  { name: 'cost-model', value: 'string' },
];

/** Reads EXECUTION_FLAGS; an unknown IPC mode or a malformed cost model is bad input. */
export function executionOptions(flags: ParsedArguments['flags']): ExecutionOptions {
  return {
    ipc: parseIpcMode(flags.get('ipc')),
    costModel: loadCostModel(flags.get('cost-model') as string | undefined),
    maxInstructions: flags.get('max-instructions') as number | undefined,
  };
}

/** The `--ipc` value (default dipc); an unknown or unimplemented mode is a usage error. */
export function parseIpcMode(value: string | number | true | undefined): IpcMode {
  if (value === undefined) return 'dipc';
  const mode = String(value);
  if (!isIpcMode(mode)) throw new UsageError(`unknown IPC mode \`${mode}\` (modes: ${IPC_MODES.join(', ')})`);
  if (!IMPLEMENTED_IPC_MODES.includes(mode)) throw new UsageError(`IPC mode \`${mode}\` is not implemented yet (implemented: ${IMPLEMENTED_IPC_MODES.join(', ')})`);
  return mode;
}

export function execute(image: ProgramImage, options: ExecutionOptions = {}): Execution {
  const kernel = new Kernel({ costModel: options.costModel, trace: options.trace, ipc: options.ipc });
  kernel.load(image);
  let remaining = options.maxInstructions ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const before = kernel.machine.instret;
    const stop = kernel.run(Math.min(remaining, SLICE));
    remaining -= kernel.machine.instret - before;
    switch (stop.kind) {
      case 'finished':
        return { kernel, result: kernel.result(false) };
      case 'limit':
        if (remaining <= 0) return { kernel, result: kernel.result(true) };
        break;
      case 'ebreak':
        return { kernel, result: kernel.result(false), breakpointTrap: { thread: stop.thread, pc: stop.pc } };
      default:
        // Breakpoints, domain-switch and fault stops are only requested by the debugger.
        break;
    }
  }
}
