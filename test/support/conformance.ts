// Reads the `//!` expectation lines of a conformance program (../shared/conformance/README.md)
// and checks a program against them through the bundled `dipc` command.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, runCli } from './cli';

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
  return programsWithExpectations(CONFORMANCE_DIR);
}

/** Every `.dipc` file of `directory` with its `//!` lines, by name (none if the folder is missing). */
export function programsWithExpectations(directory: string): ConformanceProgram[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.dipc'))
    .sort()
    .map((name) => parseExpectations(name, join(directory, name)));
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

interface CheckedDiagnostic {
  line: number;
  severity: string;
  code: string;
  message: string;
}

interface RunReport {
  exitCode: number;
  stdout: string;
  faults: { kind: string; process: string }[];
}

/** `dipc check --json` reports every `diag` line's code on its line, and no other errors. */
export function checkDiagnostics(program: ConformanceProgram): void {
  const result = runCli(['check', '--json', program.path]);
  assert.equal(result.status, 1, `dipc check should exit 1 on a file with errors; stderr: ${result.stderr}`);
  const diagnostics = JSON.parse(result.stdout) as CheckedDiagnostic[];
  for (const expected of program.diagnostics) {
    assert.ok(
      diagnostics.some((d) => d.code === expected.code && d.line === expected.line),
      `expected ${expected.code} on line ${expected.line}; got:\n${listDiagnostics(diagnostics)}`,
    );
  }
  const expectedLines = new Set(program.diagnostics.map((d) => d.line));
  const strayErrors = diagnostics.filter((d) => d.severity === 'error' && !expectedLines.has(d.line));
  assert.deepEqual(strayErrors, [], `unexpected errors:\n${listDiagnostics(strayErrors)}`);
}

/** `dipc run --json --ipc MODE` gives the expected stdout, exit status and faults. */
export function runAndCompare(program: ConformanceProgram, mode: string): void {
  const result = runCli(['run', '--json', '--ipc', mode, program.path]);
  let report: RunReport;
  try {
    report = JSON.parse(result.stdout) as RunReport;
  } catch {
    assert.fail(`dipc run --json printed no JSON (status ${result.status}); stderr:\n${result.stderr}`);
  }
  const lines = report.stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  assert.deepEqual(lines, program.stdout, 'stdout');
  assert.equal(report.exitCode, program.exitCode, 'exit status in the JSON report');
  assert.equal(result.status, program.exitCode, 'exit status of dipc run');
  const faults = report.faults.map((f) => `${f.kind} ${f.process}`).sort();
  const expectedFaults = program.faults.map((f) => `${f.kind} ${f.process}`).sort();
  assert.deepEqual(faults, expectedFaults, 'faults');
}

function listDiagnostics(diagnostics: CheckedDiagnostic[]): string {
  return diagnostics.map((d) => `  ${d.line}: ${d.severity} ${d.code} ${d.message}`).join('\n') || '  (none)';
}
