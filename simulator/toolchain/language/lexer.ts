// Turns `.dipc` text into tokens (language.md §2), one at a time as the parser asks, so tokens die
// young instead of piling up. Never throws: a character or literal it cannot read becomes one E001
// and lexing goes on. The body of `asm { ... }` is not tokenised: it is kept as raw lines (text and
// span) in a single `asm` token, since assembly has its own syntax.

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
// Looked up by character code, so lexing punctuation allocates nothing.
const ONE_CHARACTER: (string | undefined)[] = [];
const TWO_CHARACTER = new Map<number, string>();
for (const punctuation of PUNCTUATION) {
  if (punctuation.length === 1) ONE_CHARACTER[punctuation.charCodeAt(0)] = punctuation;
  else TWO_CHARACTER.set(punctuation.charCodeAt(0) * 128 + punctuation.charCodeAt(1), punctuation);
}

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

/** All tokens of a text, up to and including the `eof` token (for tests and tools). */
export function tokenize(text: string, diagnostics: Diagnostic[]): Token[] {
  const lexer = new Lexer(text, diagnostics);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'eof') return tokens;
  }
}

export class Lexer {
  private position = 0;
  private newlineBefore = false;
  /** Tokens already read ahead of the caller (the `{`+body after `asm`). */
  private readonly queued: Token[] = [];

  constructor(
    private readonly text: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  next(): Token {
    if (this.queued.length > 0) return this.queued.shift() as Token;
    const text = this.text;
    const length = text.length;
    for (;;) {
      this.skipTrivia();
      const start = this.position;
      if (start >= length) return this.make('eof', '', length, length, undefined);
      const code = text.charCodeAt(start);
      if (isIdentifierStart(code)) {
        let end = start + 1;
        while (end < length && isIdentifierPart(text.charCodeAt(end))) end++;
        const word = text.slice(start, end);
        this.position = end;
        const isKeyword = KEYWORD_SET.has(word);
        const token = this.make(isKeyword ? 'keyword' : 'identifier', word, start, end, undefined);
        if (word === 'asm') this.readAsmOpening();
        return token;
      }
      if (isDigit(code)) return this.readInteger(start);
      if (code === 34 /* " */) return this.readString(start);
      const pair = TWO_CHARACTER.get(code * 128 + text.charCodeAt(start + 1));
      if (pair !== undefined) {
        this.position = start + 2;
        return this.make('punctuation', pair, start, start + 2, undefined);
      }
      const single = ONE_CHARACTER[code];
      if (single !== undefined) {
        this.position = start + 1;
        return this.make('punctuation', single, start, start + 1, undefined);
      }
      // One report for a run of unreadable characters, then go on with the next token.
      let end = start + 1;
      while (end < length && !/[\sA-Za-z0-9_"{}()[\];:,.=<>+\-*/%&|^!~]/.test(text[end])) end++;
      this.report({ start, end }, `unexpected character${end - start > 1 ? 's' : ''} \`${text.slice(start, end)}\``);
      this.position = end;
    }
  }

  // Every token gets the same fields in the same order, so they all share one object shape.
  private make(kind: TokenKind, text: string, start: number, end: number, value: number | string | undefined, lines?: AsmLine[]): Token {
    const token: Token = { kind, text, start, end, value, lines, newlineBefore: this.newlineBefore };
    this.newlineBefore = false;
    return token;
  }

  private report(span: Span, message: string): void {
    this.diagnostics.push({ code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, message, span });
  }

  /** Skips blanks and comments. */
  private skipTrivia(): void {
    const text = this.text;
    const length = text.length;
    let position = this.position;
    while (position < length) {
      const code = text.charCodeAt(position);
      if (code === 10 || code === 13) {
        this.newlineBefore = true;
        position++;
      } else if (code === 32 || code === 9 || code === 12 || code === 11 || code === 0xfeff) {
        position++;
      } else if (code === 47 /* / */ && text.charCodeAt(position + 1) === 47) {
        while (position < length && text.charCodeAt(position) !== 10 && text.charCodeAt(position) !== 13) position++;
      } else if (code === 47 && text.charCodeAt(position + 1) === 42 /* * */) {
        const close = text.indexOf('*/', position + 2);
        if (close < 0) {
          this.report({ start: position, end: position + 2 }, 'unclosed comment: add `*/` to end it');
          position = length;
        } else {
          if (/[\r\n]/.test(text.slice(position, close))) this.newlineBefore = true;
          position = close + 2;
        }
      } else {
        break;
      }
    }
    this.position = position;
  }

  /** After `asm`: if a `{` follows, queue it and the raw body up to the next `}`. */
  private readAsmOpening(): void {
    const savedNewline = this.newlineBefore;
    this.skipTrivia();
    const text = this.text;
    if (text.charCodeAt(this.position) !== 123 /* { */) {
      return;
    }
    const open = this.make('punctuation', '{', this.position, this.position + 1, undefined);
    open.newlineBefore = open.newlineBefore || savedNewline;
    this.queued.push(open);
    const bodyStart = this.position + 1;
    let close = text.indexOf('}', bodyStart);
    if (close < 0) close = text.length;
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
    this.queued.push(this.make('asm', text.slice(bodyStart, close), bodyStart, close, undefined, lines));
    if (/[\r\n]/.test(text.slice(bodyStart, close))) this.newlineBefore = true;
    this.position = close;
    if (close === text.length) {
      this.report({ start: bodyStart - 1, end: bodyStart }, 'unclosed `asm {`: add `}` after the last assembly line');
    }
  }

  private readInteger(start: number): Token {
    const text = this.text;
    let end = start;
    while (end < text.length && isIdentifierPart(text.charCodeAt(end))) end++;
    const written = text.slice(start, end);
    this.position = end;
    let radix = 10;
    let digits = written;
    if (written.length > 1 && written[0] === '0' && (written[1] === 'x' || written[1] === 'X')) {
      radix = 16;
      digits = written.slice(2);
    } else if (written.length > 1 && written[0] === '0' && (written[1] === 'b' || written[1] === 'B')) {
      radix = 2;
      digits = written.slice(2);
    }
    let value = 0;
    let valid = digits.length > 0 && digits[0] !== '_';
    let overflow = false;
    for (let index = 0; index < digits.length && valid; index++) {
      const character = digits.charCodeAt(index);
      if (character === 95 /* _ */) continue;
      const digit = digitValue(character);
      if (digit < 0 || digit >= radix) {
        valid = false;
        break;
      }
      value = value * radix + digit;
      if (value >= UINT32_LIMIT) overflow = true;
    }
    if (!valid) {
      this.report({ start, end }, `malformed integer literal \`${written}\` (write decimal, 0x hex or 0b binary digits, with optional \`_\`)`);
      value = 0;
    } else if (overflow) {
      this.report({ start, end }, `integer literal \`${written}\` does not fit in 32 bits (largest: 0xffffffff)`);
      value = 0;
    }
    return this.make('integer', written, start, end, value | 0);
  }

  private readString(start: number): Token {
    const text = this.text;
    let value = '';
    let index = start + 1;
    let closed = false;
    while (index < text.length) {
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
          this.report({ start: index, end: index + 1 + shown.length }, `unknown escape \`\\${shown}\` in a string (use \\n, \\t, \\" or \\\\)`);
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
    if (!closed) this.report({ start, end: index }, 'unterminated string: add `"` before the end of the line');
    this.position = index;
    return this.make('string', text.slice(start, index), start, index, value);
  }
}

function digitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}
