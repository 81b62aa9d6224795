// Debug information of a compiled `.dipc` program, for the debugger and the CLI: the address <->
// source line table, function ranges (user code and the generated start-up/runtime code, marked
// so a debugger can step over it), every variable's frame location and live range, globals,
// entries and imports. Lines and columns here are 1-based, as users see them.

import type { Type } from './language/analysis';
import type { CodeKind, VariableLocation } from './codegen/debug-records';

export type { CodeKind, VariableLocation } from './codegen/debug-records';

export interface LineTableEntry {
  address: number;
  line: number;
  column: number;
  /** The first instruction of a statement (or loop header): where line breakpoints and steps stop. */
  isStatement: boolean;
}

export interface VariableInfo {
  name: string;
  kind: 'parameter' | 'local';
  type: Type;
  /** Frame variables: s0-relative byte offset (s0 = sp at function entry); capabilities: their register. */
  location: VariableLocation;
  line: number;
  /** [liveStart, liveEnd): the addresses where the variable holds its value. */
  liveStart: number;
  liveEnd: number;
}

export interface FunctionInfo {
  kind: CodeKind;
  /** `Process.fn`, `Process.Domain.fn`; generated code: `Process.<start>`, `Process.<formatInteger>`, ... */
  qualifiedName: string;
  name: string;
  process: string;
  domain: string;
  /** [start, end) */
  start: number;
  end: number;
  /** True for code the compiler added (start-up, runtime routines, spawn wrappers). */
  generated: boolean;
  line?: number;
  endLine?: number;
  frameSize: number;
  variables: VariableInfo[];
}

export interface GlobalInfo {
  qualifiedName: string;
  name: string;
  process: string;
  domain: string;
  address: number;
  type: Type;
  /** `capabilityStorage`: an `acap` on a C page (read it with cap.ld, not as bytes). */
  storage: 'data' | 'capabilityStorage';
  line: number;
}

export interface EntryInfo {
  qualifiedName: string;
  address: number;
  isolation: string[];
  /** abi.ts encodeSignature word. */
  signature: number;
  descriptorAddress: number;
}

export interface ImportInfo {
  /** `Store.get` */
  target: string;
  localName: string;
  callerIsolation: string[];
  /** Word 3 of this 16-byte descriptor holds the proxy address once start-up has run. */
  descriptorAddress: number;
}

export interface ProcessDebugInfo {
  name: string;
  index: number;
  startAddress: number;
  entries: EntryInfo[];
  imports: ImportInfo[];
}

export class DebugInfo {
  /** Sorted by address; one entry per address. */
  readonly lineTable: LineTableEntry[];
  /** Sorted by start address. */
  readonly functions: FunctionInfo[];

  constructor(
    readonly fileName: string,
    lineTable: LineTableEntry[],
    functions: FunctionInfo[],
    readonly globals: GlobalInfo[],
    readonly processes: ProcessDebugInfo[],
  ) {
    this.lineTable = [...lineTable].sort((a, b) => a.address - b.address);
    this.functions = [...functions].sort((a, b) => a.start - b.start);
  }

  /** The function (or generated routine) whose code contains pc. */
  functionAt(pc: number): FunctionInfo | undefined {
    let low = 0;
    let high = this.functions.length - 1;
    let found: FunctionInfo | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.functions[middle].start <= pc) {
        found = this.functions[middle];
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found && pc < found.end ? found : undefined;
  }

  /** True inside start-up code, runtime routines and spawn wrappers (a debugger steps over them). */
  isGeneratedCode(pc: number): boolean {
    return this.functionAt(pc)?.generated ?? false;
  }

  /** The source position of the code at pc; undefined outside user functions. */
  lineForAddress(pc: number): { line: number; column: number; isStatement: boolean } | undefined {
    const fn = this.functionAt(pc);
    if (!fn || fn.generated) return undefined;
    const entry = this.lastEntryAtOrBefore(pc);
    if (!entry || entry.address < fn.start) return undefined;
    return { line: entry.line, column: entry.column, isStatement: entry.isStatement && entry.address === pc };
  }

  /** Addresses of the statements that start on a line (several: e.g. a loop header and its check). */
  addressesForLine(line: number): number[] {
    return this.lineTable.filter((entry) => entry.isStatement && entry.line === line).map((entry) => entry.address);
  }

  /** The line a breakpoint on `line` should move to: the first line at or after it with a statement, else the last before it. */
  nearestStatementLine(line: number): number | undefined {
    let after: number | undefined;
    let before: number | undefined;
    for (const entry of this.lineTable) {
      if (!entry.isStatement) continue;
      if (entry.line >= line && (after === undefined || entry.line < after)) after = entry.line;
      if (entry.line < line && (before === undefined || entry.line > before)) before = entry.line;
    }
    return after ?? before;
  }

  /** Variables (parameters and locals) holding a value at pc, innermost declarations last. */
  variablesAt(pc: number): VariableInfo[] {
    const fn = this.functionAt(pc);
    if (!fn) return [];
    return fn.variables.filter((variable) => pc >= variable.liveStart && pc < variable.liveEnd);
  }

  functionNamed(qualifiedName: string): FunctionInfo | undefined {
    return this.functions.find((fn) => fn.qualifiedName === qualifiedName);
  }

  globalNamed(qualifiedName: string): GlobalInfo | undefined {
    return this.globals.find((global) => global.qualifiedName === qualifiedName);
  }

  private lastEntryAtOrBefore(pc: number): LineTableEntry | undefined {
    let low = 0;
    let high = this.lineTable.length - 1;
    let found: LineTableEntry | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.lineTable[middle].address <= pc) {
        found = this.lineTable[middle];
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}

/** An empty DebugInfo, for programs that did not compile. */
export function emptyDebugInfo(fileName: string): DebugInfo {
  return new DebugInfo(fileName, [], [], [], []);
}
