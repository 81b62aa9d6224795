// The ExecutionTarget over the real kernel and machine, plus the read/write queries the inspector
// needs (threads, registers, memory, KCS, proxies, domains, pages). It also records the timeline of
// domain and process switches through the machine's observer; the record is part of each
// snapshot (by length), so travelling back in time truncates it and replay rebuilds it exactly.

import type { Kernel, KernelSnapshot as KernelStateSnapshot, ProxyInfo } from '../simulator/kernel/kernel';
import type { MissingPermission } from '../simulator/machine/faults';
import type { Capability } from '../simulator/machine/capabilities';
import type { ThreadState } from '../simulator/kernel/kernel-state';
import type { ClassicStubInfo } from '../simulator/kernel/classic/classic-ipc';
import type { ExecutionTarget, RunOutcome, RunRequest } from './execution-target';
import { KCS_RECORD_BYTES } from '../simulator/kernel/kernel-memory';
import { pageMap } from '../simulator/kernel/page-map';
import type { ProgramImage } from '../simulator/kernel/program-image';
import type { CapabilityRegisterView, PageSnapshot } from './protocol';

export interface KernelSnapshot {
  kernel: KernelStateSnapshot;
  switchCount: number;
}

/** One domain or process switch, as recorded when it happened. */
export interface SwitchRecord {
  kind: 'domainSwitch' | 'processSwitch';
  threadId: number;
  thread: string;
  from: string;
  to: string;
  /** Names of the process and domain after the switch. */
  toProcess: string;
  toDomain: string;
  proxy?: string;
  cycles: number;
  instructions: number;
  pc: number;
  /** Where in user code the switch was caused (the caller's call for a proxy's switches). */
  sourcePc: number;
}

export interface KcsRecordInfo {
  callerProcess: string;
  calleeProcess: string;
  returnAddress: number;
  callerStackPointer: number;
  proxyAddress: number;
  proxy?: ProxyInfo;
  /** Where the record sits in kernel memory (its layout: KcsRecord of kernel-memory.ts). */
  recordAddress: number;
}

export interface TargetThread {
  tid: number;
  homeProcess: string;
  status: 'runnable' | 'blocked' | 'ended';
}

const PROCESS_NAME_OF_SYSTEM_TAG: Record<number, string> = { 0: 'kernel', 1: 'kernel' };

export class KernelTarget implements ExecutionTarget<KernelSnapshot> {
  private installedBreakpoints = new Set<number>();
  private lastRequestedBreakpoints: ReadonlySet<number> | undefined;
  private switchLog: SwitchRecord[] = [];
  private classicStubCache: { state: object; count: number; stubs: ClassicStubInfo[] } | undefined;

  /** `image`, when given, names the regions of the page map (`Store .text`). */
  constructor(
    readonly kernel: Kernel,
    private readonly image?: ProgramImage,
  ) {
    kernel.machine.observer = {
      domainSwitch: (event) => this.record('domainSwitch', this.domainName(event.from), this.domainName(event.to), event.pc, event.cycles, event.target),
      processSwitch: (event) => this.record('processSwitch', this.kernel.processName(event.from), this.kernel.processName(event.to), event.pc, event.cycles, event.pc),
    };
  }

  // -------------------------------------------------------------------------------------------
  // ExecutionTarget

  clock(): number {
    return this.kernel.machine.instret;
  }

  cycles(): number {
    return this.kernel.machine.cycles;
  }

  /** The kernel scheduler's next choice: the current thread while its quantum lasts, then round-robin. */
  nextThread(): number {
    const { threads, current, sliceUsed } = this.kernel.state;
    if (current >= 0 && threads[current].status === 'runnable' && sliceUsed < this.kernel.quantum) return threads[current].tid;
    for (let offset = 1; offset <= threads.length; offset++) {
      const index = ((current < 0 ? -1 : current) + offset + threads.length) % threads.length;
      if (threads[index].status === 'runnable') return threads[index].tid;
    }
    return this.kernel.currentThread ?? -1;
  }

  pcOf(thread: number): number {
    return (this.thread(thread)?.context.pc ?? 0) >>> 0;
  }

  ended(): boolean {
    return this.kernel.finished;
  }

