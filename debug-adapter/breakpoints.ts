// The breakpoint table: line, function, instruction and data breakpoints with their conditions,
// hit counts and log messages. Each breakpoint resolves to machine addresses (data breakpoints to
// a watched byte range); the runtime asks "does anything stop here?" before an instruction runs.

import { evaluateText, formatValue, isTruthy, type EvaluationEnvironment } from './expression';

export type BreakpointKind = 'line' | 'function' | 'instruction' | 'data';
export type DataAccess = 'read' | 'write' | 'readWrite';

export interface BreakpointOptions {
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface Breakpoint extends BreakpointOptions {
  id: number;
  kind: BreakpointKind;
  verified: boolean;
  /** Addresses that stop (line, function, instruction breakpoints). */
  addresses: number[];
  /** Data breakpoints: the watched bytes and what kind of access stops. */
  watch?: { address: number; size: number; access: DataAccess; description: string };
  hits: number;
}

export interface BreakpointResult {
  id: number;
  verified: boolean;
  line?: number;
  message?: string;
  instructionReference?: number;
}

/** What a breakpoint check decided: stop, or print a log line and go on, or nothing. */
export type BreakpointVerdict =
  | { kind: 'stop'; breakpoints: Breakpoint[]; lines: string[] }
  | { kind: 'log'; lines: string[] }
  | { kind: 'none' };

export class BreakpointTable {
  private nextId = 1;
  private readonly lineBreakpoints = new Map<string, Breakpoint[]>();
  private functionBreakpoints: Breakpoint[] = [];
  private instructionBreakpoints: Breakpoint[] = [];
  private dataBreakpoints: Breakpoint[] = [];
  /** Address -> breakpoints there; rebuilt on every change. */
  private byAddress = new Map<number, Breakpoint[]>();
  private addressSet: ReadonlySet<number> = new Set();
  /** Incremented on every change, so callers can cache sets derived from `addresses()`. */
  version = 0;

  create(kind: BreakpointKind, options: BreakpointOptions, addresses: number[], verified: boolean): Breakpoint {
    return { id: this.nextId++, kind, verified, addresses, hits: 0, ...options };
  }

  replaceLineBreakpoints(path: string, breakpoints: Breakpoint[]): void {
    this.lineBreakpoints.set(path, breakpoints);
    this.reindex();
  }

  replaceFunctionBreakpoints(breakpoints: Breakpoint[]): void {
    this.functionBreakpoints = breakpoints;
    this.reindex();
  }

  replaceInstructionBreakpoints(breakpoints: Breakpoint[]): void {
    this.instructionBreakpoints = breakpoints;
    this.reindex();
  }

  replaceDataBreakpoints(breakpoints: Breakpoint[]): void {
    this.dataBreakpoints = breakpoints;
  }

  /** Every address where some breakpoint may stop (the machine runs freely between them). */
  addresses(): ReadonlySet<number> {
    return this.addressSet;
  }

  hasDataBreakpoints(): boolean {
    return this.dataBreakpoints.some((breakpoint) => breakpoint.verified);
  }

  watches(): Breakpoint[] {
    return this.dataBreakpoints.filter((breakpoint) => breakpoint.verified);
  }

  at(address: number): Breakpoint[] {
    return this.byAddress.get(address) ?? [];
  }

  /**
   * Decides what the breakpoints in `candidates` do now: conditions are evaluated in the
   * stopped frame, hit counts advance only when the condition holds, logpoints print instead of
   * stopping. `countHits` is false while searching the past (reverse continue), which must not
   * change what a later forward run sees.
   */
  judge(candidates: Breakpoint[], environment: () => EvaluationEnvironment, countHits = true): BreakpointVerdict {
    const stopping: Breakpoint[] = [];
    const lines: string[] = [];
    for (const breakpoint of candidates) {
      if (!breakpoint.verified) continue;
      if (breakpoint.condition) {
        const condition = conditionHolds(breakpoint.condition, environment());
        if (condition.error) lines.push(`breakpoint condition \`${breakpoint.condition}\` cannot be evaluated (${condition.error}): stopping`);
        if (!condition.holds) continue;
      }
      const hits = breakpoint.hits + 1;
      if (countHits) breakpoint.hits = hits;
      if (breakpoint.hitCondition && !hitConditionHolds(breakpoint.hitCondition, hits)) continue;
      if (breakpoint.logMessage !== undefined) lines.push(interpolate(breakpoint.logMessage, environment()));
      else stopping.push(breakpoint);
    }
    if (stopping.length > 0) return { kind: 'stop', breakpoints: stopping, lines };
    if (lines.length > 0) return { kind: 'log', lines };
    return { kind: 'none' };
  }

  private reindex(): void {
    this.byAddress = new Map();
    const all = [...[...this.lineBreakpoints.values()].flat(), ...this.functionBreakpoints, ...this.instructionBreakpoints];
    for (const breakpoint of all) {
      if (!breakpoint.verified) continue;
      for (const address of breakpoint.addresses) {
        const list = this.byAddress.get(address) ?? [];
        list.push(breakpoint);
        this.byAddress.set(address, list);
      }
    }
    this.addressSet = new Set(this.byAddress.keys());
    this.version++;
  }
}

/** A condition that cannot be evaluated stops, with the reason shown, as other debuggers do. */
function conditionHolds(condition: string, environment: EvaluationEnvironment): { holds: boolean; error?: string } {
  try {
    return { holds: isTruthy(evaluateText(condition, environment)) };
  } catch (error) {
    return { holds: true, error: (error as Error).message };
  }
}

/** `5` or `>= 5`: stop on the 5th hit / from the 5th; `% 3`: every 3rd. */
export function hitConditionHolds(condition: string, hits: number): boolean {
  const match = /^\s*(>=|>|==|=|%)?\s*(\d+)\s*$/.exec(condition);
  if (!match) return true;
  const count = Number(match[2]);
  switch (match[1]) {
    case '>=': return hits >= count;
    case '>': return hits > count;
    case '%': return count > 0 && hits % count === 0;
    default: return hits === count;
  }
}

/** Replaces each `{expr}` of a log message with the expression's value (or its error). */
export function interpolate(message: string, environment: EvaluationEnvironment): string {
  return message.replace(/\{([^{}]+)\}/g, (_, expression: string) => {
    try {
      return formatValue(evaluateText(expression, environment));
    } catch (error) {
      return `<${(error as Error).message}>`;
    }
  });
}
