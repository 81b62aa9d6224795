// Launch: the program file -> a loaded kernel and the debugger's symbols, or a clean failure with
// the diagnostics to show (the same loader and messages as `dipc run`: simulator/toolchain/
// program-loader.ts). `.s` and ELF programs have no debug info: they are debugged by instruction.

import { resolve } from 'node:path';
import { Kernel } from '../simulator/kernel/kernel';
import { KERNEL_COST_SECTIONS } from '../simulator/kernel/kernel-costs';
import { IMPLEMENTED_IPC_MODES } from '../simulator/kernel/ipc-modes';
import { CostModelError, loadCostModelFile } from '../simulator/machine/cost-model';
import type { DebugInfo } from '../simulator/toolchain/debug-info';
import { ProgramBuildError, ProgramInputError, loadProgram as loadProgramFile, type LoadedProgram } from '../simulator/toolchain/program-loader';
import { KernelTarget } from './kernel-target';
import type { LaunchConfiguration } from './launch-configuration';
import { ProgramSymbols, sizeOfType, type FunctionSymbol } from './program-symbols';

export type ProgramLoadResult =
  | { ok: true; target: KernelTarget; symbols: ProgramSymbols; program: LoadedProgram }
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
      if (error instanceof CostModelError) return { ok: false, message: `cost model: ${error.message}`, diagnostics: [] };
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
  const symbols = program.debugInfo
    ? symbolsFromDebugInfo(path, program.debugInfo)
    : new ProgramSymbols({ sourcePath: path, lines: [], functions: [], globals: [], labels: program.image.symbols });
  return { ok: true, target: new KernelTarget(kernel, program.image), symbols, program };
}

function symbolsFromDebugInfo(path: string, debugInfo: DebugInfo): ProgramSymbols {
  return new ProgramSymbols({
    sourcePath: path,
    lines: debugInfo.lineTable.map((entry) => ({ address: entry.address, line: entry.line, column: entry.column, isStatement: entry.isStatement })),
    functions: debugInfo.functions.map((fn): FunctionSymbol => ({
      kind: fn.kind,
      qualifiedName: fn.qualifiedName,
      name: fn.name,
      process: fn.process,
      domain: fn.domain,
      start: fn.start,
      end: fn.end,
      frameSize: fn.frameSize,
      variables: fn.variables.map((variable) => ({
        name: variable.name,
        kind: variable.kind,
        type: variable.type,
        location: variable.location,
        liveStart: variable.liveStart,
        liveEnd: variable.liveEnd,
      })),
    })),
    globals: debugInfo.globals
      .filter((global) => global.storage === 'data')
      .map((global) => ({ qualifiedName: global.qualifiedName, name: global.name, process: global.process, domain: global.domain, address: global.address, type: global.type, size: sizeOfType(global.type) })),
  });
}

