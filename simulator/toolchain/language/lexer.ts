// Turns `.dipc` text into tokens (language.md §2), one at a time as the parser asks. The current
// token lives in the lexer's own fields (no object per token), and identifier and keyword texts
// come from a shared intern table (no string per token), so lexing a large file allocates almost
// nothing. Never throws: a character or literal it cannot read becomes one E001 and lexing goes
// on. The body of `asm { ... }` is not tokenised: it is kept as raw lines (text and span) in a
// single `asm` token, since assembly has its own syntax.

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
// Looked up by character code (two-character ones by `first * 128 + second`, both ASCII), so
// lexing punctuation allocates nothing and hashes nothing.
const ONE_CHARACTER: (string | undefined)[] = new Array<string | undefined>(128).fill(undefined);
const TWO_CHARACTER: (string | undefined)[] = new Array<string | undefined>(128 * 128).fill(undefined);
for (const punctuation of PUNCTUATION) {
  if (punctuation.length === 1) ONE_CHARACTER[punctuation.charCodeAt(0)] = punctuation;
  else TWO_CHARACTER[punctuation.charCodeAt(0) * 128 + punctuation.charCodeAt(1)] = punctuation;
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
    lexer.next();
    const kind = lexer.kind;
    tokens.push({
      kind, text: lexer.tokenText(), start: lexer.start, end: lexer.end, value: lexer.value, lines: lexer.lines,
      newlineBefore: lexer.newlineBefore,
    });
    if (kind === 'eof') return tokens;
  }
}

// ---------------------------------------------------------------------------------------------
// Intern table: identifier and keyword texts shared by every analysis. Open addressing on a hash
// of the characters, compared against the source text in place, so a name seen before costs no
// allocation. Only words of at most 12 characters are kept: V8 copies such a slice, while a longer
// one would be a view keeping the whole document alive. The table stops growing at its limit.

const INTERNED_MAXIMUM_LENGTH = 12;
const INTERN_SLOTS_LIMIT = 1 << 16;
let internSlots: (string | undefined)[] = new Array<string | undefined>(2048).fill(undefined);
let internHashes = new Int32Array(2048);
let internIsKeyword = new Uint8Array(2048);
let internCount = 0;
for (const keyword of KEYWORDS) internInsert(keyword, hashOf(keyword), true);

function hashOf(word: string): number {
  let hash = 0;
  for (let index = 0; index < word.length; index++) hash = (Math.imul(hash, 31) + word.charCodeAt(index)) | 0;
  return hash;
}

function internInsert(word: string, hash: number, isKeyword: boolean): number {
  if ((internCount + 1) * 2 > internSlots.length) {
    if (internSlots.length >= INTERN_SLOTS_LIMIT) return -1;
    const oldSlots = internSlots;
    const oldHashes = internHashes;
    const oldKeywords = internIsKeyword;
    internSlots = new Array<string | undefined>(oldSlots.length * 2).fill(undefined);
    internHashes = new Int32Array(oldSlots.length * 2);
    internIsKeyword = new Uint8Array(oldSlots.length * 2);
    internCount = 0;
    for (let index = 0; index < oldSlots.length; index++) {
      const old = oldSlots[index];
      if (old !== undefined) internInsert(old, oldHashes[index], oldKeywords[index] === 1);
    }
  }
  const mask = internSlots.length - 1;
  let slot = hash & mask;
  while (internSlots[slot] !== undefined) slot = (slot + 1) & mask;
  internSlots[slot] = word;
  internHashes[slot] = hash;
  internIsKeyword[slot] = isKeyword ? 1 : 0;
  internCount++;
  return slot;
}

/** The slot of `text[start, end)` (inserted if new), or -1 when it cannot be interned. */
function intern(text: string, start: number, end: number, hash: number): number {
  const length = end - start;
  if (length > INTERNED_MAXIMUM_LENGTH) return -1;
  const mask = internSlots.length - 1;
  let slot = hash & mask;
  for (;;) {
    const candidate = internSlots[slot];
    if (candidate === undefined) break;
    if (internHashes[slot] === hash && candidate.length === length) {
      let index = 0;
      while (index < length && candidate.charCodeAt(index) === text.charCodeAt(start + index)) index++;
      if (index === length) return slot;
    }
    slot = (slot + 1) & mask;
  }
  return internInsert(text.slice(start, end), hash, false);
}

