// What the runtime layer tells the session layer, in plain data (no DAP types): stops, output,
// frames, scopes and variables. The session translates these one-to-one into DAP messages, so the
// runtime can be tested without a protocol and the protocol layer stays thin.

import type { FaultKind, MissingPermission } from '../simulator/machine/faults';

export type StopReason =
  | 'entry'
  | 'step'
  | 'breakpoint'
  | 'function breakpoint'
  | 'instruction breakpoint'
  | 'data breakpoint'
  | 'exception'
  | 'pause';

export interface StopInfo {
  reason: StopReason;
  threadId: number;
  /** For exceptions: the fault kind, or `domain switch` / `process switch`. */
  description?: string;
  /** For exceptions: the one-line explanation. */
  text?: string;
  /** Ids of the breakpoints that caused the stop (line, function, instruction or data). */
  hitBreakpointIds?: number[];
}

export interface ExceptionDetails {
  /** `fault`, `domainSwitch` or `processSwitch`: the filter that stopped. */
  filter: string;
  /** The fault kind (`load-denied`) or `domain switch` / `process switch`. */
  kind: string;
  message: string;
  faultKind?: FaultKind;
  address?: number;
  pc?: number;
  missingPermission?: MissingPermission;
  process?: string;
  domain?: string;
}

export interface OutputInfo {
  process: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface SourceLocation {
  /** Absolute path of the program's source; undefined for generated code (proxies). */
  path?: string;
  line: number;
  column: number;
}

/** Where a frame's code can be shown. */
export type FrameSource =
  | { kind: 'file'; path: string }
  /** A proxy's generated listing, served through the DAP `source` request. */
  | { kind: 'proxyListing'; proxyAddress: number; name: string }
  | { kind: 'none' };

export interface FrameModel {
  /** `Client.main`, `Browser.Plugin.render`, `proxy Client -> Store.get [reg_integrity]`, `<start-up>`. */
  name: string;
  kind: 'function' | 'proxy' | 'runtime';
  process: string;
  domain: string;
  pc: number;
  source: FrameSource;
  /** 1-based; 0 when the frame has no source. */
  line: number;
  column: number;
  /** Named values of this frame, in the order shown. */
  scopes(): ScopeModel[];
}

export interface ScopeModel {
  name: 'Locals' | 'Globals' | 'Registers' | 'Capabilities' | 'Domain' | 'dIPC';
  presentationHint?: 'locals' | 'registers';
  expensive: boolean;
  variables(): VariableModel[];
}

export interface VariableModel {
  name: string;
  value: string;
  type?: string;
  /** For arrays and pointers: the address the memory view opens at. */
  memoryReference?: number;
  children?: () => VariableModel[];
  /** Present when the value can be edited: parses the text, writes it, returns the new display value. */
  set?: (text: string) => string;
  /** For the Registers scope: name as an expression (`$a0`). */
  evaluateName?: string;
}