  run(request: RunRequest): RunOutcome {
    this.installBreakpoints(request.stopBefore);
    const machine = this.kernel.machine;
    const wantSwitches = request.stopAfterDomainSwitch === true || request.stopAfterProcessSwitch === true;
    machine.stopOnDomainSwitch = wantSwitches;
    const start = this.clock();
    const switchesBefore = this.switchLog.length;
    try {
      for (;;) {
        const budget = request.limit - (this.clock() - start);
        const stop = this.kernel.run(Math.max(0, budget), { stopOnFault: request.stopOnFault === true });
        switch (stop.kind) {
          case 'limit':
            return { kind: 'limit' };
          case 'finished':
            return { kind: 'ended', exitCode: this.kernel.exitCode() };
          case 'breakpoint':
            return { kind: 'address', threadId: stop.thread };
          case 'ebreak':
            return { kind: 'ebreak', threadId: stop.thread };
          case 'fault':
            return { kind: 'fault', fault: stop.fault };
          case 'domainSwitch': {
            const processSwitched = this.switchLog.slice(switchesBefore).some((record) => record.kind === 'processSwitch');
            if (request.stopAfterProcessSwitch && processSwitched) return { kind: 'processSwitch' };
            if (request.stopAfterDomainSwitch) return { kind: 'domainSwitch' };
            // Only process switches are wanted: they happen inside proxies, between domain switches.
            if (budget <= 0) return { kind: 'limit' };
            continue;
          }
        }
      }
    } finally {
      machine.stopOnDomainSwitch = false;
    }
  }

  snapshot(): KernelSnapshot {
    return { kernel: this.kernel.snapshot(), switchCount: this.switchLog.length };
  }

  restore(snapshot: KernelSnapshot): void {
    this.kernel.restore(snapshot.kernel);
    this.switchLog.length = Math.min(this.switchLog.length, snapshot.switchCount);
  }

  /** The kernel's output log is part of its snapshots (by length), so replay regenerates it exactly. */
  outputCount(): number {
    return this.kernel.outputCount();
  }

  outputChunk(index: number): { process: string; stream: 'stdout' | 'stderr'; text: string } {
    const [chunk] = this.kernel.output(index, index + 1);
    return { process: chunk.process, stream: chunk.stream, text: chunk.text };
  }

  // -------------------------------------------------------------------------------------------
  // Threads and registers

  threads(): TargetThread[] {
    return this.kernel.state.threads.map((thread) => ({ tid: thread.tid, homeProcess: this.kernel.processName(thread.home), status: thread.status }));
  }

  threadEnded(thread: number): boolean {
    return (this.thread(thread)?.status ?? 'ended') === 'ended';
  }

  registersOf(thread: number): Int32Array {
    return this.thread(thread)?.context.registers ?? new Int32Array(32);
  }

  setRegister(thread: number, index: number, value: number): void {
    const context = this.thread(thread)?.context;
    if (!context || index <= 0 || index > 31) throw new Error('no such register');
    context.registers[index] = value | 0;
  }

  currentProcessOf(thread: number): number {
    return this.thread(thread)?.context.process ?? 0;
  }

  homeProcessOf(thread: number): number {
    return this.thread(thread)?.home ?? 0;
  }

  /**
   * Classic IPC modes: the server thread running the call `thread` is blocked on (its ipc_call), if
   * it is blocked on one. In dIPC mode a call runs on the calling thread itself.
   */
  servingThreadOf(thread: number): number | undefined {
    const call = this.thread(thread)?.ipcWait;
    if (call === undefined) return undefined;
    return this.kernel.state.classic?.calls.find((candidate) => candidate.id === call)?.serverTid;
  }

  /** Classic IPC modes: true while `thread` is blocked in an ipc_call, waiting for its reply. */
  waitsForCall(thread: number): boolean {
    return this.thread(thread)?.ipcWait !== undefined;
  }

  /** Classic IPC modes: the thread whose call `thread` is serving, if it is serving one. */
  callerThreadOf(thread: number): number | undefined {
    return this.kernel.state.classic?.calls.find((call) => call.serverTid === thread)?.callerTid;
  }

  /** Classic IPC modes: the generated caller or server stub whose code contains `address`. */
  classicStubAt(address: number): ClassicStubInfo | undefined {
    const classic = this.kernel.state.classic;
    if (classic === undefined) return undefined;
    // Between restores (which replace the state object) stubs are only added: the count tells when.
    const count = classic.connections.length + classic.serverStubs.length;
    if (this.classicStubCache?.state !== classic || this.classicStubCache.count !== count) this.classicStubCache = { state: classic, count, stubs: this.kernel.classicStubs() };
    return this.classicStubCache.stubs.find((stub) => address >= stub.address && address < stub.address + stub.size);
  }

