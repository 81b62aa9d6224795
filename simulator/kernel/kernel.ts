// The dIPC kernel (os.md): loads a ProgramImage onto the CODOMs machine, schedules its threads
// round-robin, serves system calls and proxy requests, and isolates faults by killing the faulting
// process and unwinding threads through their KCS. The debugger drives it in slices (run/step with
// stop events) and inspects it through the query methods; runProgram (run-program.ts) wraps it.
import { Machine, type MachineConfig, type StopEvent } from '../machine/machine';
import { hex, type Fault, type FaultKind } from '../machine/faults';
import type { AplPermission } from '../machine/apl';
import { cloneContext, type ThreadContext } from '../machine/thread-context';
import type { MachineSnapshot } from '../machine/machine';
import { MAX_THREADS_PER_PROCESS, PROXY_REGION, PAGE_SIZE } from './address-space';
import { KernelError } from './kernel-error';
import { isolationProperties, type IsolationProperty } from './isolation';
import { KERNEL_COST_TABLE, type CostModel, type KernelCosts } from './kernel-costs';
import { validateCostSection } from '../machine/cost-model';
import {
  CAPABILITY_SAVE_PAGE_OFFSET,
  KCS_CAPACITY,
  KCS_LOWEST_OFFSET,
  KERNEL_TAG,
  PROXY_TAG,
  KCS_RECORD_BYTES,
  KcsRecord,
  MAX_THREADS,
  ProxyRequest,
  THREAD_BLOCK_SIZE,
  emptyKcsPointer,
  livenessFlagAddress,
  proxyStackSlotAddress,
  threadBlockBase,
} from './kernel-memory';
import type { FaultReport, KernelState, ProcessState, ProxyState, ThreadState } from './kernel-state';
import { allocateStackSlot, loadImage } from './program-loader';
import { handleSyscall } from './syscalls';
import type { ProgramImage } from './program-image';
import { decodeWrite, flushPending } from './output-text';
import { pastEndOfCodeExplanation, stackOverflowExplanation } from './fault-explanations';
import { SwitchTrace, type SwitchTraceSnapshot } from './switch-trace';
import { FAULT_EXIT_STATUS, type OutputChunk, type RunResult, type RunStats } from './run-result';
import type { ProxyListingLine } from './proxy-generator';
import { Syscall } from './abi';
import { isIpcMode, type IpcMode } from './ipc-modes';
import { ClassicIpc, emptyClassicState, isClassicMode, type ClassicStubInfo } from './classic/classic-ipc';
import { IPC_COST_TABLE } from './classic/ipc-costs';

export interface KernelOptions {
  /** Instructions a thread runs before the scheduler moves to the next one [config]. */
  quantum?: number;
  costModel?: CostModel;
  /** Machine settings (ENTRY_ALIGN, APL cache size, checks). */
  machine?: Partial<MachineConfig>;
  /** Record every domain and process switch (RunResult.trace, `dipc trace`). */
  trace?: boolean;
  /** Bytes a stack_confidentiality callee's proxy clears below the entry sp. */
  stackClearBytes?: number;
  /** How cross-process entry calls are carried (os.md §5): `dipc` (default) or a classic primitive. */
  ipc?: IpcMode;
}

export const DEFAULT_QUANTUM = 10_000;

export type KernelStop =
  /** The instruction budget of this run() is used up. */
  | { kind: 'limit' }
  /** Every thread has ended: the program is over. */
  | { kind: 'finished' }
  | { kind: 'breakpoint'; thread: number; address: number }
  | { kind: 'ebreak'; thread: number; pc: number }
  | { kind: 'domainSwitch'; thread: number; from: number; to: number; pc: number }
  /** Only with stopOnFault: the thread sits on the faulting instruction; the next run() lets the kernel act. */
  | { kind: 'fault'; thread: number; fault: FaultReport };

export interface RunSliceOptions {
  stopOnFault?: boolean;
}

export interface ThreadInfo {
  tid: number;
  home: number;
  homeName: string;
  /** dipc.proc: the process the thread currently runs in. */
  current: number;
  currentName: string;
  status: ThreadState['status'];
  pc: number;
  /** Number of dIPC crossings in progress. */
  kcsDepth: number;
  onCpu: boolean;
}

export interface KcsRecordInfo {
  /** 0 = the outermost crossing. */
  depth: number;
  callerPid: number;
  callerName: string;
  returnAddress: number;
  callerSp: number;
  proxy: number;
  calleePid?: number;
  calleeName?: string;
  entryName?: string;
  properties: IsolationProperty[];
}

