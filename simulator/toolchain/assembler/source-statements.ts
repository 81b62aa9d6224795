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
}

export interface SourceError {
  line: number;
  column: number;
  message: string;
}

const LABEL = /^([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)\s*:/;
const NAME = /^[A-Za-z_.$][A-Za-z0-9_.$]*/;
const ASSIGNMENT = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)/;

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

export function splitStatements(source: string): { statements: Statement[]; errors: SourceError[] } {
  const statements: Statement[] = [];
  const errors: SourceError[] = [];
  const lines = source.split(/\r?\n|\r/);
  let inBlockComment = false;
  lines.forEach((rawLine, lineIndex) => {
    const line = lineIndex + 1;
    // Replace comments by spaces so that columns keep pointing into the original line.
    let code = '';
    let index = 0;
    if (!inBlockComment && !/[#/"']/.test(rawLine)) {
      code = rawLine;
      index = rawLine.length;
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
    for (const piece of splitOutside(code, ';')) {
      const statement = parseStatement(piece.text, piece.column, line, errors);
      // After an unterminated string only the labels are trustworthy (no follow-up errors).
      if (statement && broken) statements.push({ ...statement, name: undefined, operands: [] });
      else if (statement) statements.push(statement);
    }
  });
  return { statements, errors };
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

function trimmed(piece: OperandText): OperandText {
  const leading = piece.text.length - piece.text.trimStart().length;
  return { text: piece.text.trim(), column: piece.column + leading };
}

function parseStatement(text: string, column: number, line: number, errors: SourceError[]): Statement | undefined {
  let rest = trimmed({ text, column });
  const statement: Statement = { line, labels: [], nameColumn: rest.column, operands: [] };
  for (let label = LABEL.exec(rest.text); label; label = LABEL.exec(rest.text)) {
    statement.labels.push({ name: label[1], column: rest.column });
    rest = trimmed({ text: rest.text.slice(label[0].length), column: rest.column + label[0].length });
  }
  if (rest.text === '') return statement.labels.length > 0 ? statement : undefined;
  const assignment = ASSIGNMENT.exec(rest.text);
  if (assignment) {
    const value = trimmed({ text: rest.text.slice(assignment[0].length), column: rest.column + assignment[0].length });
    statement.assignment = { name: assignment[1], column: rest.column, value };
    return statement;
  }
  const name = NAME.exec(rest.text);
  if (!name) {
    errors.push({ line, column: rest.column, message: `expected a label, instruction or directive, found '${rest.text.split(/\s/)[0]}'` });
    return statement.labels.length > 0 ? statement : undefined;
  }
  statement.name = name[0];
  statement.nameColumn = rest.column;
  const operandText = rest.text.slice(name[0].length);
  if (operandText !== '' && !/^\s/.test(operandText)) {
    errors.push({ line, column: rest.column + name[0].length, message: `unexpected '${operandText[0]}' after '${name[0]}'` });
    return statement;
  }
  if (operandText.trim() !== '') {
    statement.operands = splitOutside(operandText, ',').map((piece) =>
      trimmed({ text: piece.text, column: rest.column + name[0].length + piece.column - 1 }));
  }
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
