// The one table of diagnostic codes (language.md §5). The checker, the CLI's `check`, the language
// server (severity, `codeDescription` links to docs/diagnostics.md#e101) and docs/diagnostics.md
// itself all come from this table, so a code never means two things.

import type { Severity } from './analysis';

export interface DiagnosticCodeInfo {
  severity: Severity;
  /** One line, as in language.md §5. */
  title: string;
  /** What triggers it and what to write instead (rendered into docs/diagnostics.md). */
  description: string;
  /** A small program that reports it (the tests check that it does). */
  example: string;
  /** `compiler`: found when compiling an analysis without errors (compiler.ts `buildDiagnostics`), not by `analyze`. */
  foundBy?: 'compiler';
}

export const DIAGNOSTIC_CODES = {
  E001: {
    severity: 'error',
    title: 'syntax error (the parser recovers and keeps going)',
    description:
      'The text does not follow the grammar of language.md §3: a missing `;`, an unclosed `{`, a stray token, a malformed ' +
      'number or string, `break`/`continue` outside a loop, a `let` without a type or an initializer. The parser reports ' +
      'one E001 per mistake and resynchronises at the next statement or declaration, so the rest of the file is still checked.',
    example:
      'process A {\n    fn main() {\n        let a = 1\n        print(a);\n    }\n}',
  },
  E002: {
    severity: 'error',
    title: 'unknown name',
    description:
      'A name that no declaration in scope defines: locals and parameters, then the enclosing domain, then the process, ' +
      'then top-level `const`s. A qualifier `Q.x` must name a process or a domain of the current process. The message ' +
      'suggests the nearest visible name.',
    example:
      'process A {\n    fn main() { print(count); }\n}',
  },
  E003: {
    severity: 'error',
    title: 'type mismatch',
    description:
      'An operand, argument, initializer, condition or returned value has a type the context does not accept (for example ' +
      '`if 1 { }`, `let b: bool = 3;`, an array length that is not a positive constant, a string outside `print`, ' +
      'assigning to a `const`). Types never convert implicitly, except that an `acap` may be used where a `cap` is expected.',
    example:
      'process A {\n    fn main() { let ok: bool = 3; }\n}',
  },
  E004: {
    severity: 'error',
    title: 'wrong number of arguments',
    description:
      'A call to a function of the same process (or domain) or to a built-in passes more or fewer arguments than it takes. ' +
      'Calls to entries report E104 instead. `fn main()` takes no parameters.',
    example:
      'process A {\n    fn twice(x: int) -> int { return 2 * x; }\n    fn main() { print(twice(1, 2)); }\n}',
  },
  E005: {
    severity: 'error',
    title: 'duplicate definition',
    description:
      'Two declarations with the same name in one scope (two processes, two members of a process or domain, two parameters, ' +
      'two locals of one block), or a declaration that reuses the name of a built-in. The related location points at the ' +
      'first definition. Inner blocks may shadow outer names.',
    example:
      'process A {\n    var x: int;\n    var x: bool;\n}',
  },
  E101: {
    severity: 'error',
    title: 'call to a function of another process (or domain) that is not an `entry`',
    description:
      'Only entries can be called from outside their process or domain: a `fn` is private. Make the function an `entry` ' +
      '(quick fix: replace `fn` with `entry`) and, for another process, `import` it.',
    example:
      'process Store {\n    fn helper() -> int { return 1; }\n}\nprocess Client {\n    fn main() { print(Store.helper()); }\n}',
  },
  E102: {
    severity: 'error',
    title: 'call to another process\'s entry that this process does not `import`',
    description:
      'A call `P.e(...)` goes through a trusted proxy that the process requests at start-up for each `import`. Add ' +
      '`import P.e;` to the calling process (quick fix).',
    example:
      'process Store {\n    entry get() -> int { return 1; }\n}\nprocess Client {\n    fn main() { print(Store.get() else 0); }\n}',
  },
  E103: {
    severity: 'error',
    title: '`import` of an unknown process or entry',
    description:
      'The imported process does not exist, or has no entry of that name (a `fn` cannot be imported). The message suggests ' +
      'the nearest existing name.',
    example:
      'process Store {\n    entry get() -> int { return 1; }\n}\nprocess Client {\n    import Store.missing;\n}',
  },
  E104: {
    severity: 'error',
    title: 'arguments do not match the entry\'s parameters',
    description:
      'A call to an entry (of another process or of a domain) passes the wrong number of arguments or an argument of the ' +
      'wrong type. The related location points at the entry\'s declaration. A pointer passed where the entry expects ' +
      'another type is E107.',
    example:
      'process Store {\n    entry get(k: int) -> int { return k; }\n}\nprocess Client {\n    import Store.get;\n    fn main() { print(Store.get(1, 2) else 0); }\n}',
  },
  E105: {
    severity: 'error',
    title: 'unknown isolation property (suggest the nearest valid name)',
    description:
      'An `isolate(...)` list names something other than the six properties of os.md §3.1 (`reg_integrity`, ' +
      '`reg_confidentiality`, `stack_integrity`, `stack_confidentiality`, `dcs_integrity`, `dcs_confidentiality`). ' +
      'The quick fix replaces it with the nearest valid name.',
    example:
      'process Client {\n    entry e() isolate(reg_confidentialty) { }\n}',
  },
  E106: {
    severity: 'error',
    title: 'entry parameter or result of a type that cannot cross a process boundary (`ptr`, arrays)',
    description:
      'Another process cannot use a raw address or a copy of an array: its memory is out of reach. Take a `cap` (or ' +
      '`acap`) parameter instead and let the caller pass `cap(x, read)`. Entries of a process\'s inner domains stay inside ' +
      'the process and may take pointers.',
    example:
      'process Server {\n    entry take(p: ptr) -> int { return p[0]; }\n}',
  },
  E107: {
    severity: 'error',
    title: 'raw pointer passed to another process\'s entry (pass a capability)',
    description:
      'A `ptr` (or an array, which would be passed as its address) given to another process\'s entry: the callee could not ' +
      'dereference it. Pass a capability over the data instead; the quick fix rewrites `&x` as `cap(x, read)`.',
    example:
      'process Summer {\n    entry sum(data: cap) -> int { return data[0]; }\n}\nprocess App {\n    import Summer.sum;\n    fn main() {\n        let local: [int; 2];\n        print(Summer.sum(&local) else 0);\n    }\n}',
  },
  E108: {
    severity: 'error',
    title: 'entry with more arguments than registers (8 integer, 8 capability)',
    description:
      'Entry arguments travel in registers only (a0-a7 for `int`/`bool`/`ptr`, capability registers for `cap`/`acap`); no ' +
      'stack is shared across the boundary. Of the 8 capability registers, cr7 always carries the stack capability the ' +
      'proxy or domain call hands over, so an entry takes at most 7 capability arguments. Pass fewer arguments, or pass a ' +
      'capability over an array holding them.',
    example:
      'process Server {\n    entry many(a: int, b: int, c: int, d: int, e: int, f: int, g: int, h: int, i: int) { }\n}',
  },
  E109: {
    severity: 'error',
    title: 'duplicate import, or an isolation property listed twice',
    description:
      'The same entry imported twice by one process (the related location points at the first import; the quick fix ' +
      'removes the duplicate line), or one `isolate(...)` list naming a property twice.',
    example:
      'process Store {\n    entry get() -> int { return 1; }\n}\nprocess Client {\n    import Store.get;\n    import Store.get;\n    fn main() { print(Store.get() else 0); }\n}',
  },
  E110: {
    severity: 'error',
    title: 'a process imports its own entry',
    description: 'A process calls its own functions and entries directly, without a proxy: remove the `import` and call `e(...)`.',
    example:
      'process Client {\n    entry run() { }\n    import Client.run;\n}',
  },
  E111: {
    severity: 'error',
    title: '`else` on a call that cannot fail, or an `else` value of the wrong type',
    description:
      '`else` handles the failure of a call to another process. Calls within a process, calls to a domain of the same ' +
      'process (a fault there is a fault of the process) and built-ins cannot fail that way, so they take no `else`. ' +
      'The `else` value must have the call\'s result type; on a call to an entry without a result it may have any type ' +
      '(it is evaluated only if the call fails, and discarded: `Log.put(x) else Backup.put(x);`).',
    example:
      'process App {\n    domain Lib {\n        entry f() -> int { return 1; }\n    }\n    fn main() { print(Lib.f() else 0); }\n}',
  },
  E112: {
    severity: 'error',
    title: '`main` declared as an entry, or an entry and a function with the same name',
    description:
      '`main` is where a process\'s thread starts; it must be `fn main()`, never an entry. An `entry` and a `fn` of one ' +
      'process (or domain) cannot share a name.',
    example:
      'process Server {\n    entry main() { }\n}',
  },
  E113: {
    severity: 'error',
    title:
      'a synchronous `cap` where it would outlive its call: a `var` of type `cap`, a `cap` stored in a `var`, or a `cap` passed where an `acap` is required',
    description:
      'A synchronous capability becomes invalid when the call it was passed down returns, so it may live only in ' +
      'parameters and locals. Use `acap(x, perm)` (valid until `revoke`) for a capability that must be kept, and declare ' +
      'the `var` or parameter as `acap`. An entry cannot return a `cap` either.',
    example:
      'process Server {\n    var keep: cap;\n}',
  },
  E114: {
    severity: 'error',
    title: 'the program cannot be compiled as written: a limit of the machine or of the code generator',
    description:
      'Found when the program is compiled (`dipc check` and the language server compile a program that has no other ' +
      'error, so they report it too): more capability variables in one function than capability registers (`cr0`-`cr6`; ' +
      '`cr7` carries the stack capability), a call whose capability arguments do not fit below them, a function returning ' +
      'a capability, a stack frame larger than a thread\'s stack, globals larger than their data section, more than 5 ' +
      '`spawn` arguments, more processes or domains than the kernel holds, `revoke` of a capability this process did not ' +
      'create. Not in language.md §5\'s table: it is this implementation\'s code for what its compiler refuses. ' +
      'docs/codegen.md lists every limit and why.',
    example:
      'process A {\n    fn main() {\n        let big: [int; 100000];\n        big[0] = 1;\n        print(big[0]);\n    }\n}',
    foundBy: 'compiler',
  },
  W201: {
    severity: 'warning',
    title: 'entry that no process imports',
    description: 'No process of the program imports this entry, so nothing can call it through a proxy. Import it, or make it a `fn`.',
    example:
      'process Server {\n    entry lonely() { }\n}',
  },
  W202: {
    severity: 'warning',
    title: 'import that is never called',
    description:
      'The process requests a proxy for this entry at start-up but never calls it: remove the `import` (each one costs an ' +
      '`entry_request` and a proxy).',
    example:
      'process Store {\n    entry get() -> int { return 1; }\n}\nprocess Client {\n    import Store.get;\n    fn main() { }\n}',
  },
  W203: {
    severity: 'hint',
    title: 'call to another process without `else` (a failure will fault this thread)',
    description:
      'If the callee faults or has died, the calling thread faults with kind `remote-fault`. Add `else value` to carry on ' +
      'with a fallback value instead (for an entry without a result, any value: `Log.put(x) else 0;`).',
    example:
      'process Store {\n    entry get() -> int { return 1; }\n}\nprocess Client {\n    import Store.get;\n    fn main() { print(Store.get()); }\n}',
  },
  W204: {
    severity: 'hint',
    title: 'isolation property requested by both caller and callee (redundant)',
    description:
      'The proxy implements the union of both policies, so a property listed on both the `import` and the `entry` is paid ' +
      'for once; listing it on one side is enough.',
    example:
      'process Store {\n    entry get() -> int isolate(reg_integrity) { return 1; }\n}\nprocess Client {\n    import Store.get isolate(reg_integrity);\n    fn main() { print(Store.get() else 0); }\n}',
  },
  W205: {
    severity: 'warning',
    title: 'access to another domain\'s data that no `grant` allows (it will fault at run time)',
    description:
      'Code of one domain reads or writes a variable of another domain of the same process (directly, through ' +
      '`peek(&x)` / `poke(&x, v)`, or by making a capability over it) and no `grant A read|write B;` gives it that ' +
      'permission. It compiles, and faults with `load-denied` / `store-denied` when it runs. Calls are checked the same ' +
      'way: a domain other than the main one needs `grant A call B;` to call an entry of domain B (`fetch-denied` ' +
      'otherwise), and it cannot call the process\'s imports at all (only the main domain may use their proxies).',
    example:
      'process Browser {\n    var cookies: int = 4242;\n    domain Plugin {\n        entry snoop() -> int { return peek(&Browser.cookies); }\n    }\n    fn main() { print(Plugin.snoop()); }\n}',
  },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
