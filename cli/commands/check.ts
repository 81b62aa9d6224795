// `dipc check FILE... [--json]`: the diagnostics the language server shows, for scripts and CI.
import { parseArguments, type CommandSpec } from '../arguments';
import { analyze, formatDiagnostic, type Analysis, type Diagnostic } from '../../simulator/toolchain/language';
import { readProgramFile } from '../../simulator/toolchain/program-loader';
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

export const checkCommand: Command = {
  spec,
  execute(argv) {
    const { flags, positionals } = parseArguments(spec, argv);
    // Read every file first: a missing one is bad input (exit 2) before anything is reported.
    const analyses = positionals.map((file) => analyze(Buffer.from(readProgramFile(file)).toString('utf8'), file));
    const hasErrors = analyses.some((analysis) => analysis.hasErrors);
    if (flags.has('json')) {
      const all = analyses.flatMap((analysis) => analysis.diagnostics.map((d) => toCheckedDiagnostic(d, analysis)));
      console.log(JSON.stringify(all, null, 2));
    } else {
      for (const analysis of analyses) {
        for (const diagnostic of analysis.diagnostics) console.log(formatDiagnostic(diagnostic, analysis));
      }
    }
    return hasErrors ? 1 : 0;
  },
};