export interface ProxyInfo {
  address: number;
  size: number;
  callerPid: number;
  callerName: string;
  calleePid: number;
  calleeName: string;
  entryAddress: number;
  entryName: string;
  /** Union of both sides' properties (what the proxy implements). */
  properties: IsolationProperty[];
  callerProperties: IsolationProperty[];
  calleeProperties: IsolationProperty[];
  listing: ProxyListingLine[];
}

export interface DomainInfo {
  tag: number;
  name: string;
  owner: number;
  ownerName: string;
  apl: { target: number; targetName: string; permission: AplPermission }[];
  pages: { address: number; read: boolean; write: boolean; execute: boolean; privileged: boolean; capabilityStorage: boolean }[];
}

export interface ProcessInfo {
  pid: number;
  name: string;
  status: ProcessState['status'];
  exitCode: number;
  fault?: FaultReport;
  defaultDomain: number;
  domains: number[];
  threads: number[];
}

export interface KernelSnapshot {
  machine: MachineSnapshot;
  kernel: KernelState;
  /** The output log and how much of it was written then: a log is never changed below its end, so it is shared, not copied. */
  output: { log: readonly OutputChunk[]; length: number };
  /** With `trace`: the trace list the same way, with the proxy halves still open. */
  trace?: SwitchTraceSnapshot;
}

export { KernelError };

export class Kernel {
  readonly machine: Machine;
  readonly quantum: number;
  readonly costs: Readonly<KernelCosts>;
  readonly stackClearBytes: number | undefined;
  readonly ipc: IpcMode;
  /** @internal the classic IPC modes' kernel side (undefined in dIPC mode). */
  readonly classicIpc: ClassicIpc | undefined;
  /** @internal */
  state: KernelState = emptyState();
  /** @internal image symbols, for naming entries in proxies and listings. */
  symbols = new Map<string, number>();
  /** @internal segment address -> the domain name the image gives it (Segment.domain), for dom_mmap. */
  segmentDomains = new Map<number, string>();
  private proxiesByAddress = new Map<number, ProxyState>();
  /**
   * Everything the program wrote, oldest first: the first `outputLength` chunks, and beyond them,
   * after a restore, the chunks of the future that was recorded. Kept out of `state` and only
   * ever appended to, so that a snapshot records a length instead of copying the output (copying
   * 60,000 printed lines took ~360 ms). A replay writes the recorded chunks again (writeOutput).
   */
  private outputLog: OutputChunk[] = [];
  private outputLength = 0;
  private loaded = false;
  /** The loaded image (its code extents explain a pc that ran past them). */
  private image: ProgramImage = { processes: [], symbols: new Map() };
  /** With `trace`: the switch trace (instructions then run one at a time, so each switch's cost is known). */
  private trace: SwitchTrace | undefined;

  constructor(options: KernelOptions = {}) {
    const quantum = options.quantum ?? DEFAULT_QUANTUM;
    if (!Number.isInteger(quantum) || quantum < 1) throw new KernelError(`quantum must be a positive integer, got ${String(quantum)}`);
    this.quantum = quantum;
    this.machine = new Machine(options.machine ?? {}, options.costModel?.machine ?? {});
    this.costs = Object.freeze(validateCostSection('kernel', KERNEL_COST_TABLE, options.costModel?.kernel ?? {}));
    this.stackClearBytes = options.stackClearBytes;
    const ipc = options.ipc ?? 'dipc';
    if (!isIpcMode(ipc)) throw new KernelError(`unknown IPC mode ${String(ipc)} (modes: dipc, l4, rpc, pipe, sem)`);
    this.ipc = ipc;
    if (isClassicMode(ipc)) {
      this.classicIpc = new ClassicIpc(this, ipc, options.costModel?.ipc ?? {});
      this.state.classic = emptyClassicState(ipc);
    } else {
      validateCostSection('ipc', IPC_COST_TABLE, options.costModel?.ipc ?? {});
    }
    if (options.trace === true) this.enableTrace();
  }

  /** Loads a program: maps its segments, creates each process and its first thread. */
  load(image: ProgramImage): void {
    if (this.loaded) throw new KernelError('a program is already loaded; create a new Kernel');
    this.loaded = true;
    this.image = image;
    loadImage(this, image);
    this.symbols = new Map(image.symbols);
    for (const process of image.processes) {
      for (const segment of process.segments) if (segment.domain !== undefined) this.segmentDomains.set(segment.address, segment.domain);
    }
  }

