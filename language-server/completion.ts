// Completion. The context comes from the text just before the cursor, since the code being typed
// rarely parses: after `P.` the entries of process P (an entry the current process does not import
// yet comes with the edit that adds `import P.e;`), inside `isolate(` the isolation properties not
// listed yet, elsewhere keywords, built-ins, and the names visible at the cursor.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type TextEdit,
} from 'vscode-languageserver';
import { ISOLATION_PROPERTIES } from '../simulator/kernel/isolation';
import type { Analysis, SymbolInfo, SymbolKind } from '../simulator/toolchain/language/analysis';
import type { Block, FunctionDecl, Identifier, ProcessDecl } from '../simulator/toolchain/language/ast';
import { BUILTINS } from '../simulator/toolchain/language/builtins';
import { addImportFix } from '../simulator/toolchain/language/fixes';
import { KEYWORDS } from '../simulator/toolchain/language/lexer';
import { describeProperty } from './proxy-description';
import { spanToRange } from './ranges';
import { formatDeclaration } from './signatures';
import { enclosingDomain, enclosingFunction, enclosingProcess, nodePathAt, spanContains } from './syntax-tree';

/** How far back the context is looked for (an `isolate(` list may span a few lines). */
const CONTEXT_CHARACTERS = 400;

const SYMBOL_COMPLETION_KINDS: Record<SymbolKind, CompletionItemKind> = {
  process: CompletionItemKind.Module,
  domain: CompletionItemKind.Module,
  entry: CompletionItemKind.Method,
  function: CompletionItemKind.Function,
  global: CompletionItemKind.Variable,
  const: CompletionItemKind.Constant,
  import: CompletionItemKind.Interface,
  parameter: CompletionItemKind.Variable,
  local: CompletionItemKind.Variable,
  builtin: CompletionItemKind.Function,
};

function symbolItem(symbol: SymbolInfo, sortPrefix: string): CompletionItem {
  return {
    label: symbol.name,
    kind: SYMBOL_COMPLETION_KINDS[symbol.kind],
    detail: formatDeclaration(symbol),
    sortText: `${sortPrefix}${symbol.name}`,
  };
}

/** True if the cursor is in a `//` comment or an unterminated string on its line. */
function inCommentOrString(lineBefore: string): boolean {
  let inString = false;
  for (let index = 0; index < lineBefore.length; index++) {
    const character = lineBefore[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '/' && lineBefore[index + 1] === '/') return true;
  }
  return inString;
}

function isolationCompletions(listSoFar: string, lineText: string): CompletionItem[] {
  const listed = new Set(listSoFar.split(',').map((name) => name.trim()));
  const side = /\bimport\b/.test(lineText) ? 'caller' : /\bentry\b/.test(lineText) ? 'callee' : 'either';
  return ISOLATION_PROPERTIES.filter((property) => !listed.has(property)).map((property, index) => ({
    label: property,
    kind: CompletionItemKind.EnumMember,
    detail: 'isolation property',
    documentation: { kind: MarkupKind.Markdown, value: describeProperty(property, side) },
    sortText: String(index),
  }));
}

function importsOf(analysis: Analysis, processName: string): SymbolInfo[] {
  return analysis.symbols.filter((symbol) => symbol.kind === 'import' && symbol.process === processName);
}

function memberCompletions(
  analysis: Analysis,
  qualifier: string,
  currentProcess: ProcessDecl | undefined,
  context: { addressOf: boolean; inImport: boolean },
): CompletionItem[] {
  const processSymbol = analysis.symbols.find((symbol) => symbol.kind === 'process' && symbol.name === qualifier);
  const domainSymbol = analysis.symbols.find(
    (symbol) => symbol.kind === 'domain' && symbol.name === qualifier && symbol.process === currentProcess?.name.name,
  );
  const owner = processSymbol ? { process: qualifier, domain: qualifier } : domainSymbol ? { process: domainSymbol.process, domain: qualifier } : undefined;
  if (!owner) return [];
  const members = analysis.symbols.filter(
    (symbol) =>
      symbol.process === owner.process &&
      (symbol.domain ?? symbol.process) === owner.domain &&
      (symbol.kind === 'entry' ||
        (context.addressOf && !context.inImport && (symbol.kind === 'function' || symbol.kind === 'global'))),
  );
  const callerName = currentProcess?.name.name;
  const isOtherProcess = processSymbol !== undefined && callerName !== undefined && callerName !== qualifier;
  const imported = new Set(
    callerName ? importsOf(analysis, callerName).map((symbol) => symbol.importOf?.id) : [],
  );
  return members.map((member) => {
    const item = symbolItem(member, '0');
    if (member.kind !== 'entry' || !isOtherProcess || context.inImport || context.addressOf || !currentProcess) return item;
    if (imported.has(member.id)) return { ...item, labelDetails: { description: 'imported' } };
    const fix = addImportFix(analysis.text, currentProcess, qualifier, member.name);
    const additionalTextEdits: TextEdit[] = fix.edits.map((edit) => ({
      range: spanToRange(analysis.lineMap, edit.span),
      newText: edit.newText,
    }));
    return {
      ...item,
      sortText: `1${member.name}`,
      labelDetails: { description: `not imported: adds import ${qualifier}.${member.name}` },
      additionalTextEdits,
    };
  });
}

