// Every program of ../shared/conformance runs through the bundled `dipc` command and must behave
// as its `//!` lines say: `diag` files through `dipc check --json`, the others through
// `dipc run --json` (in every IPC mode when marked `ipc: all`).
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { runCli } from '../support/cli';
import { CONFORMANCE_DIR, conformancePrograms, type ConformanceProgram } from '../support/conformance';
import { IMPLEMENTED_IPC_MODES, IPC_MODES } from '../../simulator/kernel/ipc-modes';

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

describe('conformance programs (../shared/conformance)', function () {
  if (!existsSync(CONFORMANCE_DIR)) {
    it('runs when the conformance folder exists', function () {
      this.skip();
    });
    return;
  }

  for (const program of conformancePrograms()) {
    if (program.diagnostics.length > 0) {
      it(`${program.name}: dipc check reports ${program.diagnostics.map((d) => `${d.code}@${d.line}`).join(' ')}`, () => {
        checkDiagnostics(program);
      });
      continue;
    }
    const modes = program.allIpcModes ? IPC_MODES : (['dipc'] as const);
    for (const mode of modes) {
      const title = `${program.name} [--ipc ${mode}]`;
      if (!IMPLEMENTED_IPC_MODES.includes(mode)) {
        // Pending, not passing: the classic modes are tracked by their own issue.
        it.skip(`${title} (classic IPC mode not implemented yet)`);
        continue;
      }
      it(title, () => runAndCompare(program, mode));
    }
  }
});

function checkDiagnostics(program: ConformanceProgram): void {
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

function runAndCompare(program: ConformanceProgram, mode: string): void {
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