  // ------------------------------------------------------------------ running

  /** Runs up to `maxInstructions` instructions (over all threads), stopping early on an event. */
  run(maxInstructions: number, options: RunSliceOptions = {}): KernelStop {
    if (!Number.isInteger(maxInstructions) || maxInstructions < 0) throw new KernelError(`run: maxInstructions must be a non-negative integer, got ${String(maxInstructions)}`);
    let budget = maxInstructions;
    for (;;) {
      const pending = this.state.pendingFault;
      if (pending !== undefined) {
        this.state.pendingFault = undefined;
        this.handleFault(this.state.threads[pending.thread - 1], pending.fault);
      }
      const thread = this.schedule();
      if (thread === undefined) return { kind: 'finished' };
      if (budget <= 0) return { kind: 'limit' };
      const slice = Math.min(this.quantum - this.state.sliceUsed, budget);
      const before = this.machine.instret;
      const event = this.trace === undefined ? this.machine.run(slice) : this.runTracing(slice, thread.tid);
      const executed = this.machine.instret - before;
      this.state.sliceUsed += executed;
      budget -= executed;
      const stop = this.handleStop(thread, event, options);
      // The instruction that stopped the slice ends with the kernel work it caused (a system call).
      this.trace?.instructionEnded(thread.tid, this.machine.cycles);
      if (stop !== undefined) return stop;
    }
  }

  /** machine.run(slice) one instruction at a time, telling the trace where each begins and ends. */
  private runTracing(slice: number, thread: number): StopEvent {
    const trace = this.trace!;
    // Each instructionEnded also marks where the next instruction starts.
    trace.instructionStarts(this.machine.cycles);
    for (let done = 0; done < slice; done++) {
      const event = this.machine.run(1);
      if (event.kind !== 'limit') return event;
      trace.instructionEnded(thread, this.machine.cycles);
      // As inside one machine.run(slice): a breakpoint on the next instruction is hit, not stepped over.
      if (slice > 1) this.machine.context.stoppedAt = undefined;
    }
    return { kind: 'limit' };
  }

  /** Executes one instruction of the thread on the CPU (or lets the kernel act on a pending fault). */
  step(options: RunSliceOptions = {}): KernelStop {
    return this.run(1, options);
  }

  /** Every thread has ended (os.md: the program's end); a loaded program without processes has none to wait for. */
  get finished(): boolean {
    return this.loaded && this.state.threads.every((thread) => thread.status === 'ended');
  }

  /** The thread on the CPU, if any. */
  get currentThread(): number | undefined {
    const index = this.state.current;
    return index >= 0 && this.state.threads[index].status !== 'ended' ? this.state.threads[index].tid : undefined;
  }

  private handleStop(thread: ThreadState, event: StopEvent, options: RunSliceOptions): KernelStop | undefined {
    switch (event.kind) {
      case 'limit':
        return undefined;
      case 'ecall': {
        this.handleEcall(thread, event.pc);
        const raised = this.state.pendingFault;
        // Without stopOnFault, the loop in run() acts on a fault the kernel raised before going on.
        if (raised === undefined || options.stopOnFault !== true) return undefined;
        // As for a machine fault, the thread sits on the faulting instruction (its ecall) until then.
        thread.context.pc = event.pc;
        return { kind: 'fault', thread: raised.thread, fault: this.faultReport(thread, raised.fault) };
      }
      case 'ebreak':
        return { kind: 'ebreak', thread: thread.tid, pc: event.pc };
      case 'breakpoint':
        return { kind: 'breakpoint', thread: thread.tid, address: event.address };
      case 'domainSwitch':
        return { kind: 'domainSwitch', thread: thread.tid, from: event.from, to: event.to, pc: event.pc };
      case 'fault':
        if (options.stopOnFault === true) {
          this.state.pendingFault = { thread: thread.tid, fault: event.fault };
          return { kind: 'fault', thread: thread.tid, fault: this.faultReport(thread, event.fault) };
        }
        this.handleFault(thread, event.fault);
        return undefined;
    }
  }

