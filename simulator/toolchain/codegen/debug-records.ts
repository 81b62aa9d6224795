// What the code generator records for the debugger while it writes assembly: everything is keyed
// by labels, because addresses only exist after assembly; compiler.ts resolves the labels with the
// assembler's symbol table into debug-info.ts's DebugInfo.

import type { Type } from '../language/analysis';

export type VariableLocation =
  | { kind: 'frame'; offset: number }
  | { kind: 'capabilityRegister'; register: string };

export interface VariableRecord {
  name: string;
  kind: 'parameter' | 'local';
  type: Type;
  location: VariableLocation;
  /** Source offset of the declaring identifier. */
  declarationOffset: number;
  liveStartLabel: string;
  liveEndLabel: string;
}

/** What a range of generated code is: user functions, or code the compiler added around them. */
export type CodeKind = 'function' | 'entry' | 'startup' | 'runtime' | 'spawnWrapper';

export interface FunctionRecord {
  kind: CodeKind;
  /** `Process.fn`, `Process.Domain.fn`; for generated code `Process.<start-up>` etc. */
  qualifiedName: string;
  name: string;
  process: string;
  domain: string;
  startLabel: string;
  endLabel: string;
  /** Source offsets of the declaration and of its closing brace (user functions only). */
  declarationOffset?: number;
  endOffset?: number;
  frameSize: number;
  variables: VariableRecord[];
}

export interface LineRecord {
  label: string;
  /** Source offset the code at the label was generated for. */
  offset: number;
  /** True at the first instruction of a statement (where a line breakpoint or a step stops). */
  isStatement: boolean;
}

export interface GlobalRecord {
  qualifiedName: string;
  name: string;
  process: string;
  domain: string;
  label: string;
  type: Type;
  storage: 'data' | 'capabilityStorage';
  declarationOffset: number;
}

export interface EntryRecord {
  process: string;
  qualifiedName: string;
  label: string;
  isolation: string[];
  signature: number;
  descriptorLabel: string;
}

export interface ImportRecord {
  process: string;
  target: string;
  localName: string;
  callerIsolation: string[];
  descriptorLabel: string;
}

export class DebugRecords {
  readonly functions: FunctionRecord[] = [];
  readonly lines: LineRecord[] = [];
  readonly globals: GlobalRecord[] = [];
  readonly entries: EntryRecord[] = [];
  readonly imports: ImportRecord[] = [];
  readonly startLabels = new Map<string, string>();
}
