// The dIPC debugger's custom DAP requests: the one definition that the adapter answers and the
// extension (CODOMs view, status bar, timeline) sends. Both are built from the same runtime model
// as the Variables scopes `Domain`, `Capabilities` and `dIPC`, so the views never disagree.

import type { IsolationProperty } from '../simulator/kernel/isolation';
import type { PageMapEntry } from '../simulator/kernel/page-map';

export const DipcRequest = {
  /** Processes, domains, APLs, capability registers, proxies and KCS of the stopped program. */
  codoms: 'dipc/codoms',
  /** Domain and process switches so far, in execution order. */
  timeline: 'dipc/timeline',
} as const;

export type AplPermission = 'call' | 'read' | 'write';

/**
 * One mapped 4 KiB page of the global address space: the kernel's page map, the same shape
 * `dipc pagemap --json` prints (address, read, write, execute, privileged, capabilityStorage,
 * tag, domain, process — `kernel` for the kernel's and the proxies' pages — and region).
 */
export type PageSnapshot = PageMapEntry;

export interface AplEntryView {
  tag: number;
  /** `Store`, `Browser.Plugin`, `proxies`, or `domain N` for a domain nothing named. */
  domain: string;
  permission: AplPermission;
}

export interface DomainView {
  tag: number;
  /** `Process` for a process's own domain, `Process.Domain` for a further one. */
  name: string;
  /** Owning process ('' for the kernel's and the proxies' domains). */
  process: string;
  /** True when any of the domain's pages has the P bit. */
  privileged: boolean;
  /** Number of mapped pages (the page list is CodomsResponseBody.pages). */
  pageCount: number;
  apl: AplEntryView[];
}

export interface ProcessView {
  pid: number;
  name: string;
  status: 'running' | 'exited' | 'faulted' | 'killed';
  exitCode?: number;
  domains: DomainView[];
}

export interface CapabilityRegisterView {
  /** `cr0` .. `cr7` */
  name: string;
  valid: boolean;
  base: number;
  length: number;
  permission: 'read' | 'read+write' | 'none';
  kind: 'sync' | 'async';
  /** Domain that created it ('' when unknown or invalid). */
  owner: string;
}

export interface ProxyView {
  /** Address the caller calls. */
  address: number;
  callerProcess: string;
  /** `Store.get` */
  entry: string;
  /** Union of caller's and callee's policies. */
  isolation: IsolationProperty[];
}

export interface KcsRecordView {
  callerProcess: string;
  calleeProcess: string;
  returnAddress: number;
  callerStackPointer: number;
  /** `proxy Client -> Store.get` */
  proxy: string;
  isolation: IsolationProperty[];
}

export interface CodomsStatus {
  threadId: number;
  thread: string;
  process: string;
  domain: string;
  cycles: number;
  instructions: number;
}

export interface CodomsArguments {
  /** Thread whose registers, DCS and KCS are shown; default: the stopped thread. */
  threadId?: number;
}

export interface CodomsResponseBody {
  /** undefined when the program is not stopped (running or ended). */
  status?: CodomsStatus;
  processes: ProcessView[];
  /** The kernel's and the proxies' domains, not owned by a process. */
  systemDomains: DomainView[];
  capabilityRegisters: CapabilityRegisterView[];
  proxies: ProxyView[];
  kcs: KcsRecordView[];
  /** Every mapped page, in address order. */
  pages: PageSnapshot[];
  aplCache: { hits: number; misses: number; capacity: number; cachedTags: number[] };
}

export interface TimelineArguments {
  /** Index of the first event to return (for incremental fetching); default 0. */
  from?: number;
  /** At most this many events; default all. */
  limit?: number;
}

export interface TimelineEvent {
  /** Position in the whole timeline. */
  index: number;
  kind: 'domainSwitch' | 'processSwitch';
  threadId: number;
  thread: string;
  /** Domain names for domain switches, process names for process switches. */
  from: string;
  to: string;
  /** The proxy the switch went through (`proxy Client -> Store.get`), when one did. */
  proxy?: string;
  /** Cycle and instruction counts of the whole machine when the switch happened. */
  cycles: number;
  instructions: number;
  pc: number;
  source?: { path: string; line: number };
}

export interface TimelineResponseBody {
  events: TimelineEvent[];
  /** Total number of events recorded so far. */
  total: number;
  /** True when `limit` left events out. */
  truncated?: boolean;
}
