// Machine-applicable quick fixes attached to diagnostics (analysis.ts `DiagnosticFix`). They only
// compute text edits from the tree and the text; the checker decides when to offer them. Each
// fix, applied, must leave text that re-analyses without the diagnostic it fixes.

import type { CallExpr, Expr, FunctionDecl, ImportDecl, ProcessDecl, Span } from './ast';
import type { DiagnosticFix } from './analysis';

function lineStartOf(text: string, offset: number): number {
  let index = offset;
  while (index > 0 && text[index - 1] !== '\n' && text[index - 1] !== '\r') index--;
  return index;
}

function lineEndOf(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && text[index] !== '\n' && text[index] !== '\r') index++;
  return index;
}

function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** E102: `import P.e;` as a new line after the process's last import, or first in its body. */
export function addImportFix(text: string, process: ProcessDecl, importedProcess: string, entry: string): DiagnosticFix {
  const line = `import ${importedProcess}.${entry};`;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const title = `Add \`${line}\` to process \`${process.name.name}\``;
  const imports = process.members.filter((member): member is ImportDecl => member.kind === 'Import');
  if (imports.length > 0) {
    const last = imports[imports.length - 1];
    const at = lineEndOf(text, last.span.end);
    return { title, edits: [{ span: { start: at, end: at }, newText: `${newline}${indentationAt(text, last.span.start)}${line}` }] };
  }
  const open = text.indexOf('{', process.name.span.end);
  const at = open < 0 ? process.name.span.end : open + 1;
  const firstMember = process.members[0];
  const indentation =
    firstMember && lineStartOf(text, firstMember.span.start) > at
      ? indentationAt(text, firstMember.span.start)
      : indentationAt(text, process.span.start) + '    ';
  return { title, edits: [{ span: { start: at, end: at }, newText: `${newline}${indentation}${line}` }] };
}

/** E109: remove a duplicate import, with its whole line when nothing else is on it. */
export function removeDeclarationFix(text: string, span: Span, title: string): DiagnosticFix {
  const lineStart = lineStartOf(text, span.start);
  const lineEnd = lineEndOf(text, span.end);
  const aloneOnLine = text.slice(lineStart, span.start).trim() === '' && text.slice(span.end, lineEnd).trim() === '';
  if (!aloneOnLine) return { title, edits: [{ span, newText: '' }] };
  let end = lineEnd;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { title, edits: [{ span: { start: lineStart, end }, newText: '' }] };
}

/** E107: `&x` (or an array `x`) becomes `cap(x, read)`. */
export function wrapInCapabilityFix(argument: Expr): DiagnosticFix | undefined {
  let name: string | undefined;
  if (argument.kind === 'Unary' && argument.operator === '&' && argument.operand.kind === 'Name') name = argument.operand.name.name;
  else if (argument.kind === 'Name') name = argument.name.name;
  if (!name) return undefined;
  const replacement = `cap(${name}, read)`;
  return { title: `Pass \`${replacement}\` instead`, edits: [{ span: argument.span, newText: replacement }] };
}

/** E101 (and E103 on a `fn`): turn `fn f` into `entry f`. */
export function makeEntryFix(target: FunctionDecl, qualifiedName: string): DiagnosticFix {
  return { title: `Make \`${qualifiedName}\` an \`entry\``, edits: [{ span: target.keywordSpan, newText: 'entry' }] };
}

export function replaceFix(span: Span, newText: string, title: string): DiagnosticFix {
  return { title, edits: [{ span, newText }] };
}

/** E111 on a call that cannot fail: drop ` else value`. */
export function removeElseFix(call: CallExpr): DiagnosticFix | undefined {
  if (!call.elseValue) return undefined;
  return { title: 'Remove `else` (this call cannot fail)', edits: [{ span: { start: call.argsSpan.end, end: call.elseValue.span.end }, newText: '' }] };
}
