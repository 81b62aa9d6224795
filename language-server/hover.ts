// Hover: the declaration and type of a name; for an entry, an import or a cross-process call, the
// two isolation policies and what the proxy will do for their combination (proxy-description.ts);
// for an isolation property, what it guarantees to the side that lists it.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { ISOLATION_PROPERTIES, isIsolationProperty } from '../simulator/kernel/isolation';
import type { Analysis, CallResolution, SymbolInfo } from '../simulator/toolchain/language/analysis';
import type { CallExpr, Identifier, Node } from '../simulator/toolchain/language/ast';
import { BUILTINS_BY_NAME } from '../simulator/toolchain/language/builtins';
import { nearest } from '../simulator/toolchain/language/suggestions';
import { describeProperty, describeProxy, formatPolicy, formatProxyDescription } from './proxy-description';
import { spanToRange } from './ranges';
import { formatDeclaration, formatType } from './signatures';
import { symbolAt } from './symbol-lookup';
import { nodePathAt } from './syntax-tree';

function codeBlock(text: string): string {
  return ['```dipc', text, '```'].join('\n');
}

function policyList(properties: readonly string[] | undefined): string {
  return properties && properties.length > 0 ? properties.map((property) => `\`${property}\``).join(', ') : 'none';
}

/** The call whose callee is this identifier (`get` in `Store.get(...)`, `f` in `f(...)`). */
function callOfCallee(path: Node[], identifier: Identifier): CallExpr | undefined {
  const [call, callee] = [path[path.length - 3], path[path.length - 2]];
  if (callee?.kind === 'QualifiedName' && callee.member === identifier && call?.kind === 'Call' && call.callee === callee) return call;
  if (callee?.kind === 'Name' && call?.kind === 'Call' && call.callee === callee) return call;
  return undefined;
}

function proxySection(entry: SymbolInfo, importSymbol: SymbolInfo): string {
  const signature = entry.signature;
  if (!signature) return '';
  const description = describeProxy(
    importSymbol.importIsolation ?? [],
    signature.isolation,
    { parameters: signature.parameters.map((parameter) => parameter.type), result: signature.result },
    { caller: importSymbol.process ?? 'caller', callee: entry.process ?? 'callee' },
  );
  return [
    `Caller (\`${importSymbol.process ?? '?'}\`) isolation: ${policyList(importSymbol.importIsolation)}  `,
    `Callee (\`${entry.process ?? '?'}\`) isolation: ${policyList(signature.isolation)}`,
    '',
    formatProxyDescription(description),
  ].join('\n');
}

function entryHover(analysis: Analysis, entry: SymbolInfo): string[] {
  const importers = analysis.symbols.filter((symbol) => symbol.kind === 'import' && symbol.importOf?.id === entry.id);
  const sections = [`Callee isolation: ${policyList(entry.signature?.isolation)}`];
  if (importers.length === 0) sections.push('No process imports this entry.');
  for (const importer of importers) {
    const signature = entry.signature;
    const summary = signature
      ? formatPolicy(
          describeProxy(importer.importIsolation ?? [], signature.isolation, {
            parameters: signature.parameters.map((parameter) => parameter.type),
            result: signature.result,
          }),
        )
      : '';
    sections.push(`Imported by \`${importer.process ?? '?'}\` (caller isolation: ${policyList(importer.importIsolation)}); proxy: ${summary}`);
  }
  return sections;
}

function callHover(resolution: CallResolution): string[] | undefined {
  switch (resolution.kind) {
    case 'crossProcess':
      return [codeBlock(formatDeclaration(resolution.target)), proxySection(resolution.target, resolution.import)];
    case 'domainEntry':
      return [
        codeBlock(formatDeclaration(resolution.target)),
        `A cross-domain call inside process \`${resolution.target.process ?? '?'}\`: no proxy, no process switch; ` +
          'the hardware checks the call permission, and a fault in the domain is a fault of the process.',
      ];
    case 'builtin': {
      const builtin = BUILTINS_BY_NAME.get(resolution.name);
      return builtin ? [codeBlock(builtin.signature), builtin.doc] : undefined;
    }
    case 'function':
      return undefined;
  }
}

function symbolHover(analysis: Analysis, symbol: SymbolInfo): string[] {
  const sections = [codeBlock(formatDeclaration(symbol))];
  if (symbol.kind === 'entry') sections.push(...entryHover(analysis, symbol));
  if (symbol.kind === 'import' && symbol.importOf) {
    sections.push(codeBlock(formatDeclaration(symbol.importOf)), proxySection(symbol.importOf, symbol));
  }
  if (symbol.kind === 'builtin') {
    const builtin = BUILTINS_BY_NAME.get(symbol.name);
    if (builtin) sections.splice(0, 1, codeBlock(builtin.signature), builtin.doc);
  }
  if (symbol.kind === 'domain') sections.push(`A CODOMs domain of process \`${symbol.process ?? '?'}\`.`);
  if (symbol.type.kind === 'cap') sections.push('A synchronous capability: valid until the call it was passed down returns.');
  if (symbol.type.kind === 'acap') sections.push('An asynchronous capability: valid until `revoke`.');
  return sections;
}

function isolationPropertyHover(path: Node[], identifier: Identifier): string[] | undefined {
  const list = path[path.length - 2];
  if (list?.kind !== 'IsolationList') return undefined;
  if (!isIsolationProperty(identifier.name)) {
    const suggestion = nearest(identifier.name, ISOLATION_PROPERTIES, true);
    return [`\`${identifier.name}\` is not an isolation property; did you mean \`${suggestion ?? ''}\`?`];
  }
  const owner = path[path.length - 3];
  const side = owner?.kind === 'Import' ? 'caller' : owner?.kind === 'Function' ? 'callee' : 'either';
  return [codeBlock(`isolate(${identifier.name})`), describeProperty(identifier.name, side)];
}

export function hover(analysis: Analysis, offset: number): Hover | null {
  const path = nodePathAt(analysis.program, offset);
  const identifier = path[path.length - 1];
  if (identifier.kind !== 'Identifier') return null;
  const range = spanToRange(analysis.lineMap, identifier.span);
  const answer = (sections: string[]): Hover => ({
    contents: { kind: MarkupKind.Markdown, value: sections.filter((section) => section !== '').join('\n\n') },
    range,
  });

  const property = isolationPropertyHover(path, identifier);
  if (property) return answer(property);

  const call = callOfCallee(path, identifier);
  const resolution = call ? analysis.calls.get(call) : undefined;
  const forCall = resolution ? callHover(resolution) : undefined;
  if (forCall) return answer(forCall);

  const found = symbolAt(analysis, offset);
  if (found) return answer(symbolHover(analysis, found.symbol));

  // An unresolved name (already reported) still shows the type the checker settled on, if any.
  for (let index = path.length - 2; index >= 0; index--) {
    const node = path[index];
    if (node.kind === 'Name' || node.kind === 'QualifiedName') {
      const type = analysis.expressionTypes.get(node);
      if (type && type.kind !== 'error') return answer([codeBlock(`${identifier.name}: ${formatType(type)}`)]);
      break;
    }
  }
  return null;
}
