// The public API of the `.dipc` front end: `analyze` (parse + check, never throws) and the helpers
// the compiler, the CLI and the language server share (line map, diagnostic formatting, what is at
// an offset, the built-in and keyword tables).

import type { Analysis, Diagnostic, SymbolInfo } from './analysis';
import type { Node } from './ast';
import { check } from './checker';
import { DIAGNOSTIC_CODES } from './diagnostic-codes';
import { createLineMap } from './line-map';
import { parse } from './parser';
import { findNodeAt } from './syntax-tree';

export { parse } from './parser';
export { createLineMap } from './line-map';
export { DIAGNOSTIC_CODES, type DiagnosticCode, type DiagnosticCodeInfo } from './diagnostic-codes';
export { BUILTINS, type BuiltinInfo } from './builtins';
export { diagnosticAnchor, renderDiagnosticsReference } from './diagnostics-reference';
export { KEYWORDS } from './lexer';
export { forEachChild } from './syntax-tree';
export { typeToString } from './types';
export { foldBinary, foldUnary, divide, remainder, type ConstantValue } from './constant-folding';
export type * from './analysis';
export type * from './ast';

/** Parses and checks one document. Never throws: anything wrong in the text is a diagnostic. */
export function analyze(text: string, fileName = 'untitled.dipc'): Analysis {
  const lineMap = createLineMap(text);
  try {
    const { program, diagnostics: syntaxDiagnostics } = parse(text);
    const checked = check(program, text);
    const diagnostics = [...syntaxDiagnostics, ...checked.diagnostics].sort((a, b) => a.span.start - b.span.start);
    return {
      fileName, text, program, lineMap, diagnostics,
      hasErrors: diagnostics.some((d) => d.severity === 'error'),
      symbols: checked.symbols, resolutions: checked.resolutions, expressionTypes: checked.expressionTypes, calls: checked.calls,
    };
  } catch (error) {
    // A bug in the front end must not take the editor or the CLI down with it: report it as text.
    const message = error instanceof Error ? error.message : String(error);
    const diagnostic: Diagnostic = {
      code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, span: { start: 0, end: 0 },
      message: `internal error in the dIPC front end (please report it): ${message}`,
    };
    return {
      fileName, text, program: { kind: 'Program', items: [], span: { start: 0, end: text.length } }, lineMap,
      diagnostics: [diagnostic], hasErrors: true, symbols: [], resolutions: new Map(), expressionTypes: new Map(), calls: new Map(),
    };
  }
}

/** `file:line:col: severity CODE: message` with 1-based line and column (tooling.md §2). */
export function formatDiagnostic(diagnostic: Diagnostic, analysis: Pick<Analysis, 'fileName' | 'lineMap'>): string {
  const { line, column } = analysis.lineMap.positionAt(diagnostic.span.start);
  return `${analysis.fileName}:${line + 1}:${column + 1}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`;
}

/** The innermost syntax node at `offset` (identifiers included). */
export function nodeAtOffset(analysis: Analysis, offset: number): Node | undefined {
  return findNodeAt(analysis.program, offset);
}

/** The symbol of the identifier at `offset` (a declaration or a use), for hover, definition and rename. */
export function symbolAtOffset(analysis: Analysis, offset: number): SymbolInfo | undefined {
  const node = nodeAtOffset(analysis, offset);
  return node?.kind === 'Identifier' ? analysis.resolutions.get(node) : undefined;
}
