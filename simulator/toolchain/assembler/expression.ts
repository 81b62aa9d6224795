// Assembler expressions: numbers, symbols, `.`, C operators and the RISC-V relocation operators
// %hi/%lo/%pcrel_hi/%pcrel_lo. A value is either absolute or an offset into one section, so that
// `. - msg` is a constant before sections have addresses (as in GNU as).

/** An error inside an expression, at a 1-based column of the source line. */
export class ExpressionError extends Error {
  constructor(message: string, readonly column: number) {
    super(message);
  }
}

/** Thrown in the first pass when a value needs a symbol that is not (yet) known. */
export class UnresolvedValue extends Error {}

export type RelocationOperator = 'hi' | 'lo' | 'pcrel_hi' | 'pcrel_lo';

export type Expression =
  | { kind: 'number'; value: bigint; column: number }
  | { kind: 'symbol'; name: string; displayName: string; column: number }
  | { kind: 'location'; column: number }
  /** A location fixed by the assembler itself (the auipc of an `la` expansion). */
  | { kind: 'sectionOffset'; section: string; offset: number; column: number }
  | { kind: 'unary'; operator: '-' | '~' | '+' | '!'; operand: Expression; column: number }
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression; column: number }
  | { kind: 'relocation'; operator: RelocationOperator; argument: Expression; column: number };

type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^'
  | '==' | '!=' | '<>' | '<' | '>' | '<=' | '>=' | '&&' | '||';

/**
 * Lowest to highest precedence (C's order). Comparisons and `&&`/`||` are for `.if` conditions;
 * as in GNU as, a true comparison is -1 and a true `&&`/`||` is 1.
 */
const BINARY_PRECEDENCE: readonly (readonly BinaryOperator[])[] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!=', '<>'], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];

/** Operators of two characters, looked for before the one-character ones. */
const TWO_CHARACTER_OPERATORS: ReadonlySet<string> = new Set(['<<', '>>', '==', '!=', '<>', '<=', '>=', '&&', '||']);

type Token =
  | { kind: 'number'; value: bigint; column: number }
  | { kind: 'name'; text: string; column: number }
  | { kind: 'localLabel'; number: string; direction: 'b' | 'f'; column: number }
  | { kind: 'relocation'; operator: RelocationOperator; column: number }
  | { kind: 'punct'; text: string; column: number };

const NAME_START = /[A-Za-z_.$]/;
const NAME_PART = /[A-Za-z0-9_.$]/;

function tokenize(text: string, baseColumn: number): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    const column = baseColumn + index;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (/[0-9]/.test(char)) {
      const rest = text.slice(index);
      const localLabel = /^([0-9]+)([bf])(?![A-Za-z0-9_.$])/.exec(rest);
      const binary = /^0[bB]([01]+)(?![A-Za-z0-9_.$])/.exec(rest);
      if (binary) {
        tokens.push({ kind: 'number', value: BigInt(`0b${binary[1]}`), column });
        index += binary[0].length;
        continue;
      }
      if (localLabel) {
        tokens.push({ kind: 'localLabel', number: localLabel[1], direction: localLabel[2] as 'b' | 'f', column });
        index += localLabel[0].length;
        continue;
      }
      const match = /^(0[xX][0-9a-fA-F]+|[0-9]+)(?![A-Za-z0-9_.$])/.exec(rest);
      if (!match) throw new ExpressionError(`malformed number '${/^[0-9A-Za-z_.$]+/.exec(rest)?.[0]}'`, column);
      const digits = match[1];
      // GNU as reads a leading 0 as octal.
      const value = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
      if (/^0[0-9]+$/.test(digits) && /[89]/.test(digits)) throw new ExpressionError(`malformed octal number '${digits}'`, column);
      tokens.push({ kind: 'number', value, column });
      index += digits.length;
      continue;
    }
    if (char === "'") {
      const { value, length } = readCharacterLiteral(text, index, column);
      tokens.push({ kind: 'number', value: BigInt(value), column });
      index += length;
      continue;
    }
    if (char === '%' && /^%[A-Za-z_]/.test(text.slice(index))) {
      const match = /^%(pcrel_hi|pcrel_lo|hi|lo)\b/.exec(text.slice(index));
      if (!match) throw new ExpressionError(`unknown relocation operator '${/^%[A-Za-z_]*/.exec(text.slice(index))?.[0]}' (expected %hi, %lo, %pcrel_hi or %pcrel_lo)`, column);
      tokens.push({ kind: 'relocation', operator: match[1] as RelocationOperator, column });
      index += match[0].length;
      continue;
    }
    if (NAME_START.test(char)) {
      let end = index + 1;
      while (end < text.length && NAME_PART.test(text[end])) end += 1;
      tokens.push({ kind: 'name', text: text.slice(index, end), column });
      index = end;
      continue;
    }
    const two = text.slice(index, index + 2);
    if (TWO_CHARACTER_OPERATORS.has(two)) {
      tokens.push({ kind: 'punct', text: two, column });
      index += 2;
      continue;
    }
    if ('+-*/%&|^~!()<>'.includes(char)) {
      tokens.push({ kind: 'punct', text: char, column });
      index += 1;
      continue;
    }
    throw new ExpressionError(`unexpected character '${char}' in expression`, column);
  }
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34 };