  /** Picks the thread to run: the current one while its slice lasts, else the next runnable one. */
  private schedule(): ThreadState | undefined {
    const { threads } = this.state;
    const current = this.state.current;
    if (current >= 0 && threads[current].status === 'runnable' && this.state.sliceUsed < this.quantum) return threads[current];
    for (let attempt = 0; attempt < 2; attempt++) {
      for (let offset = 1; offset <= threads.length; offset++) {
        const index = ((current < 0 ? -1 : current) + offset + threads.length) % threads.length;
        if (threads[index].status !== 'runnable') continue;
        if (index !== current) {
          if (current >= 0) {
            const switchStart = this.machine.cycles;
            this.machine.cycles += this.costs.contextSwitch;
            this.classicIpc?.threadSwitched(threads[current], threads[index], switchStart);
          }
          this.state.current = index;
          this.machine.context = threads[index].context;
        }
        this.state.sliceUsed = 0;
        return threads[index];
      }
      // Nobody can run: if threads wait at the barrier it must be released (every process got there or died).
      if (!threads.some((thread) => thread.status === 'blocked' && thread.ipcWait === undefined)) break;
      this.releaseBarrier();
    }
    if (this.state.threads.length > 0 && this.state.threads.every((thread) => thread.status === 'ended')) this.endProgram();
    return undefined;
  }

  // ------------------------------------------------------------------ system calls and proxy requests

  private handleEcall(thread: ThreadState, pc: number): void {
    if (pc >= PROXY_REGION.base && pc < PROXY_REGION.base + PROXY_REGION.size && this.machine.pageAt(pc)?.privileged === true) {
      this.handleProxyRequest(thread, pc);
      return;
    }
    const number = thread.context.registers[17];
    if (this.classicIpc !== undefined && (number === Syscall.ipcCall || number === Syscall.ipcReply)) {
      // Charged from the ipc cost section (syscall entry/exit included), not kernel.syscall.
      this.state.syscalls++;
      if (number === Syscall.ipcCall) this.classicIpc.call(thread);
      else this.classicIpc.reply(thread);
      return;
    }
    this.machine.cycles += this.costs.syscall;
    this.state.syscalls++;
    handleSyscall(this, thread, pc);
  }

  private handleProxyRequest(thread: ThreadState, pc: number): void {
    const registers = thread.context.registers;
    const kind = registers[6]; // t1
    if (kind === ProxyRequest.endThread) {
      this.endThread(thread);
      return;
    }
    if (kind === ProxyRequest.createStack) {
      const pid = thread.context.process;
      const process = this.state.processes[pid - 1];
      const top = process === undefined ? undefined : allocateStackSlot(this, process);
      if (top === undefined) {
        const fault: Fault = {
          kind: 'unmapped', address: 0, pc, domain: PROXY_TAG,
          message: `no stack left in process ${process?.name ?? pid} for thread ${thread.tid}: a process has at most ${MAX_THREADS_PER_PROCESS} stacks (its threads plus the stacks of other processes' threads calling into it)`,
        };
        this.raiseFault(thread, fault);
        return;
      }
      this.machine.cycles += this.costs.proxyStackCreate;
      this.machine.writeWord(proxyStackSlotAddress(thread.tid, pid), top);
      registers[7] = top; // t2
      return;
    }
    this.raiseFault(thread, { kind: 'illegal-instruction', address: pc, pc, domain: PROXY_TAG, message: `unknown proxy request ${kind} at ${hex(pc)}` });
  }

  // ------------------------------------------------------------------ faults and fault isolation (os.md §4)

  /** @internal builds the kernel's report of a machine fault in `thread`. */
  faultReport(thread: ThreadState, fault: Fault): FaultReport {
    const pid = thread.context.process;
    return {
      kind: fault.kind,
      process: this.processName(pid),
      pid,
      domain: this.domainName(fault.domain),
      pc: fault.pc,
      address: fault.address,
      message: this.isKcsOverflow(thread, fault)
        ? `kernel control stack overflow: thread ${thread.tid} is ${this.kcsDepth(thread)} cross-process calls deep, and a thread's KCS holds ${KCS_CAPACITY} (unbounded recursion across processes?)`
        : stackOverflowExplanation(fault, this.state.processes) ?? pastEndOfCodeExplanation(fault, this.image) ?? fault.message,
      thread: thread.tid,
    };
  }

  /** A proxy's KCS push that ran into the unmapped pages below the thread's KCS. */
  private isKcsOverflow(thread: ThreadState, fault: Fault): boolean {
    const offset = fault.address - threadBlockBase(thread.tid);
    const inProxy = fault.pc >= PROXY_REGION.base && fault.pc < PROXY_REGION.base + PROXY_REGION.size;
    return fault.kind === 'unmapped' && inProxy && offset >= 0 && offset < KCS_LOWEST_OFFSET;
  }

