// Reads the `//!` expectation lines of a conformance program (../shared/conformance/README.md).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './cli';

export const CONFORMANCE_DIR = join(PROJECT_ROOT, '..', 'shared', 'conformance');
export const IPC_MODES = ['dipc', 'l4', 'rpc', 'pipe', 'sem'] as const;

export interface ConformanceProgram {
  name: string;
  path: string;
  stdout: string[];
  exitCode: number;
  faults: { kind: string; process: string }[];
  allIpcModes: boolean;
  diagnostics: { code: string; line: number }[];
}

export function conformancePrograms(): ConformanceProgram[] {
  if (!existsSync(CONFORMANCE_DIR)) return [];
  return readdirSync(CONFORMANCE_DIR)
    .filter((name) => name.endsWith('.dipc'))
    .sort()
    .map((name) => parseExpectations(name, join(CONFORMANCE_DIR, name)));
}

function parseExpectations(name: string, path: string): ConformanceProgram {
  const program: ConformanceProgram = { name, path, stdout: [], exitCode: 0, faults: [], allIpcModes: false, diagnostics: [] };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\/\/!\s*(\w+):\s?(.*)$/.exec(line);
    if (!match) continue;
    const [, key, value] = match;
    switch (key) {
      case 'stdout':
        program.stdout.push(value);
        break;
      case 'exit':
        program.exitCode = Number(value.trim());
        break;
      case 'fault': {
        const [kind, process] = value.trim().split(/\s+/);
        program.faults.push({ kind, process });
        break;
      }
      case 'ipc':
        program.allIpcModes = value.trim() === 'all';
        break;
      case 'diag': {
        const [code, lineNumber] = value.trim().split(/\s+/);
        program.diagnostics.push({ code, line: Number(lineNumber) });
        break;
      }
      default:
        throw new Error(`${name}: unknown expectation line //! ${key}`);
    }
  }
  return program;
}
