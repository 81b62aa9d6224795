// Signature help inside the parentheses of a call: the callee's parameters (an entry's with its
// isolation policy), the one being typed highlighted. The open parenthesis and the callee are found
// in the text, since a call being typed has no closing parenthesis yet.
import { MarkupKind, type SignatureHelp, type SignatureInformation } from 'vscode-languageserver';
import type { Analysis, SymbolInfo } from '../simulator/toolchain/language/analysis';
import { BUILTINS_BY_NAME } from '../simulator/toolchain/language/builtins';
import { formatCallable, formatParameters } from './signatures';
import { enclosingProcess, nodePathAt } from './syntax-tree';

/** How far back an unclosed `(` is looked for. */
const CONTEXT_CHARACTERS = 2000;

interface OpenCall {
  openParenthesis: number;
  qualifier?: string;
  name: string;
  activeParameter: number;
}

/** The innermost unclosed `(` before the cursor that follows a callee name, and the argument index. */
function findOpenCall(text: string, offset: number): OpenCall | undefined {
  const start = Math.max(0, offset - CONTEXT_CHARACTERS);
  let depth = 0;
  let commas = 0;
  for (let index = offset - 1; index >= start; index--) {
    const character = text[index];
    if (character === ';' || character === '{' || character === '}') return undefined;
    if (character === '"') {
      const open = text.lastIndexOf('"', index - 1);
      if (open < start) return undefined;
      index = open;
    } else if (character === ')' || character === ']') depth++;
    else if (character === '[') depth--;
    else if (character === ',' && depth === 0) commas++;
    else if (character === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = /(?:([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(text.slice(start, index));
      if (!callee) return undefined;
      return { openParenthesis: index, qualifier: callee[1], name: callee[2], activeParameter: commas };
    }
  }
  return undefined;
}

function fromSignature(label: string, parameters: string[], activeParameter: number, documentation?: string): SignatureHelp {
  const open = label.indexOf('(') + 1;
  let cursor = open;
  const information: SignatureInformation = {
    label,
    parameters: parameters.map((parameter) => {
      const start = label.indexOf(parameter, cursor);
      cursor = start + parameter.length;
      return { label: [start, cursor] as [number, number] };
    }),
  };
  if (documentation) information.documentation = { kind: MarkupKind.Markdown, value: documentation };
  // Past the last parameter (too many arguments, or print's `values...`) the last one stays active.
  return { signatures: [information], activeSignature: 0, activeParameter: Math.min(activeParameter, Math.max(0, parameters.length - 1)) };
}

function resolveCallee(analysis: Analysis, call: OpenCall, offset: number): SymbolInfo | undefined {
  const node = nodePathAt(analysis.program, offset).find(
    (candidate) => candidate.kind === 'Call' && candidate.argsSpan.start === call.openParenthesis,
  );
  if (node?.kind === 'Call') {
    const resolution = analysis.calls.get(node);
    if (resolution && resolution.kind !== 'builtin') return resolution.target;
  }
  const processName = enclosingProcess(nodePathAt(analysis.program, offset))?.name.name;
  const callable = (symbol: SymbolInfo): boolean => symbol.kind === 'entry' || symbol.kind === 'function';
  if (call.qualifier !== undefined) {
    const qualifier = call.qualifier;
    return analysis.symbols.find(
      (symbol) =>
        callable(symbol) &&
        symbol.name === call.name &&
        (symbol.process === qualifier || (symbol.domain === qualifier && symbol.process === processName)),
    );
  }
  const local = analysis.symbols.find((symbol) => (callable(symbol) || symbol.kind === 'import') && symbol.name === call.name && symbol.process === processName);
  // `import Store.get as fetch;` is called as `fetch(...)`: show the imported entry.
  return local?.kind === 'import' ? local.importOf : local;
}

export function signatureHelp(analysis: Analysis, offset: number): SignatureHelp | null {
  const call = findOpenCall(analysis.text, offset);
  if (!call) return null;
  if (call.qualifier === undefined) {
    const builtin = BUILTINS_BY_NAME.get(call.name);
    if (builtin) {
      const inside = builtin.signature.slice(builtin.signature.indexOf('(') + 1, builtin.signature.lastIndexOf(')'));
      const parameters = inside === '' ? [] : inside.split(', ');
      return fromSignature(builtin.signature, parameters, call.activeParameter, builtin.doc);
    }
  }
  const callee = resolveCallee(analysis, call, offset);
  if (!callee?.signature) return null;
  const qualifier = callee.kind === 'entry' && call.qualifier !== undefined ? `${call.qualifier}.` : '';
  const label = `${qualifier}${formatCallable(callee.name, callee.signature, callee.kind === 'entry')}`;
  const documentation = callee.kind === 'entry' ? `entry of \`${callee.process ?? '?'}\`` : undefined;
  return fromSignature(label, formatParameters(callee.signature), call.activeParameter, documentation);
}
