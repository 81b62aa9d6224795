// Every program of ../shared/conformance runs through the bundled `dipc` command and must behave
// as its `//!` lines say: `diag` files through `dipc check --json`, the others through
// `dipc run --json` (in every IPC mode when marked `ipc: all`).
import { existsSync } from 'node:fs';
import { CONFORMANCE_DIR, checkDiagnostics, conformancePrograms, runAndCompare } from '../support/conformance';
import { IMPLEMENTED_IPC_MODES, IPC_MODES } from '../../simulator/kernel/ipc-modes';

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
