// Splits assembly source into statements: strips `#`, `//` and `/* */` comments, splits at `;`,
// and separates labels, the mnemonic or directive, and the comma-separated operand texts, each
// with its 1-based line and column so later errors point at the right place.

export interface OperandText {
  text: string;
  column: number;
}

export interface Statement {
  line: number;
  labels: { name: string; column: number }[];
  /** `name = expression` (GNU's form of `.set`). */
  assignment?: { name: string; column: number; value: OperandText };
  /** Mnemonic or directive (with its dot), as written. */
  name?: string;
  nameColumn: number;
  operands: OperandText[];
  /**
   * Statements read from identical line texts share one shape token (and their label, assignment
   * and operand objects): the assembler does the work that depends only on the text once per shape.
   */
  shape: object | undefined;
}

export interface SourceError {
  line: number;
  column: number;
  message: string;
}

// Statements are read with character-code tests, not regular expressions: this runs once per line
// of code-generator output (tens of thousands of lines for a large program).

/** [A-Za-z_.$] */
function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 46 || code === 36;
}

/** [A-Za-z0-9_.$] */
function isNamePart(code: number): boolean {
  return isNameStart(code) || isDigit(code);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** JavaScript's white space (`\s`, what `trim()` removes). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029
    || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function skipSpaces(text: string, index: number, end: number): number {
  while (index < end && isSpace(text.charCodeAt(index))) index += 1;
  return index;
}

/** The end of a name (`[A-Za-z_.$][A-Za-z0-9_.$]*`) starting at `index`, or `index` if there is none. */
function nameEnd(text: string, index: number, end: number): number {
  if (index >= end || !isNameStart(text.charCodeAt(index))) return index;
  let at = index + 1;
  while (at < end && isNamePart(text.charCodeAt(at))) at += 1;
  return at;
}

/** The end of a label (a name or digits, spaces, `:`) starting at `index`, if there is one there. */
function labelEnd(text: string, index: number, end: number): { nameEnd: number; end: number } | undefined {
  let at = nameEnd(text, index, end);
  if (at === index) {
    while (at < end && isDigit(text.charCodeAt(at))) at += 1;
    if (at === index) return undefined;
  }
  const colon = skipSpaces(text, at, end);
  return colon < end && text.charCodeAt(colon) === 58 ? { nameEnd: at, end: colon + 1 } : undefined;
}

/** Offsets (into `text`) just past a string or character literal starting at `start`. */
function skipLiteral(text: string, start: number): number | undefined {
  const quote = text[start];
  if (quote === "'") {
    const end = text[start + 1] === '\\' ? start + 3 : start + 2;
    return text[end] === "'" ? end + 1 : end;
  }
  let index = start + 1;
  while (index < text.length) {
    if (text[index] === '\\') index += 2;
    else if (text[index] === '"') return index + 1;
    else index += 1;
  }
  return undefined;
}

/** Receives statements and errors in source order as they are read. */
export interface StatementSink {
  statement(statement: Statement): void;
  /** Another line with the same text as `first` (which was handed to `statement`), at `line`. */
  repeated(first: Statement, line: number): void;
  error(error: SourceError): void;
}

/**
 * Reads the whole source, handing over each statement as soon as it is read (so that a large
 * source's statements need not all be alive at once).
 */
export function splitStatements(source: string, sink: StatementSink): void {
  const errors: SourceError[] = [];
  let reported = 0;
  const flushErrors = (): void => {
    while (reported < errors.length) sink.error(errors[reported++]);
  };
  const lines = source.includes('\r') ? source.split(/\r?\n|\r/) : source.split('\n');
  // Generated code repeats lines (`lw a0, -16(s0)` hundreds of times): a line without comments,
  // literals or `;` that read cleanly is read once; later copies reuse its statement (null: no statement).
  const plainLines = new Map<string, Statement | null>();
  let inBlockComment = false;
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
    const rawLine = lines[lineIndex];
    const line = lineIndex + 1;
    if (!inBlockComment) {
      const known = plainLines.get(rawLine);
      if (known !== undefined) {
        if (known !== null) sink.repeated(known, line);
        continue;
      }
    }
    // Replace comments by spaces so that columns keep pointing into the original line.
    let code = '';
    let index = 0;
    const plain = !inBlockComment && !/[#/"';]/.test(rawLine);
    if (plain && isLabelLine(rawLine)) {
      // `name:` alone, as generated code writes every label: its statement directly.
      sink.statement({ line, labels: [{ name: rawLine.slice(0, -1), column: 1 }], assignment: undefined, name: undefined, nameColumn: 1, operands: NONE, shape: undefined });
      continue;
    }
    if (plain) {
      const errorCount = errors.length;
      const statement = plainInstruction(rawLine, line) ?? parseStatement(rawLine, 1, line, errors);
      flushErrors();
      if (statement) sink.statement(statement);
      if (errors.length === errorCount) {
        if (statement) statement.shape = {};
        plainLines.set(rawLine, statement ?? null);
      }
      continue;
    }
    while (index < rawLine.length) {
      if (inBlockComment) {
        const end = rawLine.indexOf('*/', index);
        if (end < 0) {
          code += ' '.repeat(rawLine.length - index);
          index = rawLine.length;
        } else {
          code += ' '.repeat(end + 2 - index);
          index = end + 2;
          inBlockComment = false;
        }
        continue;
      }
      const char = rawLine[index];
      if (char === '"' || char === "'") {
        const end = skipLiteral(rawLine, index);
        if (end === undefined) {
          errors.push({ line, column: index + 1, message: 'unterminated string' });
          code += ' '.repeat(rawLine.length - index);
          index = rawLine.length;
        } else {
          code += rawLine.slice(index, end);
          index = end;
        }
        continue;
      }
      if (char === '#' || rawLine.startsWith('//', index)) break;
      if (rawLine.startsWith('/*', index)) {
        inBlockComment = true;
        code += '  ';
        index += 2;
        continue;
      }
      // Copy up to the next character that may start a comment or a literal.
      let end = index + 1;
      while (end < rawLine.length && !'#/"\''.includes(rawLine[end])) end += 1;
      code += rawLine.slice(index, end);
      index = end;
    }
    const broken = errors.length > 0 && errors[errors.length - 1].line === line;
    const pieces = code.includes(';') ? splitOutside(code, ';') : [{ text: code, column: 1 }];
    for (const piece of pieces) {
      const statement = parseStatement(piece.text, piece.column, line, errors);
      // After an unterminated string only the labels are trustworthy (no follow-up errors).
      flushErrors();
      if (statement && broken) sink.statement({ ...statement, name: undefined, operands: [] });
      else if (statement) sink.statement(statement);
    }
  }
  flushErrors();
}

/**
 * A symbol name followed by `:` and nothing else. A regular expression here: it runs in native
 * code from the first line on, where a character loop would start out interpreted.
 */
const LABEL_LINE = /^[A-Za-z_.$][A-Za-z0-9_.$]*:$/;

function isLabelLine(text: string): boolean {
  return text.charCodeAt(text.length - 1) === 58 && LABEL_LINE.test(text);
}

/** `mnemonic operands` or `mnemonic` alone, indented or not, without labels, assignments or comments. */
const PLAIN_INSTRUCTION = /^(\s*)([A-Za-z_.$][A-Za-z0-9_.$]*)(?:\s+(\S(?:.*\S)?))?\s*$/;

/**
 * The statement of a plain line (no comment, literal or `;`) that is one instruction or directive,
 * read by regular expressions and native string splitting: exactly what `parseStatement` makes of
 * it. Undefined for anything else (labels, assignments, commas inside parentheses, malformed lines).
 */
function plainInstruction(text: string, line: number): Statement | undefined {
  if (text.includes(':') || text.includes('=')) return undefined;
  const match = PLAIN_INSTRUCTION.exec(text);
  if (match === null) return undefined;
  const nameColumn = 1 + match[1].length;
  const statement: Statement = { line, labels: NONE, assignment: undefined, name: match[2], nameColumn, operands: NONE, shape: undefined };
  const operandText = match[3];
  if (operandText === undefined) return statement;
  const open = operandText.indexOf('(');
  // Commas inside parentheses do not separate operands: leave those lines to the general reader.
  if (open >= 0 && operandText.indexOf(',', open) >= 0) return undefined;
  const operandsStart = text.indexOf(operandText, match[1].length + match[2].length);
  const pieces = operandText.split(',');
  const operands: OperandText[] = [];
  let offset = operandsStart;
  for (let index = 0; index < pieces.length; index += 1) {
    const piece = pieces[index];
    operands.push({ text: piece.trim(), column: 1 + offset + piece.length - piece.trimStart().length });
    offset += piece.length + 1;
  }
  statement.operands = operands;
  return statement;
}

/** The statement of another line with the same text as `first`. */
export function repeatedStatement(first: Statement, line: number): Statement {
  return { line, labels: first.labels, assignment: first.assignment, name: first.name, nameColumn: first.nameColumn, operands: first.operands, shape: first.shape };
}

/** Splits at `separator` outside strings, character literals and parentheses. */
function splitOutside(text: string, separator: string): OperandText[] {
  const pieces: OperandText[] = [];
  let depth = 0;
  let start = 0;
  let index = 0;
  while (index <= text.length) {
    const char = text[index];
    if (index === text.length || (char === separator && depth === 0)) {
      pieces.push({ text: text.slice(start, index), column: start + 1 });
      start = index + 1;
      index += 1;
      continue;
    }
    if (char === '"' || char === "'") {
      index = skipLiteral(text, index) ?? text.length;
      continue;
    }
    if (char === '(') depth += 1;
    if (char === ')') depth = Math.max(0, depth - 1);
    index += 1;
  }
  return pieces;
}

/** The comma-separated operands of `text[start..end)`, each trimmed; `column` is that of `text[0]`. */
function splitOperands(text: string, start: number, end: number, column: number): OperandText[] {
  const operands: OperandText[] = [];
  let depth = 0;
  let pieceStart = start;
  let index = start;
  while (index <= end) {
    const code = index === end ? -1 : text.charCodeAt(index);
    if (code === -1 || (code === 44 /* , */ && depth === 0)) {
      const first = skipSpaces(text, pieceStart, index);
      let last = index;
      while (last > first && isSpace(text.charCodeAt(last - 1))) last -= 1;
      operands.push({ text: text.slice(first, last), column: column + first });
      pieceStart = index + 1;
      index += 1;
      continue;
    }
    if (code === 34 /* " */ || code === 39 /* ' */) {
      // An unclosed character literal at the very end runs past it and drops the last operand.
      index = skipLiteral(text, index) ?? end;
      continue;
    }
    if (code === 40 /* ( */) depth += 1;
    else if (code === 41 /* ) */) depth = Math.max(0, depth - 1);
    index += 1;
  }
  return operands;
}

const NONE: never[] = [];

function parseStatement(text: string, column: number, line: number, errors: SourceError[]): Statement | undefined {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end -= 1;
  let start = skipSpaces(text, 0, end);
  // Statements without labels or operands share one empty array (statements are never changed).
  const statement: Statement = { line, labels: NONE, assignment: undefined, name: undefined, nameColumn: column + start, operands: NONE, shape: undefined };
  for (let label = labelEnd(text, start, end); label; label = labelEnd(text, start, end)) {
    if (statement.labels === NONE) statement.labels = [];
    statement.labels.push({ name: text.slice(start, label.nameEnd), column: column + start });
    start = skipSpaces(text, label.end, end);
  }
  const labels = statement.labels;
  if (start === end) return labels.length > 0 ? statement : undefined;
  const nameStop = nameEnd(text, start, end);
  if (nameStop === start) {
    const rest = text.slice(start, end);
    errors.push({ line, column: column + start, message: `expected a label, instruction or directive, found '${rest.split(/\s/)[0]}'` });
    return labels.length > 0 ? statement : undefined;
  }
  const equals = skipSpaces(text, nameStop, end);
  if (equals < end && text.charCodeAt(equals) === 61 /* = */ && text.charCodeAt(equals + 1) !== 61) {
    const valueStart = skipSpaces(text, equals + 1, end);
    statement.assignment = {
      name: text.slice(start, nameStop), column: column + start, value: { text: text.slice(valueStart, end), column: column + valueStart },
    };
    return statement;
  }
  const name = text.slice(start, nameStop);
  statement.name = name;
  statement.nameColumn = column + start;
  if (nameStop < end && !isSpace(text.charCodeAt(nameStop))) {
    errors.push({ line, column: column + nameStop, message: `unexpected '${text[nameStop]}' after '${name}'` });
    return statement;
  }
  if (skipSpaces(text, nameStop, end) < end) statement.operands = splitOperands(text, nameStop, end, column);
  return statement;
}

/** The bytes of a string literal (`"..."` with C escapes), or an error message. */
export function parseStringLiteral(text: string): Uint8Array | string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return `expected a string in double quotes, found '${text}'`;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, '"': 34, "'": 39 };
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char !== '\\') {
      const code = body.codePointAt(index)!;
      if (code > 0xffff) index += 1;
      bytes.push(...new TextEncoder().encode(String.fromCodePoint(code)));
      continue;
    }
    const escape = body[index + 1];
    if (escape === undefined) return 'string ends with a lone backslash';
    if (escape in escapes) {
      bytes.push(escapes[escape]);
      index += 1;
    } else if (/[0-7]/.test(escape)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(index + 1))![0];
      bytes.push(parseInt(octal, 8) & 0xff);
      index += octal.length;
    } else if (escape === 'x') {
      const hex = /^[0-9a-fA-F]+/.exec(body.slice(index + 2))?.[0];
      if (!hex) return "'\\x' needs hex digits";
      bytes.push(parseInt(hex.slice(-2), 16));
      index += 1 + hex.length;
    } else {
      return `unknown escape '\\${escape}' in string`;
    }
  }
  return new Uint8Array(bytes);
}