// ---------------------------------------------------------------------------------------------

// What the lexer expects after an `asm` keyword: nothing special, its `{`, or (after that `{`) the raw body.
const ASM_NONE = 0;
const ASM_AFTER_KEYWORD = 1;
const ASM_BODY = 2;

export class Lexer {
  // The current token (set by `next`).
  kind: TokenKind = 'eof';
  /** Identifiers, keywords and punctuation: their text. Other kinds: '' (see `tokenText`). */
  text = '';
  start = 0;
  end = 0;
  /** Integers: the value wrapped to int32. Strings: the value with escapes resolved. */
  value: number | string | undefined = undefined;
  /** `asm` bodies: one entry per non-blank line. */
  lines: AsmLine[] | undefined = undefined;
  /** A line break separates the current token from the previous one. */
  newlineBefore = false;

  // The token after the current one, once `peek` has read it.
  private hasPeeked = false;
  peekKind: TokenKind = 'eof';
  peekText = '';
  private peekStart = 0;
  private peekEnd = 0;
  private peekValue: number | string | undefined = undefined;
  private peekLines: AsmLine[] | undefined = undefined;
  private peekNewlineBefore = false;

  private position = 0;
  /** A line break was skipped since the last token. */
  private pendingNewline = false;
  private asmState = ASM_NONE;