  /** The permission the pending fault lacked (the kernel's report drops it; the machine's fault has it). */
  missingPermission(): MissingPermission | undefined {
    return this.kernel.state.pendingFault?.fault.missingPermission;
  }

  /**
   * The debugger stopped here: the next thread's next instruction runs without stopping at a
   * breakpoint on it, as after a forward stop (the machine keeps this per thread: `stoppedAt`).
   */
  markStoppedAtNextInstruction(): void {
    const context = this.thread(this.nextThread())?.context;
    if (context) context.stoppedAt = context.pc;
  }

  /** True while the kernel holds a fault a run stopped at (it acts on it when the program runs on). */
  faultPending(): boolean {
    return this.kernel.state.pendingFault !== undefined;
  }

  lastSwitch(): SwitchRecord | undefined {
    return this.switchLog[this.switchLog.length - 1];
  }

  switches(): readonly SwitchRecord[] {
    return this.switchLog;
  }

  // -------------------------------------------------------------------------------------------
  // Memory

  readWord(address: number): number | undefined {
    return this.kernel.machine.readWord(address >>> 0);
  }

  writeWord(address: number, value: number): boolean {
    return this.kernel.machine.writeWord(address >>> 0, value | 0);
  }

  readMemory(address: number, count: number): { bytes: Uint8Array; unreadable: number } {
    const bytes: number[] = [];
    for (let offset = 0; offset < count; offset++) {
      const chunk = this.kernel.machine.readMemory((address + offset) >>> 0, 1);
      if (chunk === undefined) break;
      bytes.push(chunk[0]);
    }
    return { bytes: Uint8Array.from(bytes), unreadable: count - bytes.length };
  }

  writeMemory(address: number, bytes: Uint8Array): number {
    return this.kernel.machine.writeMemory(address >>> 0, bytes) ? bytes.length : 0;
  }

  isExecutable(address: number): boolean {
    return this.kernel.machine.pageAt(address >>> 0)?.execute === true;
  }

  tagAt(address: number): number {
    return this.kernel.machine.pageAt(address >>> 0)?.tag ?? 0;
  }

  // -------------------------------------------------------------------------------------------
  // dIPC and CODOMs state

  processName(pid: number): string {
    return this.kernel.processName(pid);
  }

  /**
   * The kernel's name: `Process` for a process's own domain, the image's `Process.Domain` for a
   * further one once start-up code maps it, whatever a program gave with dom_name, `proxies`, `kernel`.
   */
  domainName(tag: number): string {
    return this.kernel.domainName(tag);
  }

  domainOwner(tag: number): string {
    const owner = this.kernel.state.domains.find((domain) => domain.tag === tag)?.owner;
    return owner === undefined || owner === 0 ? (PROCESS_NAME_OF_SYSTEM_TAG[tag] ?? '') : this.kernel.processName(owner);
  }

  domainIsPrivileged(tag: number): boolean {
    return this.kernel.machine.pages().some((page) => page.tag === tag && page.privileged);
  }

  pageCountOf(tag: number): number {
    return this.kernel.machine.pages().filter((page) => page.tag === tag).length;
  }

  aplOf(tag: number): Map<number, 'call' | 'read' | 'write'> {
    return this.kernel.machine.aplOf(tag);
  }

  aplCacheState(): { hits: number; misses: number; entries: number[] } {
    const state = this.kernel.machine.aplCacheState();
    return { hits: state.hits, misses: state.misses, entries: state.entries };
  }

  aplCacheCapacity(): number {
    return this.kernel.machine.config.aplCacheEntries;
  }

  processList(): { pid: number; name: string; status: 'running' | 'exited' | 'faulted' | 'killed'; exitCode: number }[] {
    return this.kernel.processes().map((process) => ({ pid: process.pid, name: process.name, status: process.status, exitCode: process.exitCode }));
  }

  domainsOf(pid: number): number[] {
    return this.kernel.state.domains.filter((domain) => domain.owner === pid).map((domain) => domain.tag);
  }

  /** Domains no process owns (the kernel's, the proxies'), when they have pages. */
  systemDomains(): number[] {
    const tags = new Set(this.kernel.machine.pages().map((page) => page.tag));
    const owned = new Set(this.kernel.state.domains.filter((domain) => domain.owner !== 0).map((domain) => domain.tag));
    return [...tags].filter((tag) => !owned.has(tag)).sort((a, b) => a - b);
  }

