// The outline (document symbols: processes with their domains, entries, functions, globals, consts
// and imports, nested as written) and workspace symbols (the same declarations across every open
// document, matched against the query by subsequence, as editors' symbol pickers expect).
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import type { Analysis, SymbolKind as DipcSymbolKind } from '../simulator/toolchain/language/analysis';
import type { ConstDecl, DomainMember, ProcessMember } from '../simulator/toolchain/language/ast';
import { spanToRange } from './ranges';
import { formatCallable } from './signatures';

/** How each kind of declaration shows in outlines and symbol pickers (docs/language-server.md). */
export const SYMBOL_KINDS: Partial<Record<DipcSymbolKind, SymbolKind>> = {
  process: SymbolKind.Module,
  domain: SymbolKind.Namespace,
  entry: SymbolKind.Method,
  function: SymbolKind.Function,
  global: SymbolKind.Variable,
  const: SymbolKind.Constant,
  import: SymbolKind.Interface,
};

function memberSymbol(analysis: Analysis, member: ProcessMember | DomainMember | ConstDecl): DocumentSymbol | undefined {
  const range = spanToRange(analysis.lineMap, member.span);
  const symbol = (name: string, kind: SymbolKind, selection: { start: number; end: number }, detail?: string): DocumentSymbol => ({
    name: name === '' ? '?' : name,
    kind,
    detail,
    range,
    selectionRange: spanToRange(analysis.lineMap, selection),
  });
  switch (member.kind) {
    case 'Var':
      return symbol(member.name.name, SymbolKind.Variable, member.name.span, 'var');
    case 'Const':
      return symbol(member.name.name, SymbolKind.Constant, member.name.span, 'const');
    case 'Function': {
      const resolved = analysis.resolutions.get(member.name);
      const signature = resolved?.signature ? formatCallable(member.name.name, resolved.signature, member.isEntry) : undefined;
      return symbol(
        member.name.name,
        member.isEntry ? SymbolKind.Method : SymbolKind.Function,
        member.name.span,
        signature ? `${member.isEntry ? 'entry' : 'fn'} ${signature}` : member.isEntry ? 'entry' : 'fn',
      );
    }
    case 'Import': {
      const name = `${member.process.name}.${member.entry.name}${member.alias ? ` as ${member.alias.name}` : ''}`;
      const isolation = member.isolation ? `isolate(${member.isolation.properties.map((property) => property.name).join(', ')})` : '';
      return symbol(name, SymbolKind.Interface, (member.alias ?? member.entry).span, `import ${isolation}`.trim());
    }
    case 'Domain': {
      const domain = symbol(member.name.name, SymbolKind.Namespace, member.name.span, 'domain');
      domain.children = member.members.map((inner) => memberSymbol(analysis, inner)).filter((child) => child !== undefined);
      return domain;
    }
    case 'Grant':
      return undefined;
  }
}

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const item of analysis.program.items) {
    if (item.kind === 'Const') {
      const constant = memberSymbol(analysis, item);
      if (constant) symbols.push(constant);
      continue;
    }
    symbols.push({
      name: item.name.name === '' ? '?' : item.name.name,
      kind: SymbolKind.Module,
      detail: 'process',
      range: spanToRange(analysis.lineMap, item.span),
      selectionRange: spanToRange(analysis.lineMap, item.name.span),
      children: item.members.map((member) => memberSymbol(analysis, member)).filter((child) => child !== undefined),
    });
  }
  return symbols;
}

/** True if the characters of `query` appear in `name` in order (case-insensitive). */
export function matchesQuery(name: string, query: string): boolean {
  const haystack = name.toLowerCase();
  let position = 0;
  for (const character of query.toLowerCase()) {
    position = haystack.indexOf(character, position);
    if (position < 0) return false;
    position++;
  }
  return true;
}

export function workspaceSymbols(analyses: { uri: string; analysis: Analysis }[], query: string): SymbolInformation[] {
  const found: SymbolInformation[] = [];
  for (const { uri, analysis } of analyses) {
    for (const symbol of analysis.symbols) {
      const kind = SYMBOL_KINDS[symbol.kind];
      if (kind === undefined || !matchesQuery(symbol.qualifiedName, query)) continue;
      found.push({
        name: symbol.name,
        kind,
        containerName: symbol.qualifiedName.includes('.') ? symbol.qualifiedName.slice(0, symbol.qualifiedName.lastIndexOf('.')) : undefined,
        location: { uri, range: spanToRange(analysis.lineMap, symbol.nameSpan) },
      });
    }
  }
  return found;
}
