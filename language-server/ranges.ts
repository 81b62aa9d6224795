// Converting between the front end's spans (UTF-16 offsets, ast.ts) and LSP ranges and positions.
// Positions from the client are clamped into the document, so a stale or malformed position never
// throws: it lands on the nearest real offset.
import type { Position, Range } from 'vscode-languageserver';
import type { LineMap } from '../simulator/toolchain/language/analysis';
import type { Span } from '../simulator/toolchain/language/ast';

export function spanToRange(lineMap: LineMap, span: Span): Range {
  const start = lineMap.positionAt(span.start);
  const end = lineMap.positionAt(span.end);
  return { start: { line: start.line, character: start.column }, end: { line: end.line, character: end.column } };
}

export function offsetAt(lineMap: LineMap, position: Position | undefined): number {
  const line = Number.isInteger(position?.line) ? (position as Position).line : 0;
  const character = Number.isInteger(position?.character) ? (position as Position).character : 0;
  return lineMap.offsetAt({ line: Math.max(0, line), column: Math.max(0, character) });
}

export function rangeToSpan(lineMap: LineMap, range: Range | undefined): Span {
  return { start: offsetAt(lineMap, range?.start), end: offsetAt(lineMap, range?.end) };
}

export function spansOverlap(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}
