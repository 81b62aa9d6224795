// Expressions typed in the debugger (conditions, log-message `{expr}`, watch, hover, the debug
// console), parsed by the language's own parser and evaluated against a stopped program. The
// front end has no expression-only entry point, so the text is wrapped in a one-statement program;
// `$a0`-style registers and a leading `*addr` (word at addr) are the debugger's two additions.

import type { BinaryExpr, Expr, ProcessDecl, FunctionDecl, LetStatement } from '../simulator/toolchain/language/ast';
import { parse } from '../simulator/toolchain/language/parser';

/** What a name stands for in the stopped program. */
export type ValueKind = 'int' | 'bool' | 'ptr' | 'cap' | 'acap';

export interface ScalarValue {
  kind: ValueKind;
  /** Signed 32-bit for int, 0/1 for bool, unsigned address for ptr. */
  value: number;
}

/** An array lives in memory; indexing reads words through the environment. */
export interface ArrayValue {
  kind: 'array';
  address: number;
  length: number;
  element: ValueKind;
}

export type EvaluatedValue = ScalarValue | ArrayValue;

/** What the evaluator needs from the debugger: names, registers and memory of one frame. */
export interface EvaluationEnvironment {
  /** A local, parameter, global of the frame's process (or domain), or constant. */
  lookupName(name: string): EvaluatedValue | undefined;
  /** `P.x` (another process's global) or `D.x` (a domain's). */
  lookupQualified(qualifier: string, member: string): EvaluatedValue | undefined;
  /** ABI register name (`a0`, `sp`, `pc`) or `x5`. */
  readRegister(name: string): number | undefined;
  /** Side-effect-free read of a little-endian word; undefined when unmapped. */
  readWord(address: number): number | undefined;
}

export class ExpressionError extends Error {}

const REGISTER_PREFIX = '__register_';
const WRAP_PREFIX = 'process __Debugger { fn __evaluate() { let __value = ';
const WRAP_SUFFIX = '; } }';

export interface ParsedExpression {
  text: string;
  expression: Expr;
  /** True for a leading `*`: the value is the word at the expression's address. */
  dereference: boolean;
}

/** Parses one expression; throws ExpressionError with the parser's message on bad syntax. */
export function parseDebuggerExpression(text: string): ParsedExpression {
  let source = text.trim();
  if (source === '') throw new ExpressionError('empty expression');
  const dereference = source.startsWith('*');
  if (dereference) source = source.slice(1);
  const rewritten = source.replace(/\$([A-Za-z][A-Za-z0-9]*)/g, (_, name: string) => REGISTER_PREFIX + name);
  const { program, diagnostics } = parse(WRAP_PREFIX + rewritten + WRAP_SUFFIX);
  const error = diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (error) throw new ExpressionError(`cannot parse \`${text.trim()}\`: ${error.message.replace(/__register_/g, '$')}`);
  const process = program.items[0] as ProcessDecl;
  const statement = (process.members[0] as FunctionDecl).body.statements[0] as LetStatement;
  if (!statement.initializer) throw new ExpressionError(`cannot parse \`${text.trim()}\``);
  return { text: text.trim(), expression: statement.initializer, dereference };
}

export function evaluateExpression(parsed: ParsedExpression, environment: EvaluationEnvironment): EvaluatedValue {
  const value = evaluate(parsed.expression, environment);
  if (!parsed.dereference) return value;
  return { kind: 'int', value: readWord(environment, scalar(value, parsed.text).value) };
}

/** Parses and evaluates; the convenience the session and breakpoints use. */
export function evaluateText(text: string, environment: EvaluationEnvironment): EvaluatedValue {
  return evaluateExpression(parseDebuggerExpression(text), environment);
}

/** A condition holds when it evaluates to a non-zero int or `true`. */
export function isTruthy(value: EvaluatedValue): boolean {
  return value.kind === 'array' ? true : value.value !== 0;
}

export function formatValue(value: EvaluatedValue): string {
  switch (value.kind) {
    case 'bool':
      return value.value !== 0 ? 'true' : 'false';
    case 'ptr':
      return hexWord(value.value);
    case 'cap':
    case 'acap':
      return `${value.kind} ${hexWord(value.value)}`;
    case 'array':
      return `[${value.element}; ${value.length}] @ ${hexWord(value.address)}`;
    default:
      return String(value.value | 0);
  }
}

export function hexWord(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}

