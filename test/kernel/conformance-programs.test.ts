// The conformance programs of ../shared/conformance compiled by the toolchain and run directly on
// the kernel (runProgram, dipc mode): output, exit status and faults as their `//!` lines say.
// Complements test/conformance, which goes through the bundled CLI.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { runProgram } from '../../simulator/kernel/run-program';
import { buildDipcProgram } from '../../simulator/toolchain/program-loader';
import { conformancePrograms } from '../support/conformance';

describe('kernel: conformance programs run on the kernel', () => {
  for (const program of conformancePrograms().filter((candidate) => candidate.diagnostics.length === 0)) {
    it(program.name, () => {
      const { image } = buildDipcProgram(readFileSync(program.path, 'utf8'), program.path);
      const result = runProgram(image, { maxInstructions: 50_000_000 });
      assert.equal(result.stoppedByLimit, false);
      const lines = result.stdout === '' ? [] : result.stdout.replace(/\n$/, '').split('\n');
      assert.deepEqual(lines, program.stdout);
      assert.equal(result.exitCode, program.exitCode);
      const faults = result.faults.map((fault) => `${fault.kind} ${fault.process}`).sort();
      assert.deepEqual(faults, program.faults.map((fault) => `${fault.kind} ${fault.process}`).sort());
    });
  }
});
