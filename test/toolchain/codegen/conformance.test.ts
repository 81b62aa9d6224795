// The shared conformance programs, compiled by the code generator and run directly on the kernel
// (no CLI in between), checked against their `//!` lines in the default dIPC mode.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { conformancePrograms } from '../../support/conformance';
import { compileOrFail, outputLines, runCompiled } from './run-program';

describe('codegen: conformance programs on the kernel', () => {
  const programs = conformancePrograms().filter((program) => program.diagnostics.length === 0);
  if (programs.length === 0) {
    it('needs ../shared/conformance', function () {
      this.skip();
    });
  }
  for (const program of programs) {
    it(program.name, () => {
      const result = runCompiled(compileOrFail(readFileSync(program.path, 'utf8'), program.name));
      assert.equal(result.stoppedByLimit, false, 'the program did not finish');
      assert.deepEqual(outputLines(result), program.stdout);
      assert.equal(result.exitCode, program.exitCode, `faults: ${JSON.stringify(result.faults)}`);
      const faults = result.faults.map((fault) => `${fault.kind} ${fault.process}`).sort();
      assert.deepEqual(faults, program.faults.map((fault) => `${fault.kind} ${fault.process}`).sort());
    });
  }
});