function readCharacterLiteral(text: string, start: number, column: number): { value: number; length: number } {
  let index = start + 1;
  let value: number;
  if (text[index] === '\\') {
    const escape = text[index + 1];
    if (escape === undefined || !(escape in SIMPLE_ESCAPES)) throw new ExpressionError('unsupported escape in character literal', column);
    value = SIMPLE_ESCAPES[escape];
    index += 2;
  } else if (index < text.length) {
    value = text.charCodeAt(index);
    index += 1;
  } else {
    throw new ExpressionError('unterminated character literal', column);
  }
  // GNU accepts 'a without the closing quote; accept both forms.
  if (text[index] === "'") index += 1;
  return { value, length: index - start };
}

/** Gives the unique internal name of a numeric local label reference (`1b`, `2f`). */
export type LocalLabelResolver = (number: string, direction: 'b' | 'f', column: number) => string;

/** Parses one operand's text (starting at `baseColumn` of its line) into an expression. */
export function parseExpression(text: string, baseColumn: number, resolveLocalLabel: LocalLabelResolver): Expression {
  const simple = simpleExpression(text, baseColumn);
  if (simple) return simple;
  const tokens = tokenize(text, baseColumn);
  let position = 0;
  const endColumn = baseColumn + text.length;
  const peek = (): Token | undefined => tokens[position];
  const isPunct = (token: Token | undefined, text: string): boolean => token?.kind === 'punct' && token.text === text;
  const expectClose = (openColumn: number): void => {
    if (!isPunct(peek(), ')')) throw new ExpressionError("missing ')'", peek()?.column ?? openColumn);
    position += 1;
  };

  const parsePrimary = (): Expression => {
    const token = peek();
    if (!token) throw new ExpressionError('expected an expression', endColumn);
    position += 1;
    switch (token.kind) {
      case 'number':
        return { kind: 'number', value: token.value, column: token.column };
      case 'name':
        if (token.text === '.') return { kind: 'location', column: token.column };
        return { kind: 'symbol', name: token.text, displayName: token.text, column: token.column };
      case 'localLabel':
        return {
          kind: 'symbol',
          name: resolveLocalLabel(token.number, token.direction, token.column),
          displayName: `${token.number}${token.direction}`,
          column: token.column,
        };
      case 'relocation': {
        if (!isPunct(peek(), '(')) throw new ExpressionError(`expected '(' after %${token.operator}`, peek()?.column ?? endColumn);
        position += 1;
        const argument = parseBinary(0);
        expectClose(token.column);
        return { kind: 'relocation', operator: token.operator, argument, column: token.column };
      }
      case 'punct':
        if (token.text === '(') {
          const inner = parseBinary(0);
          expectClose(token.column);
          return inner;
        }
        if (token.text === '-' || token.text === '~' || token.text === '+' || token.text === '!') {
          return { kind: 'unary', operator: token.text, operand: parsePrimary(), column: token.column };
        }
        throw new ExpressionError(`unexpected '${token.text}' in expression`, token.column);
    }
  };

  const parseBinary = (level: number): Expression => {
    if (level === BINARY_PRECEDENCE.length) return parsePrimary();
    let left = parseBinary(level + 1);
    for (;;) {
      const token = peek();
      if (token?.kind !== 'punct' || !(BINARY_PRECEDENCE[level] as readonly string[]).includes(token.text)) return left;
      position += 1;
      const right = parseBinary(level + 1);
      left = { kind: 'binary', operator: token.text as BinaryOperator, left, right, column: token.column };
    }
  };

  const expression = parseBinary(0);
  const extra = peek();
  if (extra) throw new ExpressionError(`unexpected '${describeToken(extra)}' after expression`, extra.column);
  return expression;
}

/**
 * Most operands are a plain name or a decimal number, possibly negated (`-12` of `-12(s0)`): those
 * are read directly, giving the expression the tokenizer and parser would. Anything else: undefined.
 */
