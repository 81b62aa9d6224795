// The front end's diagnostics as LSP diagnostics: code, `source: "dipc"`, a link to the code's
// explanation in docs/diagnostics.md, related locations, and the `unnecessary` tag (W201, W202)
// that editors render faded.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Analysis, Diagnostic, Severity } from '../simulator/toolchain/language/analysis';
import { withBuildDiagnostics } from '../simulator/toolchain/compiler';
import { DIAGNOSTIC_SOURCE } from './protocol';
import { spanToRange } from './ranges';

/** Where each code is explained: docs/diagnostics.md, one heading per code (anchor = code in lower case). */
export const DIAGNOSTICS_DOCUMENTATION_URL = 'https://github.com/dipc-studio/dipc-studio/blob/main/docs/diagnostics.md';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(analysis: Analysis, uri: string, diagnostic: Diagnostic): LspDiagnostic {
  const converted: LspDiagnostic = {
    range: spanToRange(analysis.lineMap, diagnostic.span),
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    codeDescription: { href: `${DIAGNOSTICS_DOCUMENTATION_URL}#${diagnostic.code.toLowerCase()}` },
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  };
  if (diagnostic.related && diagnostic.related.length > 0) {
    converted.relatedInformation = diagnostic.related.map((related) => ({
      location: { uri, range: spanToRange(analysis.lineMap, related.span) },
      message: related.message,
    }));
  }
  if (diagnostic.tags?.includes('unnecessary')) converted.tags = [DiagnosticTag.Unnecessary];
  return converted;
}

/** The analysis's diagnostics, and any the compiler found in it (`build`: E114, E001 in `asm`), in source order. */
export function toLspDiagnostics(analysis: Analysis, uri: string, build: readonly Diagnostic[] = []): LspDiagnostic[] {
  return withBuildDiagnostics(analysis, build).map((diagnostic) => toLspDiagnostic(analysis, uri, diagnostic));
}