/** Parameters, `for` variables and `let`s declared before the cursor in the blocks around it. */
function visibleLocals(fn: FunctionDecl, offset: number): Identifier[] {
  const names: Identifier[] = fn.parameters.map((parameter) => parameter.name);
  const visitBlock = (block: Block): void => {
    if (!spanContains(block.span, offset)) return;
    for (const statement of block.statements) {
      if (statement.span.start >= offset) break;
      switch (statement.kind) {
        case 'Let':
          if (statement.span.end <= offset) names.push(statement.name);
          break;
        case 'Block':
          visitBlock(statement);
          break;
        case 'If': {
          visitBlock(statement.thenBlock);
          let branch = statement.elseBranch;
          while (branch) {
            if (branch.kind === 'Block') {
              visitBlock(branch);
              branch = undefined;
            } else {
              visitBlock(branch.thenBlock);
              branch = branch.elseBranch;
            }
          }
          break;
        }
        case 'While':
          visitBlock(statement.body);
          break;
        case 'For':
          if (spanContains(statement.body.span, offset)) names.push(statement.variable);
          visitBlock(statement.body);
          break;
        default:
          break;
      }
    }
  };
  visitBlock(fn.body);
  return names;
}

function generalCompletions(analysis: Analysis, offset: number): CompletionItem[] {
  const path = nodePathAt(analysis.program, offset);
  const process = enclosingProcess(path);
  const domain = enclosingDomain(path);
  const fn = enclosingFunction(path);
  const items = new Map<string, CompletionItem>();
  const add = (item: CompletionItem): void => {
    if (!items.has(item.label)) items.set(item.label, item);
  };

  if (fn) {
    const locals = visibleLocals(fn, offset).reverse(); // innermost (latest) first: it shadows
    for (const identifier of locals) {
      const symbol = analysis.resolutions.get(identifier);
      add(symbol ? symbolItem(symbol, '0') : { label: identifier.name, kind: CompletionItemKind.Variable, sortText: `0${identifier.name}` });
    }
  }
  const processName = process?.name.name;
  for (const symbol of analysis.symbols) {
    const inScope =
      (symbol.process === undefined && symbol.kind === 'const') ||
      (processName !== undefined &&
        symbol.process === processName &&
        (symbol.kind === 'global' || symbol.kind === 'const' || symbol.kind === 'function' || symbol.kind === 'entry' || symbol.kind === 'domain') &&
        (symbol.domain === undefined || symbol.domain === processName || symbol.domain === domain?.name.name));
    if (inScope) add(symbolItem(symbol, '1'));
  }
  for (const symbol of analysis.symbols) if (symbol.kind === 'process') add(symbolItem(symbol, '2'));
  for (const builtin of BUILTINS) {
    add({
      label: builtin.name,
      kind: CompletionItemKind.Function,
      detail: builtin.signature,
      documentation: builtin.doc,
      insertText: `${builtin.name}($0)`,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `3${builtin.name}`,
    });
  }
  for (const keyword of KEYWORDS) add({ label: keyword, kind: CompletionItemKind.Keyword, sortText: `4${keyword}` });
  return [...items.values()];
}

export function completion(analysis: Analysis, offset: number): CompletionItem[] {
  const before = analysis.text.slice(Math.max(0, offset - CONTEXT_CHARACTERS), offset);
  const lineStart = before.search(/[^\r\n]*$/);
  const lineBefore = before.slice(lineStart);
  if (inCommentOrString(lineBefore)) return [];

  const isolation = /\bisolate\s*\(([^()]*)$/.exec(before);
  if (isolation) {
    const lineOfIsolate = before.slice(before.lastIndexOf('\n', isolation.index) + 1, isolation.index);
    return isolationCompletions(isolation[1], lineOfIsolate);
  }

  const member = /(&\s*)?\b([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*[A-Za-z_0-9]*$/.exec(lineBefore);
  if (member) {
    const process = enclosingProcess(nodePathAt(analysis.program, offset));
    const inImport = /\bimport\s+[A-Za-z_][A-Za-z0-9_]*\s*\.\s*[A-Za-z_0-9]*$/.test(lineBefore);
    return memberCompletions(analysis, member[2], process, { addressOf: member[1] !== undefined, inImport });
  }
  return generalCompletions(analysis, offset);
}
