// Quick fixes: the front end attaches machine-applicable fixes to its diagnostics (add the missing
// import, wrap `&x` in `cap(x, read)`, correct an isolation property, make a function an entry,
// remove a duplicate import); each becomes a code action for the diagnostic it fixes.
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import type { Analysis } from '../simulator/toolchain/language/analysis';
import type { Span } from '../simulator/toolchain/language/ast';
import { toLspDiagnostic } from './diagnostics';
import { spanToRange, spansOverlap } from './ranges';

export function codeActions(analysis: Analysis, uri: string, range: Span, only: readonly string[] | undefined): CodeAction[] {
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of analysis.diagnostics) {
    if (!diagnostic.fixes || diagnostic.fixes.length === 0 || !spansOverlap(diagnostic.span, range)) continue;
    for (const fix of diagnostic.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(analysis, uri, diagnostic)],
        isPreferred: diagnostic.fixes.length === 1,
        edit: {
          changes: {
            [uri]: fix.edits.map((edit) => ({ range: spanToRange(analysis.lineMap, edit.span), newText: edit.newText })),
          },
        },
      });
    }
  }
  return actions;
}
