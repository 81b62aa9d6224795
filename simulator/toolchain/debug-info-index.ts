// The lookups a debugger makes in a program's DebugInfo, precomputed once per program: address ->
// line, line -> statement, statement starts of each function, function by address or name, live
// variables, globals by name or address. Programs without debug information (`.s`, ELF) get an
// empty DebugInfo plus the image's code labels.

import { hex } from '../machine/faults';
import type { DebugInfo, FunctionInfo, GlobalInfo, LineTableEntry, VariableInfo } from './debug-info';
import type { Type } from './language/analysis';

/** Bytes a value of `type` takes in memory (arrays: their elements back to back, one word each). */
export function byteSizeOf(type: Type): number {
  return type.kind === 'array' ? type.length * byteSizeOf(type.element) : 4;
}

export class DebugInfoIndex {
  /** First instructions of statements in user functions and entries: where source steps stop. */
  readonly statementStarts: ReadonlySet<number>;
  /** Statement starts sorted by line, then address: the first at or after a line takes its breakpoint. */
  private readonly statementsByLine: LineTableEntry[];
  private readonly statementsOfFunction = new Map<FunctionInfo, Set<number>>();
  /** Address of each user function's first statement (its prologue ends there). */
  private readonly bodyStarts = new Map<FunctionInfo, number>();
  /** Code labels sorted by address (programs without debug information name their frames by them). */
  private readonly labels: { name: string; address: number }[];
  /** Globals that live in plain data pages (capability storage is read with cap.ld, not as bytes). */
  private readonly dataGlobals: GlobalInfo[];

  constructor(
    readonly debugInfo: DebugInfo,
    labels: ReadonlyMap<string, number> = new Map(),
  ) {
    const statements: LineTableEntry[] = [];
    for (const entry of debugInfo.lineTable) {
      if (!entry.isStatement) continue;
      const owner = debugInfo.functionAt(entry.address);
      if (!owner || owner.generated) continue;
      statements.push(entry);
      if (!this.bodyStarts.has(owner)) this.bodyStarts.set(owner, entry.address);
      let own = this.statementsOfFunction.get(owner);
      if (!own) this.statementsOfFunction.set(owner, (own = new Set()));
      own.add(entry.address);
    }
    this.statementsByLine = statements.sort((a, b) => a.line - b.line || a.address - b.address);
    this.statementStarts = new Set(statements.map((entry) => entry.address));
    this.labels = [...labels].map(([name, address]) => ({ name, address })).sort((a, b) => a.address - b.address);
    this.dataGlobals = debugInfo.globals.filter((global) => global.storage === 'data');
  }

  /** The path of the program's source, as the compiler was given it. */
  get fileName(): string {
    return this.debugInfo.fileName;
  }

  get functions(): readonly FunctionInfo[] {
    return this.debugInfo.functions;
  }

  /** False for programs debugged by instruction only (assembly, ELF). */
  hasSourceLines(): boolean {
    return this.statementStarts.size > 0;
  }

  functionAt(address: number): FunctionInfo | undefined {
    return this.debugInfo.functionAt(address);
  }

  /** True inside a user function or entry (not start-up code, runtime routines or spawn wrappers). */
  isUserCode(address: number): boolean {
    const fn = this.debugInfo.functionAt(address);
    return fn !== undefined && !fn.generated;
  }

  /** Source position of the code at `address` (user code only). */
  lineAt(address: number): { line: number; column: number } | undefined {
    return this.debugInfo.lineForAddress(address);
  }

  /** The statement starts of one function (a step over only needs to stop there). */
  statementStartsOf(fn: FunctionInfo): ReadonlySet<number> {
    return this.statementsOfFunction.get(fn) ?? new Set();
  }

  /** First statement of a function (past its prologue); its start when it has none. */
  bodyStartOf(fn: FunctionInfo): number {
    return this.bodyStarts.get(fn) ?? fn.start;
  }

  /** Where a breakpoint on `line` goes: the first statement on that line, or on the nearest line after it. */
  statementAtOrAfter(line: number): { address: number; line: number } | undefined {
    const statement = this.statementsByLine.find((candidate) => candidate.line >= line);
    return statement && { address: statement.address, line: statement.line };
  }

  /** A user function or entry by `Process.fn`, `Process.Domain.fn` or `Process.entry`. */
  userFunctionNamed(qualifiedName: string): FunctionInfo | undefined {
    return this.debugInfo.functions.find((fn) => !fn.generated && fn.qualifiedName === qualifiedName);
  }

  /** Parameters and locals of `fn` holding a value at `pc`; of two with one name, the innermost (latest declared). */
  variablesLiveAt(fn: FunctionInfo, pc: number): VariableInfo[] {
    const byName = new Map<string, VariableInfo>();
    for (const variable of fn.variables) if (pc >= variable.liveStart && pc < variable.liveEnd) byName.set(variable.name, variable);
    return [...byName.values()];
  }

  /** A data global by plain name as seen from a process/domain, or by `Process.name` / `Process.Domain.name`. */
  globalNamed(name: string, from?: { process: string; domain: string }): GlobalInfo | undefined {
    const qualified = this.dataGlobals.find((global) => global.qualifiedName === name);
    if (qualified) return qualified;
    if (!from) return this.dataGlobals.find((global) => global.name === name);
    return (
      this.dataGlobals.find((global) => global.name === name && global.process === from.process && global.domain === from.domain)
      ?? this.dataGlobals.find((global) => global.name === name && global.process === from.process && global.domain === from.process)
    );
  }

  /** The data globals of a process (its further domains' included). */
  globalsOf(process: string): GlobalInfo[] {
    return this.dataGlobals.filter((global) => global.process === process);
  }

  /** `Store.table[3]` for an address inside a data global, else the hex address. */
  describeAddress(address: number): string {
    const global = this.dataGlobals.find((candidate) => address >= candidate.address && address < candidate.address + byteSizeOf(candidate.type));
    if (!global) return hex(address);
    if (global.type.kind !== 'array') return global.qualifiedName;
    return `${global.qualifiedName}[${Math.floor((address - global.address) / 4)}]`;
  }

  /** `label+0x10` for the nearest code label at or before `address`, when the image has labels. */
  labelOf(address: number): string | undefined {
    let low = 0;
    let high = this.labels.length - 1;
    let found: { name: string; address: number } | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.labels[middle].address <= address) {
        found = this.labels[middle];
        low = middle + 1;
      } else high = middle - 1;
    }
    if (!found) return undefined;
    const offset = address - found.address;
    return offset === 0 ? found.name : `${found.name}+0x${offset.toString(16)}`;
  }
}
