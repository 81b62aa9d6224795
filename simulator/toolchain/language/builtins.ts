// The built-in functions (language.md §4): one table for the checker (arity, result), completion,
// hover and signature help. Argument rules that a plain type list cannot say (print's any number
// of printable values, `len` of an array or capability, cap/acap's source and permission) live in
// the checker next to the other call rules.

import type { Type } from './analysis';
import { ACAP, CAP, INT, VOID } from './types';

export interface BuiltinInfo {
  name: string;
  /** As shown in completion and hover. */
  signature: string;
  doc: string;
  minimumArguments: number;
  maximumArguments: number;
  result: Type;
}

export const BUILTINS: readonly BuiltinInfo[] = [
  {
    name: 'print', signature: 'print(values...)', minimumArguments: 0, maximumArguments: Infinity, result: VOID,
    doc: 'Prints its arguments (ints, bools, strings, pointers) separated by spaces, then a newline, on the process\'s output.',
  },
  {
    name: 'assert', signature: 'assert(condition: bool)', minimumArguments: 1, maximumArguments: 1, result: VOID,
    doc: 'Faults the thread with kind `assert` when the condition is false.',
  },
  {
    name: 'exit', signature: 'exit(code: int)', minimumArguments: 1, maximumArguments: 1, result: VOID,
    doc: 'Ends the current process with the given status (inside a callee: the callee).',
  },
  {
    name: 'cycles', signature: 'cycles() -> int', minimumArguments: 0, maximumArguments: 0, result: INT,
    doc: 'The machine\'s cycle counter (`rdcycle`), low 32 bits.',
  },
  {
    name: 'self', signature: 'self() -> int', minimumArguments: 0, maximumArguments: 0, result: INT,
    doc: 'The id of the current process (reads `dipc.proc`): inside a cross-process call, the callee.',
  },
  {
    name: 'yield', signature: 'yield()', minimumArguments: 0, maximumArguments: 0, result: VOID,
    doc: 'Lets another thread run.',
  },
  {
    name: 'len', signature: 'len(a: array | cap | acap) -> int', minimumArguments: 1, maximumArguments: 1, result: INT,
    doc: 'The number of elements of an array, or of words a capability covers.',
  },
  {
    name: 'peek', signature: 'peek(address: ptr) -> int', minimumArguments: 1, maximumArguments: 1, result: INT,
    doc: 'Loads the word at a raw address; checked by the hardware like any load (may fault `load-denied`).',
  },
  {
    name: 'poke', signature: 'poke(address: ptr, value: int)', minimumArguments: 2, maximumArguments: 2, result: VOID,
    doc: 'Stores a word at a raw address; checked by the hardware like any store (may fault `store-denied`, `cap-storage`).',
  },
  {
    name: 'jump', signature: 'jump(address: ptr) -> int', minimumArguments: 1, maximumArguments: 1, result: INT,
    doc: 'Calls the raw address with `jalr ra` and yields `a0`; e.g. `jump(&Store.get)` tries to bypass the proxy.',
  },
  {
    name: 'cap', signature: 'cap(x: array | x[a..b], read | write) -> cap', minimumArguments: 2, maximumArguments: 2, result: CAP,
    doc: 'A synchronous capability over an array or a slice of it, valid until the call it is passed down returns.',
  },
  {
    name: 'acap', signature: 'acap(x: array | x[a..b], read | write) -> acap', minimumArguments: 2, maximumArguments: 2, result: ACAP,
    doc: 'An asynchronous capability over an array or a slice of it, valid until `revoke`; it may be stored in a `var`.',
  },
  {
    name: 'revoke', signature: 'revoke(c: acap)', minimumArguments: 1, maximumArguments: 1, result: VOID,
    doc: 'Invalidates an asynchronous capability and every capability derived from it.',
  },
];

export const BUILTINS_BY_NAME: ReadonlyMap<string, BuiltinInfo> = new Map(BUILTINS.map((builtin) => [builtin.name, builtin]));