  /** @internal a fault of `thread`: its current process dies, and every thread inside it unwinds or ends. */
  handleFault(thread: ThreadState, fault: Fault): void {
    this.trace?.threadStopped(thread.tid, this.machine.cycles);
    const report = this.faultReport(thread, fault);
    this.state.faults.push(report);
    const process = this.state.processes[report.pid - 1];
    if (process === undefined || process.status !== 'running') {
      this.endThread(thread);
      return;
    }
    this.killProcess(process, 'faulted', FAULT_EXIT_STATUS, report);
  }

  /** @internal raises a kernel fault kind (assert, remote-fault) at the thread's ecall. */
  raiseKernelFault(thread: ThreadState, kind: FaultKind, pc: number, message: string): void {
    this.raiseFault(thread, { kind, address: pc, pc, domain: this.machine.pageAt(pc)?.tag ?? 0, message });
  }

  /**
   * A fault raised by a system call or proxy request: it is acted on like a machine fault, once the
   * ecall is served, or at the next run when this one stops on faults (handleStop).
   */
  private raiseFault(thread: ThreadState, fault: Fault): void {
    this.state.pendingFault = { thread: thread.tid, fault };
  }

  /**
   * @internal Ends a process: its liveness flag drops (its proxies now fail at once), threads inside it
   * with no crossing in progress end, threads that reached it through a proxy unwind to that proxy.
   */
  killProcess(process: ProcessState, status: ProcessState['status'], exitCode: number, fault?: FaultReport): void {
    if (process.status !== 'running') return;
    process.status = status;
    process.exitCode = exitCode;
    if (fault !== undefined) process.fault = fault;
    this.state.endOrder.push(process.pid);
    this.machine.writeWord(livenessFlagAddress(process.pid), 0);
    for (const thread of this.state.threads) {
      if (thread.status === 'ended' || thread.context.process !== process.pid) continue;
      if (this.kcsDepth(thread) === 0) this.endThread(thread);
      else this.unwind(thread);
    }
    this.checkBarrier();
  }

  /** Resumes `thread` at the unwind point of the proxy of its innermost crossing (the call fails there). */
  private unwind(thread: ThreadState): void {
    const context = thread.context;
    const record = context.kernelControlStack;
    const proxy = this.proxiesByAddress.get(this.machine.readWord(record + KcsRecord.proxy) ?? 0);
    const returnAddress = this.machine.readWord(record + KcsRecord.returnAddress);
    let frame = context.dcs.length - 1;
    while (frame >= 0 && !(context.dcs[frame].returnAddress === returnAddress && context.dcs[frame].calleeDomain === PROXY_TAG)) frame--;
    if (proxy === undefined || frame < 0) {
      this.endThread(thread);
      return;
    }
    for (const popped of context.dcs.splice(frame + 1)) this.state.capabilitiesRevoked += popped.syncCapabilitiesCreated;
    context.capabilityRegisters.fill(undefined);
    context.pc = proxy.unwindAddress;
    thread.status = 'runnable';
  }

  /** @internal */
  endThread(thread: ThreadState): void {
    thread.status = 'ended';
    this.classicIpc?.threadEnded(thread);
    const home = this.state.processes[thread.home - 1];
    if (home !== undefined && home.firstThread === thread.tid && !home.reachedBarrier) {
      home.reachedBarrier = true;
      this.checkBarrier();
    }
  }

  /** @internal Releases init_barrier once every process's first thread has reached it (or ended, or died). */
  checkBarrier(): void {
    if (this.state.barrierReleased) return;
    if (this.state.processes.every((process) => process.status !== 'running' || process.reachedBarrier)) this.releaseBarrier();
  }

  private releaseBarrier(): void {
    this.state.barrierReleased = true;
    for (const thread of this.state.threads) if (thread.status === 'blocked' && thread.ipcWait === undefined) thread.status = 'runnable';
  }

  private endProgram(): void {
    for (const process of this.state.processes) {
      if (process.status === 'running') {
        process.status = 'exited';
        process.exitCode = 0;
        this.state.endOrder.push(process.pid);
      }
    }
  }

  // ------------------------------------------------------------------ kernel-internal helpers

  /** @internal */
  kcsDepth(thread: ThreadState): number {
    return Math.max(0, Math.floor((emptyKcsPointer(thread.tid) - thread.context.kernelControlStack) / KCS_RECORD_BYTES));
  }