function simpleExpression(text: string, column: number): Expression | undefined {
  const length = text.length;
  if (length === 0) return undefined;
  const first = text.charCodeAt(0);
  if (isNameStartCode(first)) {
    for (let index = 1; index < length; index += 1) if (!isNamePartCode(text.charCodeAt(index))) return undefined;
    return text === '.' ? { kind: 'location', column } : { kind: 'symbol', name: text, displayName: text, column };
  }
  const negative = first === 45; // '-'
  const digitsStart = negative ? 1 : 0;
  const digits = length - digitsStart;
  // Decimal only (a leading 0 is octal), and short enough to stay exact as a plain number.
  if (digits === 0 || digits > 15) return undefined;
  const leading = text.charCodeAt(digitsStart);
  if (leading === 48 ? digits !== 1 : leading < 49 || leading > 57) return undefined;
  let value = 0;
  for (let index = digitsStart; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return undefined;
    value = value * 10 + (code - 48);
  }
  const number: Expression = { kind: 'number', value: value < SMALL_BIGINTS.length ? SMALL_BIGINTS[value] : BigInt(value), column: column + digitsStart };
  return negative ? { kind: 'unary', operator: '-', operand: number, column } : number;
}

/** BigInt(0) .. BigInt(4095), made once: offsets and small constants are most numbers in assembly. */
const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 4096 }, (_, value) => BigInt(value));

/** [A-Za-z_.$] */
function isNameStartCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 46 || code === 36;
}

/** [A-Za-z0-9_.$] */
function isNamePartCode(code: number): boolean {
  return isNameStartCode(code) || (code >= 48 && code <= 57);
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'number': return token.value.toString();
    case 'name': return token.text;
    case 'localLabel': return `${token.number}${token.direction}`;
    case 'relocation': return `%${token.operator}`;
    case 'punct': return token.text;
  }
}

/** A value: absolute (no section) or an offset from the start of `section`. */
export interface RelocatableValue {
  value: number;
  section?: string;
}

export interface EvaluationContext {
  /** A symbol's value, or undefined if it is not defined (yet). */
  lookup(name: string): RelocatableValue | undefined;
  /** The value of `.` (the address of the current statement). */
  location: RelocatableValue;
  /** The address a section offset will have, once sections are placed (pass 2 only). */
  placeSectionOffset(section: string, offset: number): RelocatableValue;
  /** For %pcrel_lo(label): the low 12 bits of the %pcrel_hi offset of the auipc at `address`. */
  pcrelLow(address: number, column: number): number;
  /** In the final pass an unknown symbol is an error; before, it only makes the value unknown. */
  final: boolean;
}

const toInt64 = (value: bigint): bigint => BigInt.asIntN(64, value);

export const highPart = (value: number): number => (((value + 0x800) >>> 12) & 0xfffff) >>> 0;
export const lowPart = (value: number): number => ((value & 0xfff) << 20) >> 20;

export function evaluate(expression: Expression, context: EvaluationContext): RelocatableValue {
  // The common leaves directly, without going through 64-bit BigInt arithmetic.
  if (expression.kind === 'number') return { value: Number(expression.value), section: undefined };
  if (expression.kind === 'symbol') {
    const value = context.lookup(expression.name);
    if (value !== undefined) return { value: value.value, section: value.section };
  }
  if (expression.kind === 'relocation' && context.final) {
    // The auipc/lo pairs of `la`, `call` and loads of globals, with final (32-bit) addresses.
    const argument = expression.argument;
    if (expression.operator === 'pcrel_hi' && argument.kind === 'symbol') {
      const target = context.lookup(argument.name);
      const location = context.location;
      if (target !== undefined && target.section === undefined && location.section === undefined && Math.abs(target.value) <= 0xffff_ffff) {
        return { value: highPart((target.value - location.value) >>> 0), section: undefined };
      }
    } else if (expression.operator === 'pcrel_lo' && argument.kind === 'sectionOffset') {
      const placed = context.placeSectionOffset(argument.section, argument.offset);
      if (placed.section === undefined) return { value: context.pcrelLow(placed.value >>> 0, expression.column), section: undefined };
    }
  }
  const result = evaluateBig(expression, context);
  return { value: Number(result.value), section: result.section };
}

interface BigValue {
  value: bigint;
  section?: string;
}

