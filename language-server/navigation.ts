// Go to definition, find references and rename. All three work on the canonical symbol
// (symbol-lookup.ts), so a call `Store.get(...)`, the `import Store.get;` and the `entry get`
// navigate to each other; rename changes the declaration, the imports that do not rename the entry
// with `as`, and every call, and refuses names the language reserves.
import { ResponseError, ErrorCodes, type Location, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { Analysis } from '../simulator/toolchain/language/analysis';
import { KEYWORDS } from '../simulator/toolchain/language/lexer';
import { BUILTINS_BY_NAME } from '../simulator/toolchain/language/builtins';
import { spanToRange } from './ranges';
import { canonicalSymbol, occurrencesOf, relatedSymbolIds, symbolAt, textOf } from './symbol-lookup';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED: ReadonlySet<string> = new Set<string>(KEYWORDS);

export function definition(analysis: Analysis, uri: string, offset: number): Location | null {
  const found = symbolAt(analysis, offset);
  if (!found || found.symbol.kind === 'builtin') return null;
  const target = canonicalSymbol(found.symbol);
  return { uri, range: spanToRange(analysis.lineMap, target.nameSpan) };
}

export function references(analysis: Analysis, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const found = symbolAt(analysis, offset);
  if (!found || found.symbol.kind === 'builtin') return [];
  const declaration = canonicalSymbol(found.symbol).nameSpan;
  return occurrencesOf(analysis, relatedSymbolIds(analysis, found.symbol))
    .filter((span) => includeDeclaration || span.start !== declaration.start)
    .map((span) => ({ uri, range: spanToRange(analysis.lineMap, span) }));
}

/** What a rename at `offset` would change: the symbol's identifiers spelled like the one under the cursor. */
function renameTargets(analysis: Analysis, offset: number) {
  const found = symbolAt(analysis, offset);
  if (!found) return undefined;
  if (found.symbol.kind === 'builtin') {
    throw new ResponseError(ErrorCodes.InvalidRequest, `\`${found.symbol.name}\` is a built-in and cannot be renamed`);
  }
  const oldName = textOf(analysis, found.identifier.span);
  // `import Store.get as fetch;`: renaming `fetch` renames the alias only, renaming `get` renames
  // the entry (and leaves the alias and its calls alone, which are spelled differently).
  const isAlias = found.symbol.kind === 'import' && oldName !== canonicalSymbol(found.symbol).name;
  const ids = isAlias ? new Set([found.symbol.id]) : relatedSymbolIds(analysis, found.symbol);
  const spans = occurrencesOf(analysis, ids).filter((span) => textOf(analysis, span) === oldName);
  return { identifier: found.identifier, oldName, spans };
}

export function prepareRename(analysis: Analysis, offset: number): { range: Range; placeholder: string } | null {
  const targets = renameTargets(analysis, offset);
  if (!targets) return null;
  return { range: spanToRange(analysis.lineMap, targets.identifier.span), placeholder: targets.oldName };
}

export function rename(analysis: Analysis, uri: string, offset: number, newName: string): WorkspaceEdit | null {
  if (typeof newName !== 'string' || !IDENTIFIER.test(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `\`${String(newName)}\` is not a valid name`);
  }
  if (RESERVED.has(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is a keyword`);
  if (BUILTINS_BY_NAME.has(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is a built-in`);
  const targets = renameTargets(analysis, offset);
  if (!targets) return null;
  return {
    changes: {
      [uri]: targets.spans.map((span) => ({ range: spanToRange(analysis.lineMap, span), newText: newName })),
    },
  };
}
