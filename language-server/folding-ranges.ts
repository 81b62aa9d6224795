// Folding: processes, domains, functions and entries, every block (if / while / for / asm), runs of
// consecutive imports, and multi-line block comments (found in the gaps between the lexer's tokens,
// which hold only blanks and comments).
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Analysis } from '../simulator/toolchain/language/analysis';
import type { Span } from '../simulator/toolchain/language/ast';
import { tokenize } from '../simulator/toolchain/language/lexer';
import { forEachNode } from './syntax-tree';

const FOLDED_KINDS: ReadonlySet<string> = new Set(['Process', 'Domain', 'Function', 'Block', 'Asm']);

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const lineOf = (offset: number): number => analysis.lineMap.positionAt(offset).line;
  /** Folds from the first line to the line before the closing one, so `}` stays visible. */
  const addBraced = (span: Span): void => {
    const startLine = lineOf(span.start);
    const endLine = lineOf(span.end) - 1;
    if (endLine > startLine) ranges.push({ startLine, endLine });
  };

  forEachNode(analysis.program, (node) => {
    // A function's body is folded as the function; an `if`'s block on the `if` line is the same fold.
    if (FOLDED_KINDS.has(node.kind)) addBraced(node.span);
    if (node.kind === 'Process') {
      let runStart: number | undefined;
      let runEnd = 0;
      for (const member of [...node.members, undefined]) {
        if (member?.kind === 'Import') {
          runStart ??= lineOf(member.span.start);
          runEnd = lineOf(member.span.end);
          continue;
        }
        if (runStart !== undefined && runEnd > runStart) {
          ranges.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Imports });
        }
        runStart = undefined;
      }
    }
  });

  const tokens = tokenize(analysis.text, []);
  let gapStart = 0;
  for (const token of tokens) {
    const gap = analysis.text.slice(gapStart, token.start);
    for (const comment of gap.matchAll(/\/\/[^\r\n]*|\/\*[\s\S]*?(?:\*\/|$)/g)) {
      if (!comment[0].startsWith('/*')) continue;
      const startLine = lineOf(gapStart + (comment.index ?? 0));
      const endLine = lineOf(gapStart + (comment.index ?? 0) + comment[0].length);
      if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Comment });
    }
    gapStart = token.end;
  }

  const unique = new Map<string, FoldingRange>();
  for (const range of ranges) unique.set(`${range.startLine}:${range.endLine}`, range);
  return [...unique.values()].sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
