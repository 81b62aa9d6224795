// Compile-time evaluation of constant expressions (consts, array lengths, global initializers)
// with exactly the RV32IM semantics the machine has at run time: 32-bit wrapping, truncating
// division, `x / 0 = -1`, `x % 0 = x`, `INT_MIN / -1 = INT_MIN`, shift amounts taken mod 32.

import type { BinaryOperator, UnaryOperator } from './ast';

export type ConstantValue = number | boolean;

const INT_MIN = -0x8000_0000;

export function divide(dividend: number, divisor: number): number {
  if (divisor === 0) return -1;
  if (dividend === INT_MIN && divisor === -1) return INT_MIN;
  return Math.trunc(dividend / divisor) | 0;
}

export function remainder(dividend: number, divisor: number): number {
  if (divisor === 0) return dividend;
  if (dividend === INT_MIN && divisor === -1) return 0;
  return dividend % divisor | 0;
}

/** An operator applied to two folded operands; undefined when the operand types do not fit it. */
export function foldBinary(operator: BinaryOperator, left: ConstantValue, right: ConstantValue): ConstantValue | undefined {
  if (typeof left === 'boolean' || typeof right === 'boolean') {
    if (typeof left !== 'boolean' || typeof right !== 'boolean') return undefined;
    switch (operator) {
      case '&&': return left && right;
      case '||': return left || right;
      case '==': return left === right;
      case '!=': return left !== right;
      case '&': return left && right;
      case '|': return left || right;
      case '^': return left !== right;
      default: return undefined;
    }
  }
  switch (operator) {
    case '+': return (left + right) | 0;
    case '-': return (left - right) | 0;
    case '*': return Math.imul(left, right);
    case '/': return divide(left, right);
    case '%': return remainder(left, right);
    case '<<': return left << (right & 31);
    case '>>': return left >> (right & 31);
    case '&': return left & right;
    case '|': return left | right;
    case '^': return left ^ right;
    case '==': return left === right;
    case '!=': return left !== right;
    case '<': return left < right;
    case '<=': return left <= right;
    case '>': return left > right;
    case '>=': return left >= right;
    default: return undefined;
  }
}

export function foldUnary(operator: UnaryOperator, operand: ConstantValue): ConstantValue | undefined {
  if (operator === '!') return typeof operand === 'boolean' ? !operand : undefined;
  if (typeof operand !== 'number') return undefined;
  if (operator === '-') return -operand | 0;
  if (operator === '~') return ~operand;
  return undefined;
}
