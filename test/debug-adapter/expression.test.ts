// Debugger expressions: parsed by the language's parser, evaluated against a frame's names,
// registers and memory (the environment here is a small fake frame).
import * as assert from 'node:assert/strict';
import { ExpressionError, evaluateText, formatValue, isTruthy, type EvaluationEnvironment } from '../../debug-adapter/expression';

const memory = new Map<number, number>([[0x1000, 7], [0x1004, 11], [0x1008, -3], [0x2000, 99]]);
const frame: EvaluationEnvironment = {
  lookupName: (name) =>
    name === 'key' ? { kind: 'int', value: 3 }
    : name === 'ok' ? { kind: 'bool', value: 1 }
    : name === 'table' ? { kind: 'array', address: 0x1000, length: 3, element: 'int' }
    : undefined,
  lookupQualified: (qualifier, member) => (qualifier === 'Store' && member === 'secret' ? { kind: 'int', value: 99 } : undefined),
  readRegister: (name) => (name === 'a0' ? 42 : name === 'sp' ? 0x2000 : undefined),
  readWord: (address) => memory.get(address),
};

describe('debug adapter expressions', () => {
  const cases: [string, string][] = [
    ['key', '3'],
    ['key * 2 + 1', '7'],
    ['key == 3 && ok', 'true'],
    ['!ok', 'false'],
    ['$a0 - key', '39'],
    ['table[1]', '11'],
    ['table[key - 1]', '-3'],
    ['Store.secret', '99'],
    ['&table', '0x00001000'],
    ['(&table)[2]', '-3'],
    ['*$sp', '99'],
    ['peek(0x1004)', '11'],
    ['len(table)', '3'],
    ['7 / 0', '-1'],
    ['7 % 0', '7'],
    ['0x7fffffff + 1', '-2147483648'],
  ];
  for (const [text, expected] of cases) {
    it(`evaluates ${text} to ${expected}`, () => assert.equal(formatValue(evaluateText(text, frame)), expected));
  }

  it('treats non-zero and true as a holding condition', () => {
    assert.equal(isTruthy(evaluateText('key', frame)), true);
    assert.equal(isTruthy(evaluateText('key - 3', frame)), false);
  });

  const errors: [string, RegExp][] = [
    ['missing + 1', /`missing` is not visible here/],
    ['$q9', /unknown register `\$q9`/],
    ['table[5]', /index 5 is outside/],
    ['key +', /cannot parse `key \+`/],
    ['print(1)', /does not run code/],
    ['*0x4', /no memory is mapped at 0x00000004/],
  ];
  for (const [text, message] of errors) {
    it(`reports a clear error for ${text}`, () => {
      assert.throws(() => evaluateText(text, frame), (error: unknown) => error instanceof ExpressionError && message.test(error.message));
    });
  }
});
