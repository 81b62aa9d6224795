// The project's own acceptance-style programs (test/programs/*.dipc): each one exercises one promise
// of the specs, with its expected behaviour in `//!` lines (../shared/conformance/README.md) derived
// from the spec by hand. They run through the bundled `dipc` command like the conformance programs.
import { checkDiagnostics, programsWithExpectations, runAndCompare } from '../support/conformance';
import { IMPLEMENTED_IPC_MODES, IPC_MODES } from '../../simulator/kernel/ipc-modes';

describe('spec programs (test/programs)', function () {
  for (const program of programsWithExpectations(__dirname)) {
    if (program.diagnostics.length > 0) {
      it(`${program.name}: dipc check reports ${program.diagnostics.map((d) => `${d.code}@${d.line}`).join(' ')}`, () => {
        checkDiagnostics(program);
      });
      continue;
    }
    const modes = program.allIpcModes ? IPC_MODES.filter((mode) => IMPLEMENTED_IPC_MODES.includes(mode)) : (['dipc'] as const);
    for (const mode of modes) it(`${program.name} [--ipc ${mode}]`, () => runAndCompare(program, mode));
  }
});
