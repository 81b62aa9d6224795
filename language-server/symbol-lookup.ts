// Which symbol is under the cursor, and every place that names the same thing. An import stands
// for the entry it imports: go to definition, references and rename treat `Store.get` in a call,
// `import Store.get;` and `entry get` as one symbol, across every process of the document.
import type { Analysis, SymbolInfo } from '../simulator/toolchain/language/analysis';
import type { Identifier, Node, Span } from '../simulator/toolchain/language/ast';
import { nodePathAt } from './syntax-tree';

export interface SymbolAtOffset {
  identifier: Identifier;
  symbol: SymbolInfo;
  /** The nodes around the identifier, outermost first (the identifier last). */
  path: Node[];
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

export function symbolAt(analysis: Analysis, offset: number): SymbolAtOffset | undefined {
  const path = nodePathAt(analysis.program, offset);
  const identifier = path[path.length - 1];
  if (identifier.kind !== 'Identifier') return undefined;
  const symbol =
    analysis.resolutions.get(identifier) ?? analysis.symbols.find((candidate) => sameSpan(candidate.nameSpan, identifier.span));
  return symbol ? { identifier, symbol, path } : undefined;
}

/** The symbol an import stands for (its entry), or the symbol itself. */
export function canonicalSymbol(symbol: SymbolInfo): SymbolInfo {
  return symbol.kind === 'import' && symbol.importOf ? symbol.importOf : symbol;
}

/** The canonical symbol and every import of it. */
export function relatedSymbolIds(analysis: Analysis, symbol: SymbolInfo): Set<number> {
  const canonical = canonicalSymbol(symbol);
  const ids = new Set([canonical.id]);
  for (const candidate of analysis.symbols) {
    if (candidate.kind === 'import' && candidate.importOf?.id === canonical.id) ids.add(candidate.id);
  }
  return ids;
}

/** Every identifier span (declarations included) that names one of `ids`, in source order. */
export function occurrencesOf(analysis: Analysis, ids: ReadonlySet<number>): Span[] {
  const spans = new Map<string, Span>();
  const add = (span: Span): void => {
    if (span.end > span.start) spans.set(`${span.start}:${span.end}`, span);
  };
  for (const symbol of analysis.symbols) {
    if (!ids.has(symbol.id)) continue;
    add(symbol.nameSpan);
    symbol.references.forEach(add);
  }
  for (const [identifier, symbol] of analysis.resolutions) if (ids.has(symbol.id)) add(identifier.span);
  return [...spans.values()].sort((a, b) => a.start - b.start);
}

export function textOf(analysis: Analysis, span: Span): string {
  return analysis.text.slice(span.start, span.end);
}
