// Launch: the program file -> a loaded kernel and the index of its debug information, or a clean
// failure with the diagnostics to show (the same loader and messages as `dipc run`: simulator/
// toolchain/program-loader.ts). `.s` and ELF programs have no debug info: they are debugged by
// instruction, their frames named by the image's labels.

import { resolve } from 'node:path';
import { Kernel } from '../simulator/kernel/kernel';
import { KERNEL_COST_SECTIONS } from '../simulator/kernel/kernel-costs';
import { IMPLEMENTED_IPC_MODES } from '../simulator/kernel/ipc-modes';
import { CostModelError, loadCostModelFile } from '../simulator/machine/cost-model';
import { emptyDebugInfo } from '../simulator/toolchain/debug-info';
import { DebugInfoIndex } from '../simulator/toolchain/debug-info-index';
import { ProgramBuildError, ProgramInputError, loadProgram as loadProgramFile, type LoadedProgram } from '../simulator/toolchain/program-loader';
import { KernelTarget } from './kernel-target';
import type { LaunchConfiguration } from './launch-configuration';

export type ProgramLoadResult =
  | { ok: true; target: KernelTarget; symbols: DebugInfoIndex; program: LoadedProgram }
  | { ok: false; message: string; diagnostics: string[] };

export function loadProgram(configuration: LaunchConfiguration): ProgramLoadResult {
  const path = resolve(configuration.program);
  if (!IMPLEMENTED_IPC_MODES.includes(configuration.ipc)) {
    return { ok: false, message: `ipc mode \`${configuration.ipc}\` cannot be debugged yet (implemented: ${IMPLEMENTED_IPC_MODES.join(', ')})`, diagnostics: [] };
  }
  let costModel: ReturnType<typeof loadCostModelFile<typeof KERNEL_COST_SECTIONS>> | undefined;
  if (configuration.costModel !== undefined) {
    try {
      costModel = loadCostModelFile(resolve(configuration.costModel), KERNEL_COST_SECTIONS);
    } catch (error) {
      // CostModelError's message already starts with `cost model:`.
      if (error instanceof CostModelError) return { ok: false, message: error.message, diagnostics: [] };
      throw error;
    }
  }
  let program: LoadedProgram;
  try {
    program = loadProgramFile(path);
  } catch (error) {
    if (error instanceof ProgramInputError) return { ok: false, message: `cannot debug ${error.message}`, diagnostics: [] };
    if (error instanceof ProgramBuildError) {
      const count = error.diagnostics.length;
      return { ok: false, message: `${path} does not compile (${count} error${count === 1 ? '' : 's'}; see the Debug Console)`, diagnostics: error.diagnostics };
    }
    throw error;
  }
  const kernel = new Kernel({ costModel, ipc: configuration.ipc });
  kernel.load(program.image);
  // The compiler's debug information is the one model; a program without it is named by its labels.
  const symbols = program.debugInfo ? new DebugInfoIndex(program.debugInfo) : new DebugInfoIndex(emptyDebugInfo(path), program.image.symbols);
  return { ok: true, target: new KernelTarget(kernel, program.image), symbols, program };
}
