// The shared conformance programs through the front end alone: files with `//! diag:` lines must
// report exactly those codes on those lines and no other errors; every other file is a valid
// program and must analyse without errors.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { analyze } from '../../../simulator/toolchain/language';
import { CONFORMANCE_DIR, conformancePrograms } from '../../support/conformance';
import { describe as describeDiagnostics } from './helpers';

describe('front end on ../shared/conformance', function () {
  if (!existsSync(CONFORMANCE_DIR)) {
    it('runs when the conformance folder exists', function () {
      console.log(`    (skipped: ${CONFORMANCE_DIR} not found)`);
      this.skip();
    });
    return;
  }
  for (const program of conformancePrograms()) {
    const text = readFileSync(program.path, 'utf8');
    if (program.diagnostics.length > 0) {
      it(`${program.name} reports ${program.diagnostics.map((d) => `${d.code}@${d.line}`).join(' ')} and no other errors`, () => {
        const analysis = analyze(text, program.name);
        const found = analysis.diagnostics.map((d) => ({ ...d, line: analysis.lineMap.positionAt(d.span.start).line + 1 }));
        for (const expected of program.diagnostics) {
          assert.ok(
            found.some((d) => d.code === expected.code && d.line === expected.line),
            `expected ${expected.code} on line ${expected.line}; got:\n${describeDiagnostics(analysis)}`,
          );
        }
        const expectedLines = new Set(program.diagnostics.map((d) => d.line));
        const stray = found.filter((d) => d.severity === 'error' && !expectedLines.has(d.line));
        assert.deepEqual(stray.map((d) => `${d.line}: ${d.code} ${d.message}`), [], 'no other errors');
        const expectedCodesPerLine = new Map<number, Set<string>>();
        for (const d of program.diagnostics) {
          if (!expectedCodesPerLine.has(d.line)) expectedCodesPerLine.set(d.line, new Set());
          expectedCodesPerLine.get(d.line)!.add(d.code);
        }
        // "Exactly those codes": no expected code shows up on a line where it is not expected.
        const expectedCodes = new Set(program.diagnostics.map((d) => d.code));
        const misplaced = found.filter((d) => expectedCodes.has(d.code) && !expectedCodesPerLine.get(d.line)?.has(d.code));
        assert.deepEqual(misplaced.map((d) => `${d.line}: ${d.code} ${d.message}`), [], 'expected codes only on their lines');
      });
    } else {
      it(`${program.name} is a valid program (no errors)`, () => {
        const analysis = analyze(text, program.name);
        const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
        assert.deepEqual(errors.map((d) => d.message), [], describeDiagnostics(analysis));
        assert.equal(analysis.hasErrors, false);
      });
    }
  }
});