  proxies(): ProxyInfo[] {
    return this.kernel.proxies();
  }

  proxyAt(address: number): ProxyInfo | undefined {
    return this.kernel.proxyAt(address >>> 0);
  }

  /** The thread's crossings, innermost first. */
  kcsRecords(thread: number): KcsRecordInfo[] {
    const kernelControlStack = this.thread(thread)?.context.kernelControlStack ?? 0;
    return this.kernel.kcs(thread).map((record, index) => ({
      callerProcess: record.callerName,
      calleeProcess: record.calleeName ?? '?',
      returnAddress: record.returnAddress >>> 0,
      callerStackPointer: record.callerSp >>> 0,
      proxyAddress: record.proxy >>> 0,
      proxy: this.kernel.proxyAt(record.proxy >>> 0),
      recordAddress: (kernelControlStack + index * KCS_RECORD_BYTES) >>> 0,
    }));
  }

  capabilityRegisterView(thread: number, index: number): CapabilityRegisterView {
    const context = this.thread(thread)?.context;
    const capability = context?.capabilityRegisters[index];
    return this.capabilityView(`cr${index}`, capability, context?.dcs, context?.rootSerial);
  }

  storedCapabilityView(address: number): CapabilityRegisterView | undefined {
    const capability = this.kernel.machine.storedCapability(address >>> 0);
    return capability && this.capabilityView(`[${address}]`, capability, undefined, undefined);
  }

  pageSnapshots(): PageSnapshot[] {
    return pageMap(this.kernel, this.image);
  }

  // -------------------------------------------------------------------------------------------

  private thread(tid: number): ThreadState | undefined {
    return this.kernel.state.threads[tid - 1];
  }

  /** Keeps the machine's breakpoint set equal to `wanted`. */
  private installBreakpoints(wanted: ReadonlySet<number> | undefined): void {
    if (wanted === this.lastRequestedBreakpoints) return;
    this.lastRequestedBreakpoints = wanted;
    const target = new Set<number>(wanted ?? []);
    const machine = this.kernel.machine;
    for (const address of this.installedBreakpoints) if (!target.has(address)) machine.removeBreakpoint(address);
    for (const address of target) if (!this.installedBreakpoints.has(address)) machine.addBreakpoint(address);
    this.installedBreakpoints = target;
  }

  private capabilityView(name: string, capability: Capability | undefined, dcs: ThreadState['context']['dcs'] | undefined, rootSerial: number | undefined): CapabilityRegisterView {
    if (!capability) return { name, valid: false, base: 0, length: 0, permission: 'none', kind: 'sync', owner: '' };
    let valid: boolean;
    if (capability.kind === 'async') valid = this.kernel.machine.readWord(capability.counterAddress!) === capability.counterValue;
    else if (capability.frameDepth === -1) valid = capability.frameSerial === rootSerial;
    else valid = dcs?.[capability.frameDepth!]?.serial === capability.frameSerial;
    return {
      name,
      valid,
      base: capability.base >>> 0,
      length: capability.length,
      permission: capability.permission === 'rw' ? 'read+write' : 'read',
      kind: capability.kind,
      owner: this.domainName(capability.owner),
    };
  }

  private record(kind: SwitchRecord['kind'], from: string, to: string, pc: number, cycles: number, target: number): void {
    const kernel = this.kernel;
    const tid = kernel.currentThread ?? 0;
    const thread = this.thread(tid);
    const proxy = kernel.proxyAt(pc >>> 0) ?? kernel.proxyAt(target >>> 0);
    // The user-code location behind a proxy's switch is the caller's call: the innermost KCS record's return.
    const crossing = proxy ? kernel.kcs(tid)[0] : undefined;
    this.switchLog.push({
      kind,
      threadId: tid,
      thread: thread ? `${kernel.processName(thread.home)}#${tid}` : `#${tid}`,
      from,
      to,
      toProcess: kernel.processName(thread?.context.process ?? 0),
      toDomain: this.domainName(kernel.machine.pageAt(target >>> 0)?.tag ?? 0),
      proxy: proxy ? `proxy ${proxy.callerName} -> ${proxy.entryName}` : undefined,
      cycles,
      instructions: kernel.machine.instret,
      pc: pc >>> 0,
      sourcePc: crossing ? (crossing.returnAddress - 4) >>> 0 : pc >>> 0,
    });
  }
}
