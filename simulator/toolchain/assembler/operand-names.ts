// Names the assembler accepts and the disassembler prints for registers, CSRs and capability
// permissions: the ABI and `xN` integer register names, `cr0`-`cr7`, the CSR names of
// instruction-set.ts (or any number 0-4095) and the `r` / `rw` permission codes; and the
// `offset(register)` shape of memory operands.

import {
  CAPABILITY_REGISTER_COUNT,
  CapabilityPermissionCode,
  Csr,
  INTEGER_REGISTER_NAMES,
} from '../../machine/instruction-set';
import type { Expression } from './expression';
import type { OperandText } from './source-statements';

const INTEGER_REGISTER_BY_NAME: ReadonlyMap<string, number> = new Map<string, number>([
  ...INTEGER_REGISTER_NAMES.map((name, index): [string, number] => [name, index]),
  ...Array.from({ length: 32 }, (_, index): [string, number] => [`x${index}`, index]),
  ['fp', 8], // the ABI's other name for s0
]);

/** The register number of an integer register name (`a0`, `x10`, `fp`), or undefined. */
export function integerRegisterNumber(name: string): number | undefined {
  return INTEGER_REGISTER_BY_NAME.get(name.toLowerCase());
}

/** The number of a capability register name (`cr0`-`cr7`), or undefined. */
export function capabilityRegisterNumber(name: string): number | undefined {
  // `cr` in either case and one digit (asked of every immediate operand, so no regular expression).
  if (name.length !== 3) return undefined;
  const c = name.charCodeAt(0) | 0x20;
  const r = name.charCodeAt(1) | 0x20;
  const index = name.charCodeAt(2) - 48;
  if (c !== 99 || r !== 114 || index < 0 || index > 9) return undefined;
  return index < CAPABILITY_REGISTER_COUNT ? index : undefined;
}

export const integerRegisterName = (index: number): string => INTEGER_REGISTER_NAMES[index];
export const capabilityRegisterName = (index: number): string => `cr${index}`;

const CSR_NAME_BY_NUMBER: ReadonlyMap<number, string> = new Map(
  Object.entries(Csr).map(([name, number]): [number, string] => [number, name]),
);

/** A CSR by name (`cycle`, `dipc.proc`); numeric CSRs are parsed as expressions by the caller. */
export function csrNumberByName(name: string): number | undefined {
  return (Csr as Record<string, number>)[name.toLowerCase()];
}

/** The CSR's name, or its number in hex as objdump prints unknown CSRs. */
export function csrName(csr: number): string {
  return CSR_NAME_BY_NUMBER.get(csr) ?? `0x${csr.toString(16)}`;
}

/** The permission code of `r` / `rw`, or undefined. */
export function permissionCode(name: string): number | undefined {
  return (CapabilityPermissionCode as Record<string, number>)[name.toLowerCase()];
}

export function permissionName(code: number): string | undefined {
  const entry = Object.entries(CapabilityPermissionCode).find(([, value]) => value === code);
  return entry?.[0];
}

/**
 * `offset(register)`, `(register)` or `%lo(sym)(register)`, where `baseNumber` says which registers
 * may be the base; undefined for any other shape. The offset is read by `expression`.
 */
export function memoryOperand(
  operand: OperandText, baseNumber: (name: string) => number | undefined, expression: (operand: OperandText) => Expression,
): { offset: Expression; base: number } | undefined {
  const text = operand.text;
  if (!text.endsWith(')')) return undefined;
  const open = text.lastIndexOf('(');
  if (open < 0) return undefined;
  const base = baseNumber(text.slice(open + 1, -1).trim());
  if (base === undefined) return undefined;
  const offsetText = text.slice(0, open).trimEnd();
  const offset: Expression = offsetText === ''
    ? { kind: 'number', value: 0n, column: operand.column }
    : expression({ text: offsetText, column: operand.column });
  return { offset, base };
}
