// docs/diagnostics.md is generated from the table of codes, and each code's example really
// reports that code, so the reference the language server links to stays true.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, DIAGNOSTIC_CODES, diagnosticAnchor, renderDiagnosticsReference, type DiagnosticCode, type DiagnosticCodeInfo } from '../../../simulator/toolchain/language';
import { buildDiagnostics } from '../../../simulator/toolchain/compiler';

describe('docs/diagnostics.md', () => {
  it('is exactly what the table renders (regenerate with `npx tsx scripts/generate-diagnostics-reference.ts > docs/diagnostics.md`)', () => {
    const checkedIn = readFileSync(join(process.cwd(), 'docs', 'diagnostics.md'), 'utf8');
    assert.equal(checkedIn, renderDiagnosticsReference());
  });

  it('has an anchor per code, as the language server links them', () => {
    const text = renderDiagnosticsReference();
    for (const code of Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]) {
      assert.ok(text.includes(`<a id="${diagnosticAnchor(code)}"></a>`), code);
    }
    assert.equal(diagnosticAnchor('E101'), 'e101');
  });

  for (const code of Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]) {
    it(`the ${code} example reports ${code}`, () => {
      const info: DiagnosticCodeInfo = DIAGNOSTIC_CODES[code];
      const analysis = analyze(info.example);
      const diagnostics = info.foundBy === 'compiler' ? buildDiagnostics(analysis) : analysis.diagnostics;
      assert.ok(diagnostics.some((d) => d.code === code), diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
    });
  }
});
