// Semantic types (analysis.ts `Type`): the shared instances, how they print in messages and
// hovers, and the one assignability rule (an `acap` may go where a `cap` is expected, never the
// reverse; an already-reported `error` type is compatible with everything).

import type { Type } from './analysis';

export const INT: Type = { kind: 'int' };
export const BOOL: Type = { kind: 'bool' };
export const PTR: Type = { kind: 'ptr' };
export const CAP: Type = { kind: 'cap' };
export const ACAP: Type = { kind: 'acap' };
export const VOID: Type = { kind: 'void' };
export const STRING: Type = { kind: 'string' };
export const PERMISSION: Type = { kind: 'permission' };
export const ERROR: Type = { kind: 'error' };

export function typeToString(type: Type): string {
  switch (type.kind) {
    case 'array':
      return `[${typeToString(type.element)}; ${type.length}]`;
    case 'void':
      return 'no value';
    default:
      return type.kind;
  }
}

export function sameType(a: Type, b: Type): boolean {
  if (a.kind === 'error' || b.kind === 'error') return true;
  if (a.kind === 'array' && b.kind === 'array') return a.length === b.length && sameType(a.element, b.element);
  return a.kind === b.kind;
}

/** How a value of type `from` fits a place of type `to`: `capToAcap` is E113, `mismatch` is E003 (or E104). */
export function assignability(from: Type, to: Type): 'ok' | 'mismatch' | 'capToAcap' {
  if (from.kind === 'error' || to.kind === 'error') return 'ok';
  if (from.kind === 'acap' && to.kind === 'cap') return 'ok';
  if (from.kind === 'cap' && to.kind === 'acap') return 'capToAcap';
  return sameType(from, to) ? 'ok' : 'mismatch';
}

export function isCapability(type: Type): boolean {
  return type.kind === 'cap' || type.kind === 'acap';
}

/** Types that travel in an integer register (a0-a7) when passed to an entry. */
export function isIntegerLike(type: Type): boolean {
  return type.kind === 'int' || type.kind === 'bool' || type.kind === 'ptr';
}