  /** @internal creates a thread (its kernel block, KCS and context); the caller maps its stack. */
  createThread(home: number, pc: number, sp: number, stackSlot: number): ThreadState {
    const tid = this.state.threads.length + 1;
    if (tid > MAX_THREADS) throw new KernelError(`at most ${MAX_THREADS} threads per program`);
    const block = threadBlockBase(tid);
    this.machine.mapPages(block, PAGE_SIZE, { read: true, write: true, execute: false, tag: KERNEL_TAG });
    this.machine.mapPages(block + CAPABILITY_SAVE_PAGE_OFFSET, PAGE_SIZE, { read: true, write: true, execute: false, tag: KERNEL_TAG, capabilityStorage: true });
    this.machine.mapPages(block + KCS_LOWEST_OFFSET, THREAD_BLOCK_SIZE - KCS_LOWEST_OFFSET, { read: true, write: true, execute: false, tag: KERNEL_TAG });
    this.machine.writeWord(block, tid);
    const context: ThreadContext = this.machine.createContext({ pc, sp, process: home });
    context.kernelControlStack = emptyKcsPointer(tid);
    const thread: ThreadState = { tid, home, status: 'runnable', context, stackSlot };
    this.state.threads.push(thread);
    return thread;
  }

  /** @internal */
  registerProxy(proxy: ProxyState): void {
    this.state.proxies.push(proxy);
    this.proxiesByAddress.set(proxy.address, proxy);
  }

  /** @internal */
  setApl(domain: number, target: number, permission: AplPermission | undefined): void {
    this.machine.setAplPermission(domain, target, permission);
  }

  // ------------------------------------------------------------------ queries for the debugger and tools

  processName(pid: number): string {
    return pid === 0 ? 'kernel' : (this.state.processes[pid - 1]?.name ?? `pid ${pid}`);
  }

  domainName(tag: number): string {
    if (tag === KERNEL_TAG) return 'kernel';
    return this.state.domains.find((domain) => domain.tag === tag)?.name ?? `domain ${tag}`;
  }

  threads(): ThreadInfo[] {
    return this.state.threads.map((thread, index) => ({
      tid: thread.tid,
      home: thread.home,
      homeName: this.processName(thread.home),
      current: thread.context.process,
      currentName: this.processName(thread.context.process),
      status: thread.status,
      pc: thread.context.pc,
      kcsDepth: this.kcsDepth(thread),
      onCpu: index === this.state.current && thread.status !== 'ended',
    }));
  }

  /** The thread's KCS records, innermost crossing first. */
  kcs(tid: number): KcsRecordInfo[] {
    const thread = this.state.threads[tid - 1];
    if (thread === undefined) return [];
    const depth = this.kcsDepth(thread);
    const records: KcsRecordInfo[] = [];
    for (let index = 0; index < depth; index++) {
      const at = thread.context.kernelControlStack + index * KCS_RECORD_BYTES;
      const word = (offset: number): number => this.machine.readWord(at + offset) ?? 0;
      const proxy = this.proxiesByAddress.get(word(KcsRecord.proxy));
      const callerPid = word(KcsRecord.callerPid);
      records.push({
        depth: depth - 1 - index,
        callerPid,
        callerName: this.processName(callerPid),
        returnAddress: word(KcsRecord.returnAddress),
        callerSp: word(KcsRecord.callerSp),
        proxy: word(KcsRecord.proxy),
        ...(proxy === undefined ? {} : { calleePid: proxy.calleePid, calleeName: this.processName(proxy.calleePid), entryName: proxy.entryName }),
        properties: proxy?.properties ?? [],
      });
    }
    return records;
  }

  proxies(): ProxyInfo[] {
    return this.state.proxies.map((proxy) => this.proxyInfo(proxy));
  }

  /** The proxy whose code contains `address`. */
  proxyAt(address: number): ProxyInfo | undefined {
    const proxy = this.state.proxies.find((candidate) => address >= candidate.address && address < candidate.address + candidate.size);
    return proxy === undefined ? undefined : this.proxyInfo(proxy);
  }

  private proxyInfo(proxy: ProxyState): ProxyInfo {
    return {
      address: proxy.address,
      size: proxy.size,
      callerPid: proxy.callerPid,
      callerName: this.processName(proxy.callerPid),
      calleePid: proxy.calleePid,
      calleeName: this.processName(proxy.calleePid),
      entryAddress: proxy.entryAddress,
      entryName: proxy.entryName,
      properties: proxy.properties,
      callerProperties: isolationProperties(proxy.callerPolicy),
      calleeProperties: isolationProperties(proxy.calleePolicy),
      listing: proxy.listing,
    };
  }

