// Turns `.dipc` text into tokens (language.md §2). Never throws: a character or literal it cannot
// read becomes one E001 and lexing goes on. The body of `asm { ... }` is not tokenised: it is kept
// as raw lines (text and span) in a single `asm` token, since assembly has its own syntax.

import type { AsmLine, Span } from './ast';
import type { Diagnostic } from './analysis';
import { DIAGNOSTIC_CODES } from './diagnostic-codes';

/** Reserved words (language.md §2). `read`, `write` and `call` are keywords only where a permission is expected. */
export const KEYWORDS = [
  'process', 'domain', 'var', 'const', 'fn', 'entry', 'import', 'isolate', 'grant', 'as', 'let', 'if', 'else',
  'while', 'for', 'in', 'return', 'break', 'continue', 'spawn', 'asm', 'true', 'false', 'int', 'bool', 'ptr', 'cap',
  'acap',
] as const;
export type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

export type TokenKind = 'identifier' | 'keyword' | 'integer' | 'string' | 'punctuation' | 'asm' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text for identifiers, keywords and punctuation; the literal as written otherwise. */
  text: string;
  start: number;
  end: number;
  /** Integers: the value wrapped to int32. Strings: the value with escapes resolved. */
  value?: number | string;
  /** `asm` bodies: one entry per non-blank line. */
  lines?: AsmLine[];
  /** A line break separates this token from the previous one (used to tell a missing `;` from a stray token). */
  newlineBefore: boolean;
}

// Longest first, so `<<` wins over `<` and `..` over `.`.
const PUNCTUATION = [
  '->', '..', '==', '!=', '<=', '>=', '<<', '>>', '&&', '||',
  '{', '}', '(', ')', '[', ']', ';', ':', ',', '.', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~',
];
const TWO_CHARACTER = new Set(PUNCTUATION.filter((p) => p.length === 2));
const ONE_CHARACTER = new Set(PUNCTUATION.filter((p) => p.length === 1));

