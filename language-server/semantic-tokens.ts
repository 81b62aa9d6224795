// Semantic tokens: every resolved name coloured by what it is, with processes, domains, entries,
// imports, capabilities and isolation properties as distinct token types (protocol.ts declares the
// legend), so `Store.get` reads differently from a local function call.
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import { isIsolationProperty } from '../simulator/kernel/isolation';
import type { Analysis, SymbolInfo } from '../simulator/toolchain/language/analysis';
import type { Identifier, IsolationList, Span } from '../simulator/toolchain/language/ast';
import {
  SEMANTIC_TOKEN_MODIFIERS,
  SEMANTIC_TOKEN_TYPES,
  type SemanticTokenModifier,
  type SemanticTokenType,
} from './protocol';

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

interface Token {
  span: Span;
  type: SemanticTokenType;
  modifiers: SemanticTokenModifier[];
}

function classify(symbol: SymbolInfo): { type: SemanticTokenType; modifiers: SemanticTokenModifier[] } {
  const holdsCapability = symbol.type.kind === 'cap' || symbol.type.kind === 'acap';
  switch (symbol.kind) {
    case 'process':
    case 'domain':
    case 'entry':
    case 'import':
    case 'function':
      return { type: symbol.kind, modifiers: [] };
    case 'builtin':
      return { type: 'function', modifiers: ['defaultLibrary'] };
    case 'global':
      return { type: holdsCapability ? 'capability' : 'variable', modifiers: ['static'] };
    case 'const':
      return { type: 'variable', modifiers: ['readonly', 'static'] };
    case 'parameter':
      return { type: holdsCapability ? 'capability' : 'parameter', modifiers: [] };
    case 'local':
      return { type: holdsCapability ? 'capability' : 'variable', modifiers: [] };
  }
}

function isolationLists(analysis: Analysis): IsolationList[] {
  const lists: IsolationList[] = [];
  for (const item of analysis.program.items) {
    if (item.kind !== 'Process') continue;
    for (const member of item.members) {
      if ((member.kind === 'Function' || member.kind === 'Import') && member.isolation) lists.push(member.isolation);
      if (member.kind === 'Domain') {
        for (const inner of member.members) if (inner.kind === 'Function' && inner.isolation) lists.push(inner.isolation);
      }
    }
  }
  return lists;
}

export function semanticTokens(analysis: Analysis): SemanticTokens {
  const tokens: Token[] = [];
  const seen = new Set<number>();
  const addIdentifier = (identifier: Identifier, symbol: SymbolInfo): void => {
    if (seen.has(identifier.span.start) || identifier.span.end <= identifier.span.start) return;
    seen.add(identifier.span.start);
    const { type, modifiers } = classify(symbol);
    const isDeclaration = symbol.nameSpan.start === identifier.span.start && symbol.nameSpan.end === identifier.span.end;
    tokens.push({ span: identifier.span, type, modifiers: isDeclaration ? [...modifiers, 'declaration'] : modifiers });
  };
  for (const [identifier, symbol] of analysis.resolutions) addIdentifier(identifier, symbol);
  for (const list of isolationLists(analysis)) {
    for (const property of list.properties) {
      if (isIsolationProperty(property.name)) tokens.push({ span: property.span, type: 'isolationProperty', modifiers: [] });
    }
  }
  tokens.sort((a, b) => a.span.start - b.span.start);

  const builder = new SemanticTokensBuilder();
  for (const token of tokens) {
    const start = analysis.lineMap.positionAt(token.span.start);
    const modifierBits = token.modifiers.reduce((bits, modifier) => bits | (1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(modifier)), 0);
    builder.push(start.line, start.column, token.span.end - token.span.start, SEMANTIC_TOKEN_TYPES.indexOf(token.type), modifierBits);
  }
  return builder.build();
}