  /** Classic IPC modes: the generated caller and server stubs with their listings (empty in dIPC mode). */
  classicStubs(): ClassicStubInfo[] {
    return this.classicIpc?.stubs() ?? [];
  }

  /** Number of chunks the program has written so far (write/writev). */
  outputCount(): number {
    return this.outputLength;
  }

  /** The chunks written, oldest first, from index `from` up to (not including) `to`. */
  output(from = 0, to = this.outputLength): OutputChunk[] {
    return this.outputLog.slice(Math.max(0, from), Math.min(to, this.outputLength));
  }

  /** @internal a write or writev of the program: its bytes, and its text decoded as a stream per process and stream. */
  writeOutput(write: Omit<OutputChunk, 'text'>): void {
    const key = `${write.pid}:${write.stream}`;
    const { text, pending } = decodeWrite(this.state.outputPending.get(key) ?? [], write.bytes);
    if (pending.length === 0) this.state.outputPending.delete(key);
    else this.state.outputPending.set(key, pending);
    const chunk: OutputChunk = { ...write, text };
    const log = this.outputLog;
    if (this.outputLength < log.length) {
      const recorded = log[this.outputLength];
      if (recorded.pid === chunk.pid && recorded.stream === chunk.stream && sameBytes(recorded.bytes, chunk.bytes)) {
        this.outputLength++;
        return;
      }
      // A different future (the user changed the past): it gets a log of its own, so snapshots of
      // the recorded future keep theirs.
      this.outputLog = log.slice(0, this.outputLength);
    }
    this.outputLog.push(chunk);
    this.outputLength++;
  }

  processes(): ProcessInfo[] {
    return this.state.processes.map((process) => ({
      pid: process.pid,
      name: process.name,
      status: process.status,
      exitCode: process.exitCode,
      ...(process.fault === undefined ? {} : { fault: process.fault }),
      defaultDomain: process.defaultDomain,
      domains: this.state.domains.filter((domain) => domain.owner === process.pid).map((domain) => domain.tag),
      threads: this.state.threads.filter((thread) => thread.home === process.pid).map((thread) => thread.tid),
    }));
  }

  domains(): DomainInfo[] {
    const pages = this.machine.pages();
    return this.state.domains.map((domain) => ({
      tag: domain.tag,
      name: domain.name,
      owner: domain.owner,
      ownerName: this.processName(domain.owner),
      apl: [...this.machine.aplOf(domain.tag)].map(([target, permission]) => ({ target, targetName: this.domainName(target), permission })),
      pages: pages.filter((page) => page.tag === domain.tag).map(({ address, read, write, execute, privileged, capabilityStorage }) => ({ address, read, write, execute, privileged, capabilityStorage })),
    }));
  }

  // ------------------------------------------------------------------ snapshots (reverse debugging)

  snapshot(): KernelSnapshot {
    const trace = this.trace === undefined ? {} : { trace: this.trace.snapshot() };
    return { machine: this.machine.snapshot(), kernel: cloneState(this.state), output: { log: this.outputLog, length: this.outputLength }, ...trace };
  }

  restore(snapshot: KernelSnapshot): void {
    this.machine.restore(snapshot.machine);
    this.state = cloneState(snapshot.kernel);
    // The chunks after the snapshot's length stay in the log: the replay that follows writes them again.
    this.outputLog = snapshot.output.log as OutputChunk[];
    this.outputLength = snapshot.output.length;
    if (snapshot.trace !== undefined) this.trace?.restore(snapshot.trace);
    this.proxiesByAddress = new Map(this.state.proxies.map((proxy) => [proxy.address, proxy]));
    const current = this.state.threads[this.state.current];
    // The machine restored its own copy of the attached context; the kernel's copy becomes the live one.
    if (current !== undefined) {
      this.machine.context = current.context;
    }
  }

  // ------------------------------------------------------------------ results

  stats(): RunStats {
    const machine = this.machine.stats;
    return {
      instructions: machine.instructions,
      cycles: machine.cycles,
      timeNs: machine.timeNs,
      domainSwitches: machine.domainSwitches,
      processSwitches: machine.processSwitches + (this.state.classic?.processSwitches ?? 0),
      aplCache: { hits: machine.aplCache.hits, misses: machine.aplCache.misses },
      capabilities: { created: machine.capabilities.created, revoked: machine.capabilities.revoked + this.state.capabilitiesRevoked },
      proxies: this.state.proxies.length,
      syscalls: this.state.syscalls,
      faults: this.state.faults.length,
    };
  }

