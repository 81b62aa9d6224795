// The program a command runs, loaded from the file the user named. language.md §3 allows a
// program with no process (an empty file, only consts): `check` accepts it, so the commands that
// run programs run it too — no thread, nothing to do, exit 0 — instead of the compiler's refusal.
import { loadProgram, ProgramBuildError, type LoadedProgram } from '../simulator/toolchain/program-loader';

export function loadRunnableProgram(fileName: string): LoadedProgram {
  try {
    return loadProgram(fileName);
  } catch (error) {
    const analysis = error instanceof ProgramBuildError ? error.analysis : undefined;
    if (analysis === undefined || analysis.hasErrors || analysis.program.items.some((item) => item.kind === 'Process')) throw error;
    return { kind: 'dipc', fileName, image: { processes: [], symbols: new Map() }, analysis };
  }
}
