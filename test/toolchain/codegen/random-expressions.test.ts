// Random integer and bool expressions over variables, compiled and run, against a reference
// evaluator written here from the RV32IM rules (wrapping, truncating division, x/0 = -1,
// x%0 = x, INT_MIN/-1 = INT_MIN, shift amounts mod 32, arithmetic >>). Seeds are fixed, so a
// failure reproduces; each program prints one line per expression.
import { strict as assert } from 'node:assert';
import { mainProgram, outputLines, runSource } from './run-program';

type Value = number | boolean;

const INT_MIN = -0x8000_0000;
const INTEGER_OPERATORS = ['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^'] as const;
const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='] as const;

function integerOperation(operator: (typeof INTEGER_OPERATORS)[number], a: number, b: number): number {
  switch (operator) {
    case '+': return (a + b) | 0;
    case '-': return (a - b) | 0;
    case '*': return Math.imul(a, b);
    case '/': return b === 0 ? -1 : a === INT_MIN && b === -1 ? INT_MIN : Math.trunc(a / b) | 0;
    case '%': return b === 0 ? a : a === INT_MIN && b === -1 ? 0 : (a % b) | 0;
    case '<<': return a << (b & 31);
    case '>>': return a >> (b & 31);
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
  }
}

function comparison(operator: (typeof COMPARISONS)[number], a: number, b: number): boolean {
  switch (operator) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

/** A small deterministic generator (xorshift32). */
class Random {
  constructor(private state: number) {}
  next(): number {
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    return this.state >>> 0;
  }
  below(n: number): number {
    return this.next() % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

const INTERESTING = [0, 1, -1, 2, 7, -7, 31, 32, 33, 0x7fff_ffff, INT_MIN, 65536, -65536, 0x1234_5678];

function integerExpression(random: Random, variables: number[], depth: number): { text: string; value: number } {
  if (depth === 0 || random.below(4) === 0) {
    if (random.below(3) === 0) {
      const value = random.pick(INTERESTING.filter((v) => v !== INT_MIN));
      return { text: value < 0 ? `(${value})` : String(value), value };
    }
    const index = random.below(variables.length);
    return { text: `v${index}`, value: variables[index] };
  }
  const choice = random.below(10);
  if (choice === 0) {
    const operand = integerExpression(random, variables, depth - 1);
    return { text: `(-${operand.text})`, value: -operand.value | 0 };
  }
  if (choice === 1) {
    const operand = integerExpression(random, variables, depth - 1);
    return { text: `(~${operand.text})`, value: ~operand.value };
  }
  if (choice === 2) {
    const operand = integerExpression(random, variables, depth - 1);
    return { text: `id(${operand.text})`, value: operand.value };
  }
  const operator = random.pick(INTEGER_OPERATORS);
  const left = integerExpression(random, variables, depth - 1);
  const right = integerExpression(random, variables, depth - 1);
  return { text: `(${left.text} ${operator} ${right.text})`, value: integerOperation(operator, left.value, right.value) };
}

function boolExpression(random: Random, variables: number[], depth: number): { text: string; value: boolean } {
  const choice = random.below(4);
  if (depth === 0 || choice === 0) {
    const operator = random.pick(COMPARISONS);
    const left = integerExpression(random, variables, 2);
    const right = integerExpression(random, variables, 2);
    return { text: `(${left.text} ${operator} ${right.text})`, value: comparison(operator, left.value, right.value) };
  }
  if (choice === 1) {
    const operand = boolExpression(random, variables, depth - 1);
    return { text: `(!${operand.text})`, value: !operand.value };
  }
  const operator = choice === 2 ? '&&' : '||';
  const left = boolExpression(random, variables, depth - 1);
  const right = boolExpression(random, variables, depth - 1);
  return { text: `(${left.text} ${operator} ${right.text})`, value: operator === '&&' ? left.value && right.value : left.value || right.value };
}

describe('codegen: random expressions against a reference evaluator', () => {
  for (const seed of [0x1234567, 0x89abcdef, 0x5eed, 0xc0ffee]) {
    it(`seed 0x${seed.toString(16)}`, () => {
      const random = new Random(seed);
      const variables = Array.from({ length: 5 }, () => (random.below(2) === 0 ? random.pick(INTERESTING) : random.next() | 0));
      const lines: string[] = variables.map((value, index) => `let v${index} = ${value === INT_MIN ? '-2147483647 - 1' : value};`);
      const expected: Value[] = [];
      for (let index = 0; index < 25; index++) {
        const expression = index % 3 === 2 ? boolExpression(random, variables, 3) : integerExpression(random, variables, 4);
        lines.push(`print(${expression.text});`);
        expected.push(expression.value);
      }
      const result = runSource(mainProgram(lines.join('\n'), 'fn id(x: int) -> int { return x; }'));
      assert.equal(result.exitCode, 0, JSON.stringify(result.faults));
      const actual = outputLines(result);
      expected.forEach((value, index) => assert.equal(actual[index], String(value), lines[variables.length + index]));
    });
  }
});
