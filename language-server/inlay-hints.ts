// Inlay hints: after the callee of every cross-process call, the isolation the call will get (the
// union of the caller's and the callee's policies); the tooltip says what the proxy does for it.
import { MarkupKind, type InlayHint } from 'vscode-languageserver';
import type { Analysis } from '../simulator/toolchain/language/analysis';
import type { Span } from '../simulator/toolchain/language/ast';
import { describeProxy, formatProxyDescription } from './proxy-description';
import { spansOverlap } from './ranges';

export function inlayHints(analysis: Analysis, visible: Span): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const [call, resolution] of analysis.calls) {
    if (resolution.kind !== 'crossProcess' || !spansOverlap(call.span, visible)) continue;
    const signature = resolution.target.signature;
    const position = analysis.lineMap.positionAt(call.callee.span.end);
    const label = resolution.isolation.length > 0 ? `isolate(${resolution.isolation.join(', ')})` : 'no isolation';
    const hint: InlayHint = {
      position: { line: position.line, character: position.column },
      label: `⟨${label}⟩`,
      paddingLeft: false,
      paddingRight: false,
    };
    if (signature) {
      const description = describeProxy(
        resolution.import.importIsolation ?? [],
        signature.isolation,
        { parameters: signature.parameters.map((parameter) => parameter.type), result: signature.result },
        { caller: resolution.import.process ?? 'caller', callee: resolution.target.process ?? 'callee' },
      );
      hint.tooltip = { kind: MarkupKind.Markdown, value: formatProxyDescription(description) };
    }
    hints.push(hint);
  }
  return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
