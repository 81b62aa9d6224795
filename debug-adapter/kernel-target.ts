// The ExecutionTarget over the real kernel and machine, plus the read/write queries the inspector
// needs (threads, registers, memory, KCS, proxies, domains, pages). It also records the timeline of
// domain and process switches through the machine's observer; the record is part of each
// snapshot (by length), so travelling back in time truncates it and replay rebuilds it exactly.

import type { Kernel, KernelSnapshot as KernelStateSnapshot, ProxyInfo } from '../simulator/kernel/kernel';
import type { MissingPermission } from '../simulator/machine/faults';
import type { Capability } from '../simulator/machine/capabilities';
import type { FaultReport, ThreadState } from '../simulator/kernel/kernel-state';
import { Syscall } from '../simulator/kernel/abi';
import { PROXY_REGION } from '../simulator/kernel/address-space';
import { hex } from '../simulator/machine/faults';
import type { ExecutionTarget, RunOutcome, RunRequest } from './execution-target';
import type { CapabilityRegisterView, PageSnapshot } from './protocol';

export interface KernelSnapshot {
  kernel: KernelStateSnapshot;
  switchCount: number;
  outputCount: number;
}

type OutputChunk = KernelStateSnapshot['kernel']['output'][number];

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
}

export interface TargetThread {
  tid: number;
  homeProcess: string;
  status: 'runnable' | 'blocked' | 'ended';
}

const PROCESS_NAME_OF_SYSTEM_TAG: Record<number, string> = { 0: 'kernel', 1: 'kernel' };

/** A code address known to lie in a domain, and the name the debugger gives that domain. */
export interface DomainAnchor {
  address: number;
  /** `Process` or `Process.Domain`, as in frame names. */
  name: string;
}

const ECALL = 0x0000_0073;
const A7 = 17;
/** System calls with which the kernel raises a fault itself (abi.ts): the debugger stops before them. */
const KERNEL_FAULT_CALLS: ReadonlyMap<number, 'assert' | 'remote-fault'> = new Map([
  [Syscall.assertFail, 'assert'],
  [Syscall.remoteFault, 'remote-fault'],
]);

export class KernelTarget implements ExecutionTarget<KernelSnapshot> {
  private installedBreakpoints = new Set<number>();
  private lastRequestedBreakpoints: ReadonlySet<number> | undefined;
  private lastStopOnFault = false;
  private switchLog: SwitchRecord[] = [];
  /**
   * The program's output so far. The kernel keeps output in its state, which every snapshot
   * deep-copies; the target moves it here after each run (the kernel's list stays short), and a
   * snapshot records only this log's length, as it does for the switch log.
   */
  private outputLog: OutputChunk[] = [];
  /** Every `ecall` in the program's own code: where kernel-raised faults (assert, remote-fault) start. */
  private readonly systemCallSites: ReadonlySet<number>;
  /** The subset that may raise a fault: `a7` is not visibly set to another call just before. */
  private readonly faultCallSites: ReadonlySet<number>;

  constructor(
    readonly kernel: Kernel,
    private readonly domainAnchors: readonly DomainAnchor[] = [],
  ) {
    this.systemCallSites = findSystemCallSites(kernel);
    this.faultCallSites = new Set([...this.systemCallSites].filter((site) => mayRaiseKernelFault(kernel, site)));
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
    const stopOnFault = request.stopOnFault === true;
    this.installBreakpoints(request.stopBefore, stopOnFault);
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
          case 'breakpoint': {
            const kernelFault = stopOnFault && this.faultCallSites.has(stop.address) ? this.kernelFaultAt(stop.thread, stop.address) : undefined;
            if (kernelFault) return { kind: 'fault', fault: kernelFault };
            if (request.stopBefore?.has(stop.address)) return { kind: 'address', threadId: stop.thread };
            // A system call site that raises no fault this time: the next run executes it.
            continue;
          }
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
    this.drainOutput();
    return { kernel: this.kernel.snapshot(), switchCount: this.switchLog.length, outputCount: this.outputLog.length };
  }

  restore(snapshot: KernelSnapshot): void {
    this.kernel.restore(snapshot.kernel);
    this.switchLog.length = Math.min(this.switchLog.length, snapshot.switchCount);
    this.outputLog.length = Math.min(this.outputLog.length, snapshot.outputCount);
    this.drainOutput();
  }

  outputCount(): number {
    this.drainOutput();
    return this.outputLog.length;
  }

  outputChunk(index: number): { process: string; stream: 'stdout' | 'stderr'; text: string } {
    const chunk = this.outputLog[index];
    return { process: chunk.process, stream: chunk.stream, text: chunk.text };
  }

