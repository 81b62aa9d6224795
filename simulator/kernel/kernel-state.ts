// The kernel's own bookkeeping (os.md §1): processes, threads, domains, handles, grants, entries,
// proxies and the name service. It is plain data so that a snapshot is a deep copy
// (structuredClone) and the debugger can restore it together with the machine's state. The
// program's output is not here: the kernel keeps it as an append-only log that snapshots share.
import type { Fault, FaultKind } from '../machine/faults';
import type { ThreadContext } from '../machine/thread-context';
import type { IsolationProperty } from './isolation';
import type { ProxyListingLine } from './proxy-generator';
import type { ClassicIpcState } from './classic/classic-ipc';

export type ProcessStatus = 'running' | 'exited' | 'faulted' | 'killed';

/** One fault as the kernel reports it (machine.md §8 plus who owned the faulting code). */
export interface FaultReport {
  kind: FaultKind;
  /** Name of the process the fault was charged to (the thread's current process). */
  process: string;
  pid: number;
  /** Name of the current domain at the fault. */
  domain: string;
  pc: number;
  address: number;
  message: string;
  thread: number;
}

export interface ProcessState {
  pid: number;
  name: string;
  regionIndex: number;
  plain: boolean;
  /** Tag of the process's own domain. */
  defaultDomain: number;
  status: ProcessStatus;
  exitCode: number;
  fault?: FaultReport;
  /** Handle table: handle value h is slot h - 1 (0 is never a valid handle). */
  handles: (HandleObject | null)[];
  /** Stack slots of the process region handed out so far (slot i ends at stackTop(region, i)). */
  stacksUsed: number;
  /** The first thread of the process, which runs its start-up code. */
  firstThread: number;
  /** The first thread has called init_barrier (or ended). */
  reachedBarrier: boolean;
  /** For plain programs: the current program break (brk). */
  programBreak: number;
}

export interface DomainState {
  tag: number;
  name: string;
  /** Owning process (0 for the kernel's own and the proxy domain). */
  owner: number;
}

export type HandleObject =
  | { kind: 'domain'; tag: number; permission: number }
  | { kind: 'grant'; grant: number }
  | { kind: 'entries'; entrySet: number };

export interface GrantState {
  id: number;
  source: number;
  target: number;
  /** APL permission name given to source on target. */
  permission: 'call' | 'read' | 'write';
  /** What source held on target before the grant (restored on revoke). */
  previous: 'call' | 'read' | 'write' | undefined;
  revoked: boolean;
}

export interface RegisteredEntry {
  address: number;
  signature: number;
  policy: number;
}

export interface EntrySetState {
  id: number;
  pid: number;
  domain: number;
  entries: RegisteredEntry[];
}

export type ThreadStatus = 'runnable' | 'blocked' | 'ended';

export interface ThreadState {
  tid: number;
  home: number;
  status: ThreadStatus;
  /** Saved CPU state while the thread is not on the CPU. */
  context: ThreadContext;
  /** Stack slot the thread's own stack occupies in its home process (-1 for plain programs). */
  stackSlot: number;
  /** Classic IPC modes: the call this blocked thread waits on (it is not waiting at the init barrier). */
  ipcWait?: number;
}

export interface ProxyState {
  /** Address of its first instruction (ENTRY_ALIGN-aligned, in PROXY_REGION). */
  address: number;
  /** Bytes of code. */
  size: number;
  callerPid: number;
  calleePid: number;
  entrySet: number;
  entryIndex: number;
  entryAddress: number;
  /** Symbol of the entry when the image names it (e.g. `Store.get`). */
  entryName: string;
  signature: number;
  callerPolicy: number;
  calleePolicy: number;
  properties: IsolationProperty[];
  unwindAddress: number;
  returnAddress: number;
  listing: ProxyListingLine[];
}

export interface KernelState {
  processes: ProcessState[];
  domains: DomainState[];
  threads: ThreadState[];
  grants: GrantState[];
  entrySets: EntrySetState[];
  proxies: ProxyState[];
  /** handle_publish name -> published object. */
  names: Map<string, HandleObject>;
  /** Next free address in PROXY_REGION. */
  proxyCursor: number;
  nextTag: number;
  /** Index in `threads` of the thread on the CPU (-1: none yet). */
  current: number;
  /** Instructions the current thread has run in its slice. */
  sliceUsed: number;
  /** pids in the order their processes ended (the exit status rule of language.md §4). */
  endOrder: number[];
  faults: FaultReport[];
  barrierReleased: boolean;
  syscalls: number;
  capabilitiesRevoked: number;
  /** Warnings about the run (each once), in the order they arose: e.g. a capability passed in a classic IPC mode. */
  warnings: string[];
  /** Per `pid:stream`, the bytes of a character the last write left incomplete (output-text.ts). */
  outputPending: Map<string, number[]>;
  /** The classic IPC modes' connections, calls in flight and charged cycles (absent in dIPC mode). */
  classic?: ClassicIpcState;
  /** A fault the debugger has been shown but the kernel has not yet acted on. */
  pendingFault?: { thread: number; fault: Fault };
}
