// Shared helpers for the front-end tests: analyse a snippet, find diagnostics by code, locate a
// snippet's line/column, apply a quick fix's edits.
import { strict as assert } from 'node:assert';
import { analyze, type Analysis, type Diagnostic, type DiagnosticFix } from '../../../simulator/toolchain/language';

export function diagnosticsWith(analysis: Analysis, code: string): Diagnostic[] {
  return analysis.diagnostics.filter((d) => d.code === code);
}

/** 1-based line and column of the `occurrence`-th appearance of `snippet` (like `dipc check --json`). */
export function positionOf(text: string, snippet: string, occurrence = 1): { line: number; column: number; offset: number } {
  // Occurrences are whole words: `f` does not match inside `fn`.
  const isWord = (character: string | undefined): boolean => character !== undefined && /[A-Za-z0-9_]/.test(character);
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    do {
      offset = text.indexOf(snippet, offset + 1);
    } while (
      offset >= 0 &&
      ((isWord(snippet[0]) && isWord(text[offset - 1])) || (isWord(snippet[snippet.length - 1]) && isWord(text[offset + snippet.length])))
    );
    assert.ok(offset >= 0, `snippet ${JSON.stringify(snippet)} (#${occurrence}) not in the source`);
  }
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, offset };
}

/**
 * Asserts exactly one `code` diagnostic, covering exactly `snippet` (its `occurrence`-th
 * appearance), and returns it with its 1-based position.
 */
export function expectOne(text: string, code: string, snippet: string, occurrence = 1): { diagnostic: Diagnostic; analysis: Analysis; line: number; column: number } {
  const analysis = analyze(text, 'test.dipc');
  const found = diagnosticsWith(analysis, code);
  assert.equal(found.length, 1, `expected one ${code}, got:\n${describe(analysis)}`);
  const { line, column, offset } = positionOf(text, snippet, occurrence);
  const diagnostic = found[0];
  assert.equal(text.slice(diagnostic.span.start, diagnostic.span.end), snippet, `${code} range`);
  assert.equal(diagnostic.span.start, offset, `${code} should start at ${line}:${column}`);
  const position = analysis.lineMap.positionAt(diagnostic.span.start);
  assert.deepEqual({ line: position.line + 1, column: position.column + 1 }, { line, column });
  return { diagnostic, analysis, line, column };
}

export function expectNone(text: string, code: string): Analysis {
  const analysis = analyze(text, 'test.dipc');
  assert.deepEqual(diagnosticsWith(analysis, code).map((d) => d.message), [], `no ${code} expected`);
  return analysis;
}

export function expectClean(text: string): Analysis {
  const analysis = analyze(text, 'test.dipc');
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], 'expected no errors');
  return analysis;
}

export function applyFix(text: string, fix: DiagnosticFix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}

export function describe(analysis: Analysis): string {
  return analysis.diagnostics
    .map((d) => `  ${analysis.lineMap.positionAt(d.span.start).line + 1}: ${d.severity} ${d.code} ${d.message}`)
    .join('\n') || '  (none)';
}