  constructor(
    private readonly source: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** The source text of the current token as written (literals included). */
  tokenText(): string {
    return this.kind === 'identifier' || this.kind === 'keyword' || this.kind === 'punctuation'
      ? this.text
      : this.source.slice(this.start, this.end);
  }

  /** Reads the token after the current one into the `peek` fields (once). */
  peek(): void {
    if (this.hasPeeked) return;
    const kind = this.kind;
    const text = this.text;
    const start = this.start;
    const end = this.end;
    const value = this.value;
    const lines = this.lines;
    const newlineBefore = this.newlineBefore;
    this.read();
    this.peekKind = this.kind;
    this.peekText = this.text;
    this.peekStart = this.start;
    this.peekEnd = this.end;
    this.peekValue = this.value;
    this.peekLines = this.lines;
    this.peekNewlineBefore = this.newlineBefore;
    this.kind = kind;
    this.text = text;
    this.start = start;
    this.end = end;
    this.value = value;
    this.lines = lines;
    this.newlineBefore = newlineBefore;
    this.hasPeeked = true;
  }

  /** Moves to the next token. */
  next(): void {
    if (!this.hasPeeked) {
      this.read();
      return;
    }
    this.hasPeeked = false;
    this.kind = this.peekKind;
    this.text = this.peekText;
    this.start = this.peekStart;
    this.end = this.peekEnd;
    this.value = this.peekValue;
    this.lines = this.peekLines;
    this.newlineBefore = this.peekNewlineBefore;
  }

  private set(kind: TokenKind, text: string, start: number, end: number, value: number | string | undefined): void {
    this.kind = kind;
    this.text = text;
    this.start = start;
    this.end = end;
    this.value = value;
    this.lines = undefined;
    this.newlineBefore = this.pendingNewline;
    this.pendingNewline = false;
  }

  private read(): void {
    if (this.asmState === ASM_BODY) {
      this.asmState = ASM_NONE;
      this.readAsmBody();
      return;
    }
    let afterAsm = this.asmState === ASM_AFTER_KEYWORD;
    this.asmState = ASM_NONE;
    const text = this.source;
    const length = text.length;
    for (;;) {
      this.skipTrivia();
      const start = this.position;
      if (start >= length) {
        this.set('eof', '', length, length, undefined);
        return;
      }
      const code = text.charCodeAt(start);
      if (isIdentifierStart(code)) {
        let hash = code;
        let end = start + 1;
        for (; end < length; end++) {
          const part = text.charCodeAt(end);
          if (!isIdentifierPart(part)) break;
          hash = (Math.imul(hash, 31) + part) | 0;
        }
        this.position = end;
        const slot = intern(text, start, end, hash);
        if (slot >= 0) {
          const word = internSlots[slot] as string;
          const isKeyword = internIsKeyword[slot] === 1;
          this.set(isKeyword ? 'keyword' : 'identifier', word, start, end, undefined);
          if (isKeyword && word === 'asm') this.asmState = ASM_AFTER_KEYWORD;
        } else {
          // Too long for the table: never a keyword (the longest has 7 characters).
          this.set('identifier', text.slice(start, end), start, end, undefined);
        }
        return;
      }
      if (isDigit(code)) {
        this.readInteger(start);
        return;
      }
      if (code === 34 /* " */) {
        this.readString(start);
        return;
      }
      const next = text.charCodeAt(start + 1);
      const pair = code < 128 && next < 128 ? TWO_CHARACTER[code * 128 + next] : undefined;
      if (pair !== undefined) {
        this.position = start + 2;
        this.set('punctuation', pair, start, start + 2, undefined);
        return;
      }
      const single = code < 128 ? ONE_CHARACTER[code] : undefined;
      if (single !== undefined) {
        this.position = start + 1;
        this.set('punctuation', single, start, start + 1, undefined);
        if (afterAsm && code === 123 /* { */) this.asmState = ASM_BODY;
        return;
      }
      // One report for a run of unreadable characters, then go on with the next token.
      let end = start + 1;
      while (end < length && !/[\sA-Za-z0-9_"{}()[\];:,.=<>+\-*/%&|^!~]/.test(text[end])) end++;
      this.report({ start, end }, `unexpected character${end - start > 1 ? 's' : ''} \`${text.slice(start, end)}\``);
      this.position = end;
      afterAsm = false;
    }
  }

  private report(span: Span, message: string): void {
    this.diagnostics.push({ code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, message, span });
  }

  /** Skips blanks and comments. */
  private skipTrivia(): void {
    const text = this.source;
    const length = text.length;
    let position = this.position;
    while (position < length) {
      const code = text.charCodeAt(position);
      if (code === 10 || code === 13) {
        this.pendingNewline = true;
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
          if (/[\r\n]/.test(text.slice(position, close))) this.pendingNewline = true;
          position = close + 2;
        }
      } else {
        break;
      }
    }
    this.position = position;
  }

  /** Right after the `{` of `asm {`: the raw body up to the next `}`, as one `asm` token. */
  private readAsmBody(): void {
    const text = this.source;
    const bodyStart = this.position;
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
    this.pendingNewline = false;
    this.set('asm', '', bodyStart, close, undefined);
    this.lines = lines;
    if (/[\r\n]/.test(text.slice(bodyStart, close))) this.pendingNewline = true;
    this.position = close;
    if (close === text.length) {
      this.report({ start: bodyStart - 1, end: bodyStart }, 'unclosed `asm {`: add `}` after the last assembly line');
    }
  }

  private readInteger(start: number): void {
    const text = this.source;
    let end = start;
    while (end < text.length && isIdentifierPart(text.charCodeAt(end))) end++;
    this.position = end;
    let radix = 10;
    let digitsStart = start;
    const second = text.charCodeAt(start + 1);
    if (end - start > 1 && text.charCodeAt(start) === 48 /* 0 */) {
      if (second === 120 /* x */ || second === 88 /* X */) {
        radix = 16;
        digitsStart = start + 2;
      } else if (second === 98 /* b */ || second === 66 /* B */) {
        radix = 2;
        digitsStart = start + 2;
      }
    }
    let value = 0;
    let valid = end > digitsStart && text.charCodeAt(digitsStart) !== 95 /* _ */;
    let overflow = false;
    for (let index = digitsStart; index < end && valid; index++) {
      const character = text.charCodeAt(index);
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
      const written = text.slice(start, end);
      this.report({ start, end }, `malformed integer literal \`${written}\` (write decimal, 0x hex or 0b binary digits, with optional \`_\`)`);
      value = 0;
    } else if (overflow) {
      const written = text.slice(start, end);
      this.report({ start, end }, `integer literal \`${written}\` does not fit in 32 bits (largest: 0xffffffff)`);
      value = 0;
    }
    this.set('integer', '', start, end, value | 0);
  }

  private readString(start: number): void {
    const text = this.source;
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
    this.set('string', '', start, index, value);
  }
}

function digitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}