function evaluate(expression: Expr, environment: EvaluationEnvironment): EvaluatedValue {
  switch (expression.kind) {
    case 'Integer':
      return { kind: 'int', value: expression.value | 0 };
    case 'Bool':
      return { kind: 'bool', value: expression.value ? 1 : 0 };
    case 'Name': {
      const name = expression.name.name;
      if (name.startsWith(REGISTER_PREFIX)) {
        const register = name.slice(REGISTER_PREFIX.length);
        const value = environment.readRegister(register);
        if (value === undefined) throw new ExpressionError(`unknown register \`$${register}\``);
        return { kind: 'int', value: value | 0 };
      }
      const value = environment.lookupName(name);
      if (value === undefined) throw new ExpressionError(`\`${name}\` is not visible here`);
      return value;
    }
    case 'QualifiedName': {
      const value = environment.lookupQualified(expression.qualifier.name, expression.member.name);
      if (value === undefined) throw new ExpressionError(`\`${expression.qualifier.name}.${expression.member.name}\` is not a global the debugger knows`);
      return value;
    }
    case 'Unary':
      return evaluateUnary(expression.operator, expression.operand, environment);
    case 'Binary':
      return evaluateBinary(expression, environment);
    case 'Index': {
      const target = evaluate(expression.target, environment);
      const index = scalar(evaluate(expression.index, environment), 'index').value | 0;
      if (target.kind === 'array') {
        if (index < 0 || index >= target.length) throw new ExpressionError(`index ${index} is outside the array's ${target.length} elements`);
        return { kind: target.element, value: readWord(environment, target.address + 4 * index) };
      }
      if (target.kind === 'ptr') return { kind: 'int', value: readWord(environment, target.value + 4 * index) };
      throw new ExpressionError('only arrays and pointers can be indexed');
    }
    case 'Call':
      return evaluateCall(expression.callee.kind === 'Name' ? expression.callee.name.name : '', expression.args, environment);
    default:
      throw new ExpressionError('the debugger evaluates names, registers, arithmetic, indexing, `&x`, `peek(p)` and `len(a)` only');
  }
}

function evaluateUnary(operator: string, operand: Expr, environment: EvaluationEnvironment): EvaluatedValue {
  const value = evaluate(operand, environment);
  if (operator === '&') {
    if (value.kind === 'array') return { kind: 'ptr', value: value.address };
    throw new ExpressionError('`&` takes an array or global array here (the address of a scalar local is not kept)');
  }
  const number = scalar(value, operator).value;
  if (operator === '-') return { kind: 'int', value: -number | 0 };
  if (operator === '~') return { kind: 'int', value: ~number };
  return { kind: 'bool', value: number === 0 ? 1 : 0 };
}

function evaluateBinary(expression: BinaryExpr, environment: EvaluationEnvironment): EvaluatedValue {
  const left = scalar(evaluate(expression.left, environment), expression.operator);
  if (expression.operator === '&&' && left.value === 0) return { kind: 'bool', value: 0 };
  if (expression.operator === '||' && left.value !== 0) return { kind: 'bool', value: 1 };
  const right = scalar(evaluate(expression.right, environment), expression.operator);
  const a = left.value | 0;
  const b = right.value | 0;
  const bool = (condition: boolean): ScalarValue => ({ kind: 'bool', value: condition ? 1 : 0 });
  // Pointer arithmetic stays a pointer (`p + n` adds bytes), as in the language.
  const resultKind: ValueKind = left.kind === 'ptr' && (expression.operator === '+' || expression.operator === '-') ? 'ptr' : 'int';
  const number = (value: number): ScalarValue => ({ kind: resultKind, value: resultKind === 'ptr' ? value >>> 0 : value | 0 });
  switch (expression.operator) {
    case '&&': case '||': return bool(b !== 0);
    case '|': return number(a | b);
    case '^': return number(a ^ b);
    case '&': return number(a & b);
    case '==': return bool(a === b);
    case '!=': return bool(a !== b);
    case '<': return bool(a < b);
    case '<=': return bool(a <= b);
    case '>': return bool(a > b);
    case '>=': return bool(a >= b);
    case '<<': return number(a << (b & 31));
    case '>>': return number(a >> (b & 31));
    case '+': return number(a + b);
    case '-': return number(a - b);
    case '*': return number(Math.imul(a, b));
    // RISC-V: no trap on division by zero (quotient -1, remainder = dividend), overflow wraps.
    case '/': return number(b === 0 ? -1 : a === -0x8000_0000 && b === -1 ? a : Math.trunc(a / b));
    case '%': return number(b === 0 ? a : a === -0x8000_0000 && b === -1 ? 0 : a % b);
  }
}

function evaluateCall(name: string, args: Expr[], environment: EvaluationEnvironment): EvaluatedValue {
  if (name === 'peek' && args.length === 1) {
    return { kind: 'int', value: readWord(environment, scalar(evaluate(args[0], environment), 'peek').value) };
  }
  if (name === 'len' && args.length === 1) {
    const target = evaluate(args[0], environment);
    if (target.kind !== 'array') throw new ExpressionError('`len` takes an array');
    return { kind: 'int', value: target.length };
  }
  throw new ExpressionError('the debugger does not run code: of the calls, only `peek(p)` and `len(a)` are evaluated');
}

function scalar(value: EvaluatedValue, context: string): ScalarValue {
  if (value.kind === 'array') throw new ExpressionError(`an array cannot be used with \`${context}\` (index it or take \`&\`)`);
  return value;
}

function readWord(environment: EvaluationEnvironment, address: number): number {
  const word = environment.readWord(address >>> 0);
  if (word === undefined) throw new ExpressionError(`no memory is mapped at ${hexWord(address)}`);
  return word | 0;
}
