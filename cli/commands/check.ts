// `dipc check FILE... [--json]`: the diagnostics the language server shows, for scripts and CI.
import { parseArguments, type CommandSpec } from '../arguments';
import { analyze, formatDiagnostic, type Analysis, type Diagnostic } from '../../simulator/toolchain/language';
import { buildDiagnostics, withBuildDiagnostics } from '../../simulator/toolchain/compiler';
import { ProgramInputError, programKindOf, readProgramFile } from '../../simulator/toolchain/program-loader';
import type { Command } from '.';

const spec: CommandSpec = {
  name: 'check',
  usage: 'dipc check FILE... [--json]',
  flags: [{ name: 'json' }],
  positionals: { min: 1, max: Infinity, name: 'FILE' },
};

/** One diagnostic as `check --json` prints it (tooling.md §2; lines and columns 1-based). */
export interface CheckedDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

export function toCheckedDiagnostic(diagnostic: Diagnostic, analysis: Analysis): CheckedDiagnostic {
  const start = analysis.lineMap.positionAt(diagnostic.span.start);
  const end = analysis.lineMap.positionAt(diagnostic.span.end);
  return {
    file: analysis.fileName,
    line: start.line + 1,
    column: start.column + 1,
    endLine: end.line + 1,
    endColumn: end.column + 1,
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
  };
}

/** A file's bytes, unless it is an ELF executable or an assembly file: those have no .dipc diagnostics. */
function readDipcSource(file: string): Uint8Array {
  const bytes = readProgramFile(file);
  let kind: string;
  try {
    kind = programKindOf(file, bytes);
  } catch {
    return bytes; // any other name: checked as .dipc text
  }
  if (kind === 'elf') throw new ProgramInputError(`${file}: an ELF executable, not a .dipc program (dipc run runs it)`);
  if (kind === 'assembly') throw new ProgramInputError(`${file}: an assembly file, not a .dipc program (dipc run assembles and runs it)`);
  return bytes;
}

export const checkCommand: Command = {
  spec,
  execute(argv) {
    const { flags, positionals } = parseArguments(spec, argv);
    // Read every file first: a missing one is bad input (exit 2) before anything is reported.
    const analyses = positionals.map((file) => analyze(Buffer.from(readDipcSource(file)).toString('utf8'), file));
    // A program the front end accepts is compiled too, so what `run` would refuse (E114 limits,
    // E001 in `asm` blocks) is reported here as well.
    const checked = analyses.map((analysis) => {
      const diagnostics = withBuildDiagnostics(analysis, buildDiagnostics(analysis));
      return { analysis, diagnostics };
    });
    const hasErrors = checked.some(({ diagnostics }) => diagnostics.some((d) => d.severity === 'error'));
    if (flags.has('json')) {
      const all = checked.flatMap(({ analysis, diagnostics }) => diagnostics.map((d) => toCheckedDiagnostic(d, analysis)));
      console.log(JSON.stringify(all, null, 2));
    } else {
      for (const { analysis, diagnostics } of checked) {
        for (const diagnostic of diagnostics) console.log(formatDiagnostic(diagnostic, analysis));
      }
    }
    return hasErrors ? 1 : 0;
  },
};
