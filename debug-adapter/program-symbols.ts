// The debugger's view of the compiler's debug information: addresses <-> source lines, functions
// by address and by qualified name, variables and globals with their types. Lookups the runtime
// does per instruction (is this a statement start?) are O(1); the rest are binary searches.

import type { Type } from '../simulator/toolchain/language/analysis';

export type VariableLocation = { kind: 'frame'; offset: number } | { kind: 'capabilityRegister'; register: string };

export interface VariableSymbol {
  name: string;
  kind: 'parameter' | 'local';
  type: Type;
  location: VariableLocation;
  /** The variable holds its value for pc in [liveStart, liveEnd). */
  liveStart: number;
  liveEnd: number;
}

export interface FunctionSymbol {
  kind: 'function' | 'entry' | 'startup' | 'runtime' | 'spawnWrapper';
  /** `Client.main`, `Browser.Plugin.render` */
  qualifiedName: string;
  name: string;
  process: string;
  /** `Client` for a process's main domain, `Plugin` for a further one. */
  domain: string;
  start: number;
  end: number;
  frameSize: number;
  variables: VariableSymbol[];
}

export interface LineSymbol {
  address: number;
  /** 1-based */
  line: number;
  column: number;
  isStatement: boolean;
}

export interface GlobalSymbol {
  qualifiedName: string;
  name: string;
  process: string;
  domain: string;
  address: number;
  type: Type;
  /** Bytes (arrays: length x 4). */
  size: number;
}

export interface ProgramSymbolsInput {
  sourcePath: string;
  functions: FunctionSymbol[];
  lines: LineSymbol[];
  globals: GlobalSymbol[];
  /** Code labels of programs without debug information (`_start`), to name their frames. */
  labels?: ReadonlyMap<string, number>;
}

export function sizeOfType(type: Type): number {
  return type.kind === 'array' ? type.length * sizeOfType(type.element) : 4;
}

export class ProgramSymbols {
  readonly sourcePath: string;
  readonly statementStarts: ReadonlySet<number>;
  readonly functions: readonly FunctionSymbol[];
  readonly globals: readonly GlobalSymbol[];
  /** Labels sorted by address (plain programs). */
  private readonly labels: { name: string; address: number }[];
  /** Sorted by address. */
  private readonly lines: LineSymbol[];
  /** Statement starts sorted by line then address: the first one on or after a line is where its breakpoint goes. */
  private readonly statementsByLine: LineSymbol[];
  private readonly functionsByAddress: FunctionSymbol[];
  /** Address of each function's first statement (past its prologue). */
  private readonly bodyStarts = new Map<FunctionSymbol, number>();
  private readonly statementsOfFunction = new Map<FunctionSymbol, Set<number>>();

  constructor(input: ProgramSymbolsInput) {
    this.sourcePath = input.sourcePath;
    this.functions = input.functions;
    this.globals = input.globals;
    this.lines = [...input.lines].sort((a, b) => a.address - b.address);
    this.functionsByAddress = [...input.functions].sort((a, b) => a.start - b.start);
    this.labels = [...(input.labels ?? new Map<string, number>())].map(([name, address]) => ({ name, address })).sort((a, b) => a.address - b.address);
    this.statementsByLine = this.lines
      .filter((line) => line.isStatement && this.isUserCode(line.address))
      .sort((a, b) => a.line - b.line || a.address - b.address);
    this.statementStarts = new Set(this.statementsByLine.map((line) => line.address));
    for (const line of this.lines) {
      if (!line.isStatement) continue;
      const owner = this.functionAt(line.address);
      if (!owner) continue;
      if (!this.bodyStarts.has(owner)) this.bodyStarts.set(owner, line.address);
      const statements = this.statementsOfFunction.get(owner) ?? new Set<number>();
      statements.add(line.address);
      this.statementsOfFunction.set(owner, statements);
    }
  }

  /** The statement starts of one function (step over only needs to stop there). */
  statementStartsOf(fn: FunctionSymbol): ReadonlySet<number> {
    return this.statementsOfFunction.get(fn) ?? new Set();
  }

  /** First statement of a function (its prologue ends there); its start when it has none. */
  bodyStartOf(fn: FunctionSymbol): number {
    return this.bodyStarts.get(fn) ?? fn.start;
  }

  isProgramSource(path: string): boolean {
    return normalize(path) === normalize(this.sourcePath);
  }

  /** The function whose code holds `address`. */
  functionAt(address: number): FunctionSymbol | undefined {
    const list = this.functionsByAddress;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = list[middle];
      if (address < candidate.start) high = middle - 1;
      else if (address >= candidate.end) low = middle + 1;
      else return candidate;
    }
    return undefined;
  }

  /** `label+0x10` for the nearest label at or before `address`, when the program has labels. */
  labelOf(address: number): string | undefined {
    let found: { name: string; address: number } | undefined;
    for (const label of this.labels) {
      if (label.address > address) break;
      found = label;
    }
    if (!found) return undefined;
    const offset = address - found.address;
    return offset === 0 ? found.name : `${found.name}+0x${offset.toString(16)}`;
  }

  isUserCode(address: number): boolean {
    const kind = this.functionAt(address)?.kind;
    return kind === 'function' || kind === 'entry';
  }

  /** Source position of the code at `address` (user functions only). */
  lineAt(address: number): LineSymbol | undefined {
    if (!this.isUserCode(address)) return undefined;
    const list = this.lines;
    let low = 0;
    let high = list.length - 1;
    let found: LineSymbol | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (list[middle].address <= address) {
        found = list[middle];
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  /** Where a breakpoint on `line` goes: the first statement on that line or the nearest after it. */
  statementAtOrAfter(path: string, line: number): { address: number; line: number } | undefined {
    if (!this.isProgramSource(path)) return undefined;
    const statement = this.statementsByLine.find((candidate) => candidate.line >= line);
    return statement && { address: statement.address, line: statement.line };
  }

  /** First statement of a user function named `Process.fn`, `Process.Domain.fn` or `Process.entry`. */
  functionBodyStart(name: string): number | undefined {
    const target = this.functions.find((candidate) => (candidate.kind === 'function' || candidate.kind === 'entry') && candidate.qualifiedName === name);
    return target && this.bodyStartOf(target);
  }

  /** A global by plain name as seen from a process/domain, or by `Process.name` / `Process.Domain.name`. */
  globalNamed(name: string, from?: { process: string; domain: string }): GlobalSymbol | undefined {
    const qualified = this.globals.find((global) => global.qualifiedName === name);
    if (qualified) return qualified;
    if (!from) return this.globals.find((global) => global.name === name);
    return (
      this.globals.find((global) => global.name === name && global.process === from.process && global.domain === from.domain) ??
      this.globals.find((global) => global.name === name && global.process === from.process && global.domain === from.process)
    );
  }

  globalsOf(process: string): GlobalSymbol[] {
    return this.globals.filter((global) => global.process === process);
  }

  /** `Store.table[3]` for an address inside a global, else the hex address. */
  describeAddress(address: number): string {
    const global = this.globals.find((candidate) => address >= candidate.address && address < candidate.address + candidate.size);
    if (!global) return '0x' + (address >>> 0).toString(16).padStart(8, '0');
    if (global.type.kind !== 'array') return global.qualifiedName;
    return `${global.qualifiedName}[${Math.floor((address - global.address) / 4)}]`;
  }
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^([a-zA-Z]):/, (_, drive: string) => drive.toLowerCase() + ':');
}