  /** Exit status of language.md §4: the first process to end with a non-zero status, else 0. */
  exitCode(): number {
    for (const pid of this.state.endOrder) {
      const process = this.state.processes[pid - 1];
      if (process.exitCode !== 0) return process.exitCode;
    }
    return 0;
  }

  result(stoppedByLimit: boolean): RunResult {
    const output = this.output().map((chunk) => ({ ...chunk }));
    const written = (stream: OutputChunk['stream']): OutputChunk[] => output.filter((chunk) => chunk.stream === stream);
    // A character still incomplete when the run ended is an invalid sequence: one U+FFFD each.
    const unfinished = (stream: OutputChunk['stream']): string => [...this.state.outputPending]
      .filter(([key]) => key.endsWith(`:${stream}`)).map(([, pending]) => flushPending(pending)).join('');
    const result: RunResult = {
      exitCode: this.exitCode(),
      stdout: written('stdout').map((chunk) => chunk.text).join('') + unfinished('stdout'),
      stderr: written('stderr').map((chunk) => chunk.text).join('') + unfinished('stderr'),
      stdoutBytes: Buffer.concat(written('stdout').map((chunk) => chunk.bytes)),
      stderrBytes: Buffer.concat(written('stderr').map((chunk) => chunk.bytes)),
      output,
      processes: this.state.processes.map((process) => ({
        name: process.name,
        pid: process.pid,
        status: process.status,
        exitCode: process.exitCode,
        ...(process.fault === undefined ? {} : { fault: process.fault }),
      })),
      faults: this.state.faults.map((fault) => ({ ...fault })),
      warnings: [...this.state.warnings],
      stats: this.stats(),
      stoppedByLimit,
    };
    if (this.trace !== undefined) result.trace = this.trace.list(this.machine.cycles);
    return result;
  }

  /** @internal records a warning about the run, once however often it arises. */
  warnOnce(message: string): void {
    if (!this.state.warnings.includes(message)) this.state.warnings.push(message);
  }

  /**
   * @internal a process switch the kernel made itself (classic IPC hand-offs, the scheduler), for
   * the trace; its cost is what was charged since `startCycles` (default: the start of the
   * instruction running, the system call that asked for the switch).
   */
  noteProcessSwitch(from: number, to: number, thread: number, pc: number, startCycles?: number): void {
    if (this.trace === undefined) return;
    this.trace.kernelProcessSwitch({
      kind: 'processSwitch', thread, from, to, fromName: this.processName(from), toName: this.processName(to), cycle: this.machine.cycles, pc,
    }, startCycles ?? this.trace.instructionStart);
  }

  private enableTrace(): void {
    const trace = new SwitchTrace();
    this.trace = trace;
    const thread = (): number => this.state.threads[this.state.current]?.tid ?? 0;
    const proxyOf = (...addresses: number[]): { proxy?: number } => {
      for (const address of addresses) {
        const proxy = this.proxyAt(address);
        if (proxy !== undefined) return { proxy: proxy.address };
      }
      return {};
    };
    this.machine.observer = {
      domainSwitch: (event) => trace.domainSwitch({
        kind: 'domainSwitch', thread: thread(), from: event.from, to: event.to,
        fromName: this.domainName(event.from), toName: this.domainName(event.to),
        ...proxyOf(event.pc, event.target), cycle: event.cycles, pc: event.pc,
      }, event.to === PROXY_TAG ? 'enter' : event.from === PROXY_TAG ? 'leave' : undefined),
      processSwitch: (event) => trace.processSwitch({
        kind: 'processSwitch', thread: thread(), from: event.from, to: event.to,
        fromName: this.processName(event.from), toName: this.processName(event.to),
        ...proxyOf(event.pc), cycle: event.cycles, pc: event.pc,
      }),
    };
  }
}

function emptyState(): KernelState {
  return {
    processes: [],
    domains: [],
    threads: [],
    grants: [],
    entrySets: [],
    proxies: [],
    names: new Map(),
    proxyCursor: PROXY_REGION.base,
    nextTag: PROXY_TAG + 1,
    current: -1,
    sliceUsed: 0,
    endOrder: [],
    faults: [],
    barrierReleased: false,
    syscalls: 0,
    capabilitiesRevoked: 0,
    outputPending: new Map(),
    warnings: [],
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function cloneState(state: KernelState): KernelState {
  const copy = structuredClone({ ...state, threads: [] as ThreadState[] });
  copy.threads = state.threads.map((thread) => ({ ...thread, context: cloneContext(thread.context) }));
  return copy;
}