function evaluateBig(expression: Expression, context: EvaluationContext): BigValue {
  switch (expression.kind) {
    case 'number':
      return { value: expression.value };
    case 'location':
      return { value: BigInt(context.location.value), section: context.location.section };
    case 'sectionOffset': {
      const placed = context.placeSectionOffset(expression.section, expression.offset);
      return { value: BigInt(placed.value), section: placed.section };
    }
    case 'symbol': {
      const value = context.lookup(expression.name);
      if (value === undefined) {
        if (!context.final) throw new UnresolvedValue(expression.displayName);
        const hint = /^[0-9]+f$/.test(expression.displayName)
          ? `local label ${expression.displayName.slice(0, -1)} is not defined after this point`
          : `undefined symbol '${expression.displayName}'`;
        throw new ExpressionError(hint, expression.column);
      }
      return { value: BigInt(value.value), section: value.section };
    }
    case 'unary': {
      const operand = evaluateBig(expression.operand, context);
      if (expression.operator === '+') return operand;
      requireAbsolute(operand);
      const value = expression.operator === '-' ? -operand.value : expression.operator === '~' ? ~operand.value : BigInt(operand.value === 0n ? 1 : 0);
      return { value: toInt64(value) };
    }
    case 'binary':
      return evaluateBinary(expression.operator, evaluateBig(expression.left, context), evaluateBig(expression.right, context), expression.column);
    case 'relocation':
      return { value: BigInt(evaluateRelocation(expression, context)) };
  }
}

// Section-relative values exist only before sections are placed (the first pass); there an
// operation that needs the absolute address makes the value unknown, not wrong.
function requireAbsolute(value: BigValue): void {
  if (value.section !== undefined) throw new UnresolvedValue('section address');
}

function evaluateBinary(operator: BinaryOperator, left: BigValue, right: BigValue, column: number): BigValue {
  if (operator === '+') {
    if (left.section !== undefined && right.section !== undefined) throw new UnresolvedValue('sum of addresses');
    return { value: toInt64(left.value + right.value), section: left.section ?? right.section };
  }
  if (operator === '-') {
    if (right.section !== undefined) {
      if (left.section !== right.section) throw new UnresolvedValue('difference of sections');
      return { value: toInt64(left.value - right.value) };
    }
    return { value: toInt64(left.value - right.value), section: left.section };
  }
  if (left.section !== undefined && left.section === right.section && COMPARISONS.has(operator)) {
    // Two places in one section compare by their offsets, before the section has an address.
    return compare(operator, left.value, right.value);
  }
  requireAbsolute(left);
  requireAbsolute(right);
  const a = left.value;
  const b = right.value;
  switch (operator) {
    case '*': return { value: toInt64(a * b) };
    case '/':
    case '%':
      if (b === 0n) throw new ExpressionError('division by zero', column);
      return { value: toInt64(operator === '/' ? a / b : a % b) };
    case '<<': return { value: toInt64(b >= 64n || b < 0n ? 0n : a << b) };
    case '>>': return { value: b >= 64n || b < 0n ? (a < 0n ? -1n : 0n) : a >> b };
    case '&': return { value: a & b };
    case '|': return { value: a | b };
    case '^': return { value: a ^ b };
    case '&&': return { value: a !== 0n && b !== 0n ? 1n : 0n };
    case '||': return { value: a !== 0n || b !== 0n ? 1n : 0n };
    default: return compare(operator, a, b);
  }
}

const COMPARISONS: ReadonlySet<BinaryOperator> = new Set(['==', '!=', '<>', '<', '>', '<=', '>=']);

/** A comparison, true as -1 (GNU as). */
function compare(operator: BinaryOperator, a: bigint, b: bigint): BigValue {
  let holds: boolean;
  switch (operator) {
    case '==': holds = a === b; break;
    case '!=': case '<>': holds = a !== b; break;
    case '<': holds = a < b; break;
    case '>': holds = a > b; break;
    case '<=': holds = a <= b; break;
    default: holds = a >= b; break;
  }
  return { value: holds ? -1n : 0n };
}

function evaluateRelocation(expression: Extract<Expression, { kind: 'relocation' }>, context: EvaluationContext): number {
  const argument = evaluateBig(expression.argument, context);
  const absolute = (): number => {
    requireAbsolute(argument);
    return Number(BigInt.asUintN(32, argument.value));
  };
  switch (expression.operator) {
    case 'hi':
      return highPart(absolute());
    case 'lo':
      return lowPart(absolute());
    case 'pcrel_hi': {
      const location = context.location;
      if (argument.section !== location.section) throw new UnresolvedValue('%pcrel_hi');
      return highPart(Number(BigInt.asUintN(32, argument.value - BigInt(location.value))));
    }
    case 'pcrel_lo':
      if (!context.final) throw new UnresolvedValue('%pcrel_lo');
      return context.pcrelLow(absolute(), expression.column);
  }
}

/** Whether an expression mentions a relocation operator (%hi ...) anywhere. */
export function containsRelocation(expression: Expression): boolean {
  switch (expression.kind) {
    case 'relocation': return true;
    case 'unary': return containsRelocation(expression.operand);
    case 'binary': return containsRelocation(expression.left) || containsRelocation(expression.right);
    default: return false;
  }
}