const UINT32_LIMIT = 0x1_0000_0000;

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 48 && code <= 57);
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function tokenize(text: string, diagnostics: Diagnostic[]): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  let newlineBefore = false;
  const length = text.length;

  const report = (span: Span, message: string): void => {
    diagnostics.push({ code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, message, span });
  };
  const push = (token: Omit<Token, 'newlineBefore'>): void => {
    tokens.push({ ...token, newlineBefore });
    newlineBefore = false;
  };

  /** Skips blanks and comments; returns false at the end of the text. */
  const skipTrivia = (): void => {
    while (position < length) {
      const code = text.charCodeAt(position);
      if (code === 10 || code === 13) {
        newlineBefore = true;
        position++;
      } else if (code === 32 || code === 9 || code === 12 || code === 11 || code === 0xfeff) {
        position++;
      } else if (code === 47 /* / */ && text.charCodeAt(position + 1) === 47) {
        while (position < length && text.charCodeAt(position) !== 10 && text.charCodeAt(position) !== 13) position++;
      } else if (code === 47 && text.charCodeAt(position + 1) === 42 /* * */) {
        const close = text.indexOf('*/', position + 2);
        if (close < 0) {
          report({ start: position, end: position + 2 }, 'unclosed comment: add `*/` to end it');
          position = length;
        } else {
          if (/[\r\n]/.test(text.slice(position, close))) newlineBefore = true;
          position = close + 2;
        }
      } else {
        return;
      }
    }
  };

  const readAsmBody = (): void => {
    // Called right after the `{` of `asm {`: everything up to the next `}` is raw assembly.
    const bodyStart = position;
    let close = text.indexOf('}', position);
    if (close < 0) {
      close = length;
    }
    const lines: AsmLine[] = [];
    let lineStart = bodyStart;
    for (let index = bodyStart; index <= close; index++) {
      const code = index < close ? text.charCodeAt(index) : 10;
      if (code !== 10 && code !== 13) continue;
      const raw = text.slice(lineStart, index);
      const trimmedStart = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed.length > 0) {
        const start = lineStart + trimmedStart;
        lines.push({ text: trimmed, span: { start, end: start + trimmed.length } });
      }
      lineStart = index + 1;
    }
    push({ kind: 'asm', text: text.slice(bodyStart, close), start: bodyStart, end: close, lines });
    if (/[\r\n]/.test(text.slice(bodyStart, close))) newlineBefore = true;
    position = close;
    if (close === length) {
      report({ start: bodyStart - 1, end: bodyStart }, 'unclosed `asm {`: add `}` after the last assembly line');
    }
  };

  const readInteger = (start: number): void => {
    let end = start;
    while (end < length && isIdentifierPart(text.charCodeAt(end))) end++;
    const written = text.slice(start, end);
    position = end;
    let radix = 10;
    let digits = written;
    if (/^0[xX]/.test(written)) {
      radix = 16;
      digits = written.slice(2);
    } else if (/^0[bB]/.test(written)) {
      radix = 2;
      digits = written.slice(2);
    }
    const valid = radix === 16 ? /^[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*$/ : radix === 2 ? /^[01_]*[01][01_]*$/ : /^[0-9][0-9_]*$/;
    let value = 0;
    if (!valid.test(digits)) {
      report({ start, end }, `malformed integer literal \`${written}\` (write decimal, 0x hex or 0b binary digits, with optional \`_\`)`);
    } else {
      let overflow = false;
      for (const character of digits) {
        if (character === '_') continue;
        value = value * radix + parseInt(character, radix);
        if (value >= UINT32_LIMIT) overflow = true;
      }
      if (overflow) {
        report({ start, end }, `integer literal \`${written}\` does not fit in 32 bits (largest: 0xffffffff)`);
        value = 0;
      }
    }
    push({ kind: 'integer', text: written, start, end, value: value | 0 });
  };

  const readString = (start: number): void => {
    let value = '';
    let index = start + 1;
    let closed = false;
    while (index < length) {
      const character = text[index];
      if (character === '"') {
        closed = true;
        index++;
        break;
      }
      if (character === '\n' || character === '\r') break;
      if (character === '\\') {
        const escaped = text[index + 1];
        const resolved = escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped === '"' ? '"' : escaped === '\\' ? '\\' : undefined;
        if (resolved === undefined) {
          const shown = escaped === undefined || escaped === '\n' || escaped === '\r' ? '' : escaped;
          report({ start: index, end: index + 1 + shown.length }, `unknown escape \`\\${shown}\` in a string (use \\n, \\t, \\" or \\\\)`);
          index += 1 + shown.length;
          continue;
        }
        value += resolved;
        index += 2;
        continue;
      }
      value += character;
      index++;
    }
    if (!closed) report({ start, end: index }, 'unterminated string: add `"` before the end of the line');
    position = index;
    push({ kind: 'string', text: text.slice(start, index), start, end: index, value });
  };

  for (;;) {
    skipTrivia();
    if (position >= length) break;
    const start = position;
    const code = text.charCodeAt(position);
    if (isIdentifierStart(code)) {
      let end = position + 1;
      while (end < length && isIdentifierPart(text.charCodeAt(end))) end++;
      const word = text.slice(start, end);
      position = end;
      const isKeyword = KEYWORD_SET.has(word);
      push({ kind: isKeyword ? 'keyword' : 'identifier', text: word, start, end });
      if (word === 'asm') {
        skipTrivia();
        if (text.charCodeAt(position) === 123 /* { */) {
          push({ kind: 'punctuation', text: '{', start: position, end: position + 1 });
          position++;
          readAsmBody();
        }
      }
      continue;
    }
    if (isDigit(code)) {
      readInteger(start);
      continue;
    }
    if (code === 34 /* " */) {
      readString(start);
      continue;
    }
    const pair = text.slice(position, position + 2);
    if (TWO_CHARACTER.has(pair)) {
      position += 2;
      push({ kind: 'punctuation', text: pair, start, end: position });
      continue;
    }
    const single = text[position];
    if (ONE_CHARACTER.has(single)) {
      position++;
      push({ kind: 'punctuation', text: single, start, end: position });
      continue;
    }
    // One report for a run of unreadable characters.
    let end = position + 1;
    while (end < length && !/[\sA-Za-z0-9_"{}()[\];:,.=<>+\-*/%&|^!~]/.test(text[end])) end++;
    report({ start, end }, `unexpected character${end - start > 1 ? 's' : ''} \`${text.slice(start, end)}\``);
    position = end;
  }
  push({ kind: 'eof', text: '', start: length, end: length });
  return tokens;
}
