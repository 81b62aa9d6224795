// Renders docs/diagnostics.md from the one table of codes (diagnostic-codes.ts), so the reference
// the language server links to (`codeDescription`: docs/diagnostics.md#e101) cannot drift from
// what the checker reports. A test compares the checked-in file with this output.

import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostic-codes';

/** The anchor of a code in docs/diagnostics.md (`E101` -> `e101`). */
export function diagnosticAnchor(code: DiagnosticCode): string {
  return code.toLowerCase();
}

export function renderDiagnosticsReference(): string {
  const lines = [
    '# dIPC diagnostics',
    '',
    '<!-- Generated from simulator/toolchain/language/diagnostic-codes.ts by',
    '     `npx tsx scripts/generate-diagnostics-reference.ts > docs/diagnostics.md`; do not edit by hand. -->',
    '',
    'Every diagnostic of the compiler, `dipc check` and the language server has one of these codes',
    '(language.md §5). Errors (`E`) stop a program from being compiled or run; warnings and hints',
    '(`W`) do not.',
    '',
    '| code | severity | meaning |',
    '|---|---|---|',
  ];
  const codes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
  for (const code of codes) {
    const info = DIAGNOSTIC_CODES[code];
    lines.push(`| [${code}](#${diagnosticAnchor(code)}) | ${info.severity} | ${info.title.replace(/\|/g, '\\|')} |`);
  }
  for (const code of codes) {
    const info = DIAGNOSTIC_CODES[code];
    lines.push(
      '',
      `<a id="${diagnosticAnchor(code)}"></a>`,
      '',
      `## ${code}: ${info.title}`,
      '',
      `Severity: **${info.severity}**.`,
      '',
      info.description,
      '',
      'Example:',
      '',
      '```dipc',
      info.example,
      '```',
    );
  }
  return lines.join('\n') + '\n';
}