  private drainOutput(): void {
    const pending = this.kernel.state.output;
    if (pending.length === 0) return;
    for (const chunk of pending) this.outputLog.push(chunk);
    pending.length = 0;
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

  /** The permission the pending fault lacked (the kernel's report drops it; the machine's fault has it). */
  missingPermission(): MissingPermission | undefined {
    return this.kernel.state.pendingFault?.fault.missingPermission;
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

  /** Domains hosting program code are named as in frame names (`Browser.Plugin`); others as the kernel names them. */
  domainName(tag: number): string {
    for (const anchor of this.domainAnchors) {
      if (this.kernel.machine.pageAt(anchor.address)?.tag === tag) return anchor.name;
    }
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
    return this.kernel.kcs(thread).map((record) => ({
      callerProcess: record.callerName,
      calleeProcess: record.calleeName ?? '?',
      returnAddress: record.returnAddress >>> 0,
      callerStackPointer: record.callerSp >>> 0,
      proxyAddress: record.proxy >>> 0,
      proxy: this.kernel.proxyAt(record.proxy >>> 0),
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
    const domains = new Map(this.kernel.state.domains.map((domain) => [domain.tag, domain]));
    return this.kernel.machine.pages().map((page) => {
      const owner = domains.get(page.tag)?.owner ?? 0;
      return {
        address: page.address,
        read: page.read,
        write: page.write,
        execute: page.execute,
        privileged: page.privileged,
        capabilityStorage: page.capabilityStorage,
        tag: page.tag,
        domain: this.domainName(page.tag),
        process: owner === 0 ? 'kernel' : this.kernel.processName(owner),
      };
    });
  }

  // -------------------------------------------------------------------------------------------

  private thread(tid: number): ThreadState | undefined {
    return this.kernel.state.threads[tid - 1];
  }

  /** The fault the kernel is about to raise when `thread` executes the ecall at `address`. */
  private kernelFaultAt(thread: number, address: number): FaultReport | undefined {
    if (!this.systemCallSites.has(address)) return undefined;
    const state = this.thread(thread);
    const kind = KERNEL_FAULT_CALLS.get(state?.context.registers[A7] ?? -1);
    if (!state || !kind) return undefined;
    const pid = state.context.process;
    const process = this.kernel.processName(pid);
    const message = kind === 'assert'
      ? `assertion failed in ${process} at ${hex(address)}`
      : `a call from ${process} to another process failed (the callee faulted or had died) and the call has no \`else\``;
    return { kind, process, pid, domain: this.domainName(this.tagAt(address)), pc: address, address, message, thread };
  }

  /** Keeps the machine's breakpoint set equal to `wanted` plus, when faults stop, the system call sites. */
  private installBreakpoints(wanted: ReadonlySet<number> | undefined, stopOnFault: boolean): void {
    if (wanted === this.lastRequestedBreakpoints && stopOnFault === this.lastStopOnFault) return;
    this.lastRequestedBreakpoints = wanted;
    this.lastStopOnFault = stopOnFault;
    const target = new Set<number>(wanted ?? []);
    if (stopOnFault) for (const address of this.faultCallSites) target.add(address);
    const machine = this.kernel.machine;
    for (const address of this.installedBreakpoints) if (!target.has(address)) machine.removeBreakpoint(address);
    for (const address of target) if (!this.installedBreakpoints.has(address)) machine.addBreakpoint(address);
    this.installedBreakpoints = new Set(target);
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

/** Addresses of `ecall` instructions on executable pages outside the proxy region, found once at load. */
function findSystemCallSites(kernel: Kernel): Set<number> {
  const sites = new Set<number>();
  for (const page of kernel.machine.pages()) {
    if (!page.execute || (page.address >= PROXY_REGION.base && page.address < PROXY_REGION.base + PROXY_REGION.size)) continue;
    for (let offset = 0; offset < 4096; offset += 4) {
      if (kernel.machine.readWord(page.address + offset) === ECALL) sites.add(page.address + offset);
    }
  }
  return sites;
}

/**
 * False when the instruction before the ecall is `addi a7, zero, N` (`li a7, N`) with N a call
 * that raises no fault, as the compiler's system calls are; anything else may raise one.
 */
function mayRaiseKernelFault(kernel: Kernel, site: number): boolean {
  const previous = kernel.machine.readWord(site - 4);
  if (previous === undefined) return true;
  const isLoadA7 = (previous & 0x7f) === 0x13 && ((previous >>> 12) & 7) === 0 && ((previous >>> 7) & 31) === A7 && ((previous >>> 15) & 31) === 0;
  return !isLoadA7 || KERNEL_FAULT_CALLS.has(previous >> 20);
}
