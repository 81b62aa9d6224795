// The CODOMs machine (machine.md): one RV32IM hart with the CODOMs page table, APLs and their
// cache, capability registers, the domain control stack and the dIPC CSRs. It is the hardware the
// kernel, the debugger and the CLI drive; the hot loop is in interpreter.ts, and this class holds
// the state plus every slow path (domain transfers, cross-domain accesses, capabilities, CSRs).
//
// Public API (docs/machine.md explains it with examples):
//   new Machine(config?: Partial<MachineConfig>, costs?: Partial<MachineCosts>)
//   memory:   mapPages(address, size, attrs) (re-mapping keeps contents), unmapPages, setPageTag,
//             pageAt(address), pages(), loadBytes(address, bytes),
//             readMemory/writeMemory/readWord/writeWord (debugger access: no cost, no stats, no faults)
//   domains:  setAplPermission(domain, target, 'call'|'read'|'write'|undefined), aplOf(domain),
//             aplDomains(), aplCacheState(), setDomainName(tag, name), domainName(tag), currentDomain()
//   threads:  context (the attached ThreadContext, live), createContext({ pc, sp? }),
//             saveContext() (a copy), loadContext(ctx) (attaches a copy), pc, registers,
//             getRegister/setRegister, capabilityRegister/setCapabilityRegister, readCsr/writeCsr,
//             capabilityState(cap), storedCapability(address), storedCapabilities()
//   running:  run(maxInstructions): StopEvent, step(): StopEvent | undefined,
//             addBreakpoint/removeBreakpoint/clearBreakpoints/breakpoints(), stopOnDomainSwitch,
//             observer (domain and process switches), stats, snapshot()/restore(snapshot)
// After an `ecall` or `ebreak` stop the pc points after it; after a fault the pc stays on the
// faulting instruction (for a fall-through into a forbidden page: on the first address of that page).
import * as aplModule from './apl';
import type { AplPermission } from './apl';
import { AplCache, type AplCacheState } from './apl-cache';
import * as capabilitiesModule from './capabilities';
import type { Capability, CapabilityState } from './capabilities';
import { costKeyOfClass, validateCostSection, MACHINE_COST_TABLE, type MachineCosts } from './cost-model';
import * as faultsModule from './faults';
import type { Fault, FaultKind } from './faults';
import { CAPABILITY_REGISTER_COUNT, CAPABILITY_SLOT_BYTES, Csr, INSTRUCTION_BY_MNEMONIC, type CsrName } from './instruction-set';
import * as interpreterModule from './interpreter';
import type { SlowResult } from './interpreter';
import * as pageTableModule from './page-table';
import type { PageAttributes, PageInfo, PageTableSnapshot } from './page-table';
import { cloneContext, type DcsFrame, type ThreadContext } from './thread-context';

// Module-local copies of what the slow paths use on every cross-domain access: when files are
// transpiled one by one (tsx: tests, benchmarks), each use of an imported binding is a getter call.
const { AccessProtectionLists } = aplModule;
const AplLevel = { ...aplModule.AplLevel };
const { PERMISSION_OF_CODE, capabilityAllows, capabilityCovers, describeCapability, distanceToCapability } = capabilitiesModule;
const { hex } = faultsModule;
const { decodeBreakpointInto, decodeInto, execute, operationCosts } = interpreterModule;
const Slow = { ...interpreterModule.Slow };
const { PAGE_BYTES, PAGE_SHIFT, PageTable, TAG_MASK, TAG_SHIFT, STORE_BOOKKEEPING_BITS, attributeWord, pageInfoOf } = pageTableModule;
const PageBit = { ...pageTableModule.PageBit };

export interface MachineConfig {
  /** ENTRY_ALIGN: alignment of entry points for callers holding only `call` permission (a power of two). */
  entryAlign: number;
  /** APL_CACHE_ENTRIES: domains whose APL the per-CPU cache holds. */
  aplCacheEntries: number;
  /** false turns every CODOMs check off (tags, APLs, capabilities, C and P bits, DCS); for speed comparisons only. */
  checksEnabled: boolean;
}

export const DEFAULT_MACHINE_CONFIG: Readonly<MachineConfig> = { entryAlign: 64, aplCacheEntries: 8, checksEnabled: true };

export type TransferKind = 'call' | 'return' | 'jump';

export type StopEvent =
  | { kind: 'limit' }
  | { kind: 'ecall'; pc: number }
  | { kind: 'ebreak'; pc: number }
  | { kind: 'breakpoint'; address: number }
  | { kind: 'fault'; fault: Fault }
  | { kind: 'domainSwitch'; from: number; to: number; transfer: TransferKind; pc: number };

export interface DomainSwitchEvent {
  from: number;
  to: number;
  transfer: TransferKind;
  /** The instruction that transferred control (for a fall-through: the first address of the new page). */
  pc: number;
  target: number;
  /** Cycle count after the switch's costs. */
  cycles: number;
}

export interface ProcessSwitchEvent {
  from: number;
  to: number;
  pc: number;
  cycles: number;
}

/** Called from the slow paths only; an unset observer costs nothing. Must not run or reconfigure the machine. */
export interface MachineObserver {
  domainSwitch?(event: DomainSwitchEvent): void;
  processSwitch?(event: ProcessSwitchEvent): void;
}

export interface MachineStatistics {
  instructions: number;
  cycles: number;
  /** cycles / CLOCK_GHZ. */
  timeNs: number;
  domainSwitches: number;
  /** Writes to dipc.proc that changed it. */
  processSwitches: number;
  crossDomainCalls: number;
  crossDomainReturns: number;
  aplCache: { hits: number; misses: number; invalidations: number };
  /** revoked: capabilities made invalid by a return (sync) or a counter change (async). */
  capabilities: { created: number; revoked: number };
  faults: number;
}

interface EventCounters {
  domainSwitches: number;
  processSwitches: number;
  crossDomainCalls: number;
  crossDomainReturns: number;
  capabilitiesCreated: number;
  capabilitiesRevoked: number;
  faults: number;
}

export interface MachineSnapshot {
  readonly pages: PageTableSnapshot;
  readonly apls: aplModule.AccessProtectionLists;
  readonly aplCache: AplCacheState;
  readonly context: ThreadContext;
  readonly storedCapabilities: ReadonlyMap<number, Capability>;
  readonly counterWatch: ReadonlyMap<number, ReadonlyMap<number, number>>;
  readonly counters: Readonly<EventCounters>;
  readonly cycles: number;
  readonly instret: number;
  readonly nextSerial: number;
  readonly fetchPage: number;
  readonly resumePc: number;
  readonly domainNames: ReadonlyMap<number, string>;
}

/** The dIPC CSRs only code on P pages may touch (dipc.proc may be read anywhere). */
const PRIVILEGED_CSRS: ReadonlySet<CsrName> = new Set<CsrName>(['dipc.kcs', 'dipc.dcsbase', 'dipc.dcsdepth']);
const READ_ONLY_CSRS: ReadonlySet<CsrName> = new Set<CsrName>(['cycle', 'time', 'instret', 'cycleh', 'timeh', 'instreth', 'dipc.dcsdepth']);
const CSR_NAME_OF_NUMBER: ReadonlyMap<number, CsrName> = new Map(
  (Object.entries(Csr) as [CsrName, number][]).map(([name, number]) => [number, name]),
);

/** Instructions per interpreter call inside one run(). */
const RUN_SLICE = 1 << 16;

/** The decoded array of "no page": every slot is Undecoded, so the first fetch binds a page. */
const UNBOUND_CODE = new Int32Array(PAGE_BYTES / 2);

export class Machine {
  readonly config: Readonly<MachineConfig>;
  readonly costs: Readonly<MachineCosts>;
  readonly pageTable = new PageTable();
  observer: MachineObserver | undefined;
  /** Stop with a `domainSwitch` event after every domain switch (off by default: slow-path only). */
  stopOnDomainSwitch = false;

  // ---- state read by the interpreter's inline path (not part of the public API) ----
  /** @internal cycle cost of each Op. */
  readonly opCost: Float64Array;
  /** @internal extra cycles of a taken branch over a not-taken one. */
  readonly branchTakenExtra: number;
  /** @internal masks and keys of the inline load/store check (see updateAccessKeys). */
  readonly loadMask: number;
  readonly storeMask: number;
  loadKey = 0;
  storeKey = 0;
  /** @internal the page the interpreter fetches from: its first address and decoded slots. */
  fetchBase = 0;
  fetchCode: Int32Array = UNBOUND_CODE;
  /** @internal cycle and retired-instruction counters. */
  cycles = 0;
  instret = 0;

  private attachedContext: ThreadContext;
  private readonly apls = new AccessProtectionLists();
  private readonly aplCache: AplCache;
  private readonly domainNames = new Map<number, string>();
  private readonly decodedPages = new Map<number, Int32Array>();
  private readonly breakpointAddresses = new Set<number>();
  /** The breakpoint run() is resuming from: decoded as its instruction for one step. */
  private suppressedBreakpoint = -1;
  /** Capabilities stored on C pages, by slot address (their bytes are never readable). */
  private storedCapabilityTable = new Map<number, Capability>();
  /**
   * Revocation counters in use: address -> value at creation -> async capabilities created with it.
   * The statistics count those whose counter no longer holds the value as revoked (computed when
   * asked, so stores never pay for the bookkeeping).
   */
  private counterWatch = new Map<number, Map<number, number>>();
  private counters: EventCounters = emptyCounters();
  private nextSerial = 1;
  /** Page number the fetch binding refers to, or -1 (bind at the next fetch without a transfer). */
  private fetchPage = -1;
  private currentTag = 0;
  private fetchPrivileged = false;
  /** pc when the last run() returned; a different pc at the next run() means someone moved it. */
  private resumePc = -1;
  private stopEvent: StopEvent | undefined;

  constructor(config: Partial<MachineConfig> = {}, costs: Partial<MachineCosts> = {}) {
    const merged = { ...DEFAULT_MACHINE_CONFIG, ...config };
    if (!Number.isInteger(merged.entryAlign) || merged.entryAlign < 4 || (merged.entryAlign & (merged.entryAlign - 1)) !== 0) {
      throw new RangeError(`entryAlign (ENTRY_ALIGN) must be a power of two >= 4, got ${String(merged.entryAlign)}`);
    }
    this.config = Object.freeze(merged);
    this.costs = Object.freeze(validateCostSection('machine', MACHINE_COST_TABLE, costs));
    this.aplCache = new AplCache(merged.aplCacheEntries);
    this.opCost = operationCosts((mnemonic) => this.costs[costKeyOfClass(INSTRUCTION_BY_MNEMONIC.get(mnemonic)!.costClass)]);
    this.branchTakenExtra = this.costs.branchTaken - this.costs.branch;
    const checks = merged.checksEnabled;
    this.loadMask = PageBit.mapped | PageBit.read | (checks ? TAG_MASK | PageBit.capabilityStorage : 0);
    this.storeMask = PageBit.mapped | PageBit.write | STORE_BOOKKEEPING_BITS | (checks ? TAG_MASK | PageBit.capabilityStorage : 0);
    this.attachedContext = this.createContext({ pc: 0 });
  }

  // ---------------------------------------------------------------- memory and pages

  mapPages(address: number, size: number, attributes: PageAttributes): void {
    const word = attributeWord(attributes);
    const { first, count } = PageTable.pageRange(address, size);
    for (let page = first; page < first + count; page++) this.pageTable.map(page, word);
    this.unbind();
  }

  unmapPages(address: number, size: number): void {
    const { first, count } = PageTable.pageRange(address, size);
    for (let page = first; page < first + count; page++) {
      this.pageTable.unmap(page);
      this.decodedPages.delete(page);
    }
    const inRange = (slot: number): boolean => slot >>> PAGE_SHIFT >= first && slot >>> PAGE_SHIFT < first + count;
    for (const slot of [...this.storedCapabilityTable.keys()]) if (inRange(slot)) this.storedCapabilityTable.delete(slot);
    this.unbind();
  }

  /** Moves mapped pages to another domain (contents and RWX/P/C bits unchanged). */
  setPageTag(address: number, size: number, tag: number): void {
    const { first, count } = PageTable.pageRange(address, size);
    const tagBits = attributeWord({ read: false, write: false, execute: false, tag }) & TAG_MASK;
    for (let page = first; page < first + count; page++) {
      if (!this.pageTable.isMapped(page)) throw new RangeError(`setPageTag: page ${hex(page << PAGE_SHIFT)} is not mapped`);
    }
    for (let page = first; page < first + count; page++) {
      this.pageTable.attributes[page] = (this.pageTable.attributes[page] & ~TAG_MASK) | tagBits;
    }
    this.unbind();
  }

  pageAt(address: number): PageInfo | undefined {
    const page = (address >>> 0) >>> PAGE_SHIFT;
    const word = this.pageTable.attributes[page];
    return word === 0 ? undefined : pageInfoOf(page, word);
  }

  pages(): PageInfo[] {
    return this.pageTable.mappedPageNumbers().map((page) => pageInfoOf(page, this.pageTable.attributes[page]));
  }

  /** Initial contents (loader): no permission checks; throws when a byte falls on an unmapped page. */
  loadBytes(address: number, bytes: Uint8Array): void {
    if (!this.writeMemory(address, bytes, true)) {
      throw new RangeError(`loadBytes: [${hex(address)}, ${hex(address + bytes.length)}) is not entirely mapped`);
    }
  }

  /** Debugger read: no cost, statistics or faults; undefined when any byte is unmapped. */
  readMemory(address: number, length: number): Uint8Array | undefined {
    const start = address >>> 0;
    if (!Number.isInteger(length) || length < 0 || start + length > 2 ** 32) return undefined;
    const result = new Uint8Array(length);
    for (let index = 0; index < length; index++) {
      const at = start + index;
      const page = at >>> PAGE_SHIFT;
      if (!this.pageTable.isMapped(page)) return undefined;
      result[index] = this.pageTable.pageBytes(at)[at & (PAGE_BYTES - 1)];
    }
    return result;
  }

  /**
   * Debugger write: no cost, statistics or faults; false (and nothing written) when a byte is
   * unmapped or on a capability-storage page (capabilities cannot be made from bytes).
   */
  writeMemory(address: number, bytes: Uint8Array, allowCapabilityStorage = false): boolean {
    const start = address >>> 0;
    if (start + bytes.length > 2 ** 32) return false;
    for (let page = start >>> PAGE_SHIFT; bytes.length > 0 && page <= (start + bytes.length - 1) >>> PAGE_SHIFT; page++) {
      const word = this.pageTable.attributes[page];
      if ((word & PageBit.mapped) === 0) return false;
      if (!allowCapabilityStorage && (word & PageBit.capabilityStorage) !== 0) return false;
    }
    for (let index = 0; index < bytes.length; index++) {
      const at = start + index;
      this.pageTable.makePrivate(at >>> PAGE_SHIFT);
      this.pageTable.pageBytes(at)[at & (PAGE_BYTES - 1)] = bytes[index];
      this.invalidateDecodedSlot(at);
    }
    return true;
  }

  readWord(address: number): number | undefined {
    const bytes = this.readMemory(address, 4);
    return bytes === undefined ? undefined : (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  }

  writeWord(address: number, value: number): boolean {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
    return this.writeMemory(address, bytes);
  }

  // ---------------------------------------------------------------- domains and APLs

  /** Sets `domain`'s permission on `target` (undefined removes it) and invalidates its APL cache entry. */
  setAplPermission(domain: number, target: number, permission: AplPermission | undefined): void {
    this.apls.set(domain, target, permission);
    this.aplCache.invalidate(domain);
  }

  aplOf(domain: number): Map<number, AplPermission> {
    return this.apls.listOf(domain);
  }

  aplDomains(): number[] {
    return this.apls.domains();
  }

  aplCacheState(): AplCacheState {
    return this.aplCache.state();
  }

  setDomainName(tag: number, name: string): void {
    this.domainNames.set(tag, name);
  }

  domainName(tag: number): string | undefined {
    return this.domainNames.get(tag);
  }

  /** The tag of the page holding the instruction at pc (undefined when that page is unmapped). */
  currentDomain(): number | undefined {
    if (this.fetchPage >= 0 && this.fetchPage === this.attachedContext.pc >>> PAGE_SHIFT) return this.currentTag;
    const page = this.pageAt(this.attachedContext.pc);
    return page?.tag;
  }

  // ---------------------------------------------------------------- thread context

  get context(): ThreadContext {
    return this.attachedContext;
  }

  /** Attaches a context object as is (the kernel's own object; it stays live while attached). */
  set context(context: ThreadContext) {
    this.attachedContext = context;
    this.unbind();
  }

  createContext(initial: { pc: number; sp?: number; process?: number }): ThreadContext {
    const registers = new Int32Array(32);
    if (initial.sp !== undefined) registers[2] = initial.sp;
    return {
      registers,
      pc: initial.pc >>> 0,
      capabilityRegisters: new Array<Capability | undefined>(CAPABILITY_REGISTER_COUNT).fill(undefined),
      dcs: [],
      dcsBase: 0,
      process: initial.process ?? 0,
      kernelControlStack: 0,
      rootSerial: this.nextSerial++,
      stoppedAt: undefined,
    };
  }

  saveContext(): ThreadContext {
    return cloneContext(this.attachedContext);
  }

  loadContext(context: ThreadContext): void {
    this.context = cloneContext(context);
  }

  get pc(): number {
    return this.attachedContext.pc;
  }

  set pc(value: number) {
    this.attachedContext.pc = value >>> 0;
  }

  get registers(): Int32Array {
    return this.attachedContext.registers;
  }

  getRegister(index: number): number {
    return index === 0 ? 0 : this.attachedContext.registers[index];
  }

  setRegister(index: number, value: number): void {
    if (!Number.isInteger(index) || index < 0 || index > 31) throw new RangeError(`register index must be 0..31, got ${index}`);
    if (index !== 0) this.attachedContext.registers[index] = value;
  }

  capabilityRegister(index: number): Capability | undefined {
    return this.attachedContext.capabilityRegisters[index];
  }

  setCapabilityRegister(index: number, capability: Capability | undefined): void {
    if (!Number.isInteger(index) || index < 0 || index >= CAPABILITY_REGISTER_COUNT) {
      throw new RangeError(`capability register index must be 0..${CAPABILITY_REGISTER_COUNT - 1}, got ${index}`);
    }
    this.attachedContext.capabilityRegisters[index] = capability;
  }

  /** Whether a capability is currently usable by the attached thread. */
  capabilityState(capability: Capability): CapabilityState {
    if (capability.kind === 'async') {
      const value = this.peekWord(capability.counterAddress!);
      return value === capability.counterValue ? 'valid' : 'revoked';
    }
    const context = this.attachedContext;
    if (capability.frameDepth === -1) return capability.frameSerial === context.rootSerial ? 'valid' : 'expired';
    return context.dcs[capability.frameDepth!]?.serial === capability.frameSerial ? 'valid' : 'expired';
  }

  storedCapability(address: number): Capability | undefined {
    return this.storedCapabilityTable.get(address >>> 0);
  }

  storedCapabilities(): [number, Capability][] {
    return [...this.storedCapabilityTable].sort((a, b) => a[0] - b[0]);
  }

  /** Debugger/kernel CSR access: no privilege check, no cost, no statistics. */
  readCsr(name: CsrName): number {
    return this.csrValue(name);
  }

  writeCsr(name: CsrName, value: number): void {
    if (READ_ONLY_CSRS.has(name)) throw new RangeError(`CSR ${name} is read-only`);
    const context = this.attachedContext;
    if (name === 'dipc.proc') context.process = value >>> 0;
    else if (name === 'dipc.kcs') context.kernelControlStack = value >>> 0;
    else context.dcsBase = value >>> 0;
  }

  // ---------------------------------------------------------------- running

  addBreakpoint(address: number): void {
    this.breakpointAddresses.add(address >>> 0);
    this.invalidateDecodedSlot(address >>> 0);
  }

  removeBreakpoint(address: number): void {
    if (this.breakpointAddresses.delete(address >>> 0)) this.invalidateDecodedSlot(address >>> 0);
  }

  clearBreakpoints(): void {
    for (const address of [...this.breakpointAddresses]) this.removeBreakpoint(address);
  }

  breakpoints(): ReadonlySet<number> {
    return this.breakpointAddresses;
  }

  /**
   * Runs at most `maxInstructions` instructions of the attached context. Stops early on ecall,
   * ebreak, a fault, a breakpoint or, when stopOnDomainSwitch is set, a domain switch. A
   * breakpoint at the starting pc is stepped over when the thread's previous run stopped there
   * (an event or a single step), and reported when it only ended a time slice there.
   */
  run(maxInstructions: number): StopEvent {
    if (!Number.isInteger(maxInstructions) || maxInstructions < 0) {
      throw new RangeError(`run: maxInstructions must be a non-negative integer, got ${String(maxInstructions)}`);
    }
    this.stopEvent = undefined;
    const context = this.attachedContext;
    if (context.pc !== this.resumePc) this.unbind();
    if ((context.pc & 3) !== 0) {
      this.raise('misaligned-access', context.pc, context.pc, `pc ${hex(context.pc)} is not 4-byte aligned`);
    } else if (maxInstructions > 0) {
      let remaining = maxInstructions;
      const start = context.pc;
      if (this.breakpointAddresses.has(start) && context.stoppedAt === start) {
        // Resuming from a breakpoint: execute its instruction once, then re-arm it.
        const before = this.instret;
        this.suppressedBreakpoint = start;
        this.invalidateDecodedSlot(start);
        execute(this, 1);
        this.suppressedBreakpoint = -1;
        this.invalidateDecodedSlot(start);
        remaining -= this.instret - before;
      }
      // Slices keep the interpreter's optimized code entered from the top (stable JIT feedback).
      while (this.stopEvent === undefined && remaining > 0) {
        const before = this.instret;
        execute(this, Math.min(remaining, RUN_SLICE));
        remaining -= this.instret - before;
      }
      // Never leave a pending transfer unchecked: the next run may follow a context switch.
      if (this.stopEvent === undefined && this.fetchPage >= 0 && context.pc >>> PAGE_SHIFT !== this.fetchPage) {
        this.fetchMiss(context.pc);
      }
    }
    this.resumePc = context.pc;
    // (execute() sets stopEvent behind the type checker's back, hence the widening.)
    const event: StopEvent = (this.stopEvent as StopEvent | undefined) ?? { kind: 'limit' };
    // A thread "stopped at" pc only when pc's own instruction has not run yet because of the stop:
    // after an ecall or ebreak the pc has moved past the trapping instruction, so a breakpoint on
    // the next instruction must still be hit.
    const trapped = event.kind === 'ecall' || event.kind === 'ebreak';
    context.stoppedAt = trapped || (event.kind === 'limit' && maxInstructions > 1) ? undefined : context.pc;
    return event;
  }

  /** Executes one instruction; undefined when it completed without an event. */
  step(): StopEvent | undefined {
    const event = this.run(1);
    return event.kind === 'limit' ? undefined : event;
  }

  get stats(): MachineStatistics {
    const c = this.counters;
    return {
      instructions: this.instret,
      cycles: this.cycles,
      timeNs: this.cycles / this.costs.clockGhz,
      domainSwitches: c.domainSwitches,
      processSwitches: c.processSwitches,
      crossDomainCalls: c.crossDomainCalls,
      crossDomainReturns: c.crossDomainReturns,
      aplCache: { hits: this.aplCache.hits, misses: this.aplCache.misses, invalidations: this.aplCache.invalidations },
      capabilities: { created: c.capabilitiesCreated, revoked: c.capabilitiesRevoked + this.revokedAsynchronousCapabilities() },
      faults: c.faults,
    };
  }

  /** The whole machine state; page buffers are shared copy-on-write, so taking one is cheap. */
  snapshot(): MachineSnapshot {
    return {
      pages: this.pageTable.snapshot(),
      apls: this.apls.clone(),
      aplCache: this.aplCache.state(),
      context: cloneContext(this.attachedContext),
      storedCapabilities: new Map(this.storedCapabilityTable),
      counterWatch: new Map([...this.counterWatch].map(([address, values]) => [address, new Map(values)])),
      counters: { ...this.counters },
      cycles: this.cycles,
      instret: this.instret,
      nextSerial: this.nextSerial,
      fetchPage: this.fetchPage,
      resumePc: this.resumePc,
      domainNames: new Map(this.domainNames),
    };
  }

  /** Puts the machine back exactly as it was at snapshot() (breakpoints, observer and config stay). */
  restore(snapshot: MachineSnapshot): void {
    this.pageTable.restore(snapshot.pages);
    this.decodedPages.clear();
    this.apls.copyFrom(snapshot.apls);
    this.aplCache.restore(snapshot.aplCache);
    this.attachedContext = cloneContext(snapshot.context);
    this.storedCapabilityTable = new Map(snapshot.storedCapabilities);
    this.counterWatch = new Map([...snapshot.counterWatch].map(([address, values]) => [address, new Map(values)]));
    this.counters = { ...snapshot.counters };
    this.cycles = snapshot.cycles;
    this.instret = snapshot.instret;
    this.nextSerial = snapshot.nextSerial;
    this.domainNames.clear();
    for (const [tag, name] of snapshot.domainNames) this.domainNames.set(tag, name);
    this.unbind();
    if (snapshot.fetchPage >= 0 && this.pageTable.isMapped(snapshot.fetchPage)) this.bindPage(snapshot.fetchPage);
    this.resumePc = snapshot.resumePc;
  }

  // ---------------------------------------------------------------- interpreter slow paths (@internal)

  /** @internal The pc is outside the bound page or its slot is not decoded yet. */
  fetchMiss(pc: number): SlowResult {
    const address = pc >>> 0;
    const page = address >>> PAGE_SHIFT;
    if (page === this.fetchPage) {
      const slot = (address & (PAGE_BYTES - 1)) >>> 2;
      if (this.breakpointAddresses.has(address) && address !== this.suppressedBreakpoint) {
        decodeBreakpointInto(this.fetchCode, slot);
      } else {
        decodeInto(this.pageTable.pageWords(address)[slot], this.fetchCode, slot);
      }
      return Slow.Retry;
    }
    if (this.fetchPage < 0) {
      // First fetch after the context or the page table changed: adopt pc's domain, no transfer.
      if (!this.checkFetchable(address, address, 'execute')) return Slow.Stop;
      this.bindPage(page);
      return Slow.Retry;
    }
    // Sequential execution ran off the end of the page: a transfer like any other.
    return this.transfer(address, 'jump', 0, address, false, 0);
  }

  /** @internal */
  breakpointHit(pc: number): SlowResult {
    this.stopEvent = { kind: 'breakpoint', address: pc >>> 0 };
    return Slow.Stop;
  }

  /** @internal */
  illegalInstruction(pc: number): SlowResult {
    const address = pc >>> 0;
    const word = this.pageTable.pageWords(address)[(address & (PAGE_BYTES - 1)) >>> 2] >>> 0;
    this.raise('illegal-instruction', address, address,
      `instruction word ${hex(word)} at ${hex(address)} is not an RV32IM, Zicsr or CODOMs instruction (is this data, or code for another ISA extension?)`);
    return Slow.Stop;
  }

  /** @internal jal/jalr whose target leaves the page or is misaligned. */
  jump(target: number, rd: number, rs1: number, pc: number): SlowResult {
    const kind: TransferKind = rd === 1 ? 'call' : rd === 0 && rs1 === 1 ? 'return' : 'jump';
    return this.transfer(target >>> 0, kind, rd, pc >>> 0, true, this.costs.jump);
  }

  /** @internal a taken branch whose target leaves the page or is misaligned. */
  branch(target: number, pc: number): SlowResult {
    return this.transfer(target >>> 0, 'jump', 0, pc >>> 0, true, this.costs.branchTaken);
  }

  /** @internal */
  load(address: number, size: number, signed: boolean, rd: number, pc: number): SlowResult {
    if (!this.checkDataAccess(address >>> 0, size, 'load', pc >>> 0)) return Slow.Stop;
    const at = address >>> 0;
    const bytes = this.pageTable.pageBytes(at);
    const offset = at & (PAGE_BYTES - 1);
    let value = bytes[offset];
    if (size >= 2) value |= bytes[offset + 1] << 8;
    if (size === 4) value |= (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24);
    else if (signed) value = (value << (32 - 8 * size)) >> (32 - 8 * size);
    if (rd !== 0) this.attachedContext.registers[rd] = value;
    return this.retire(pc, this.costs.load);
  }

  /** @internal */
  store(address: number, size: number, value: number, pc: number): SlowResult {
    const at = address >>> 0;
    if (!this.checkDataAccess(at, size, 'store', pc >>> 0)) return Slow.Stop;
    const page = at >>> PAGE_SHIFT;
    this.pageTable.makePrivate(page);
    const word = this.pageTable.attributes[page];
    if ((word & PageBit.decoded) !== 0) this.invalidateDecodedSlot(at);
    const bytes = this.pageTable.pageBytes(at);
    const offset = at & (PAGE_BYTES - 1);
    for (let index = 0; index < size; index++) bytes[offset + index] = value >>> (8 * index);
    return this.retire(pc, this.costs.store);
  }

  /** @internal ecall / ebreak: the pc moves past the instruction, then the run stops for the kernel or debugger. */
  environmentCall(kind: 'ecall' | 'ebreak', pc: number): SlowResult {
    this.stopEvent = { kind, pc: pc >>> 0 };
    this.retire(pc, this.costs.system);
    return Slow.RetiredStop;
  }

  /** @internal Zicsr instructions. `writes` is false for csrrs/csrrc with a zero source register or immediate. */
  csrInstruction(number: number, operation: 'write' | 'set' | 'clear', source: number, writes: boolean, rd: number, pc: number): SlowResult {
    const address = pc >>> 0;
    const name = CSR_NAME_OF_NUMBER.get(number);
    if (name === undefined) {
      this.raise('illegal-instruction', address, address, `CSR 0x${number.toString(16).padStart(3, '0')} at ${hex(address)} does not exist on this machine (known: ${Object.keys(Csr).join(', ')})`);
      return Slow.Stop;
    }
    if (writes && READ_ONLY_CSRS.has(name)) {
      this.raise('illegal-instruction', address, address, `CSR ${name} is read-only; use csrr (csrrs with x0) to read it`);
      return Slow.Stop;
    }
    const privileged = PRIVILEGED_CSRS.has(name) || (writes && name === 'dipc.proc');
    if (privileged && this.config.checksEnabled && !this.fetchPrivileged) {
      this.raise('privileged', address, address,
        `${writes ? 'writing' : 'reading'} ${name} at ${hex(address)} needs a privileged (P) page, but the page of ${this.domainLabel(this.currentTag)} is not privileged (only kernel-generated proxies are)`,
        { missingPermission: 'privileged' });
      return Slow.Stop;
    }
    const old = this.csrValue(name);
    if (writes) {
      const value = operation === 'write' ? source : operation === 'set' ? old | source : old & ~source;
      this.writeCsrInstruction(name, value >>> 0, address);
    }
    if (rd !== 0) this.attachedContext.registers[rd] = old;
    return this.retire(pc, writes && (name === 'dipc.proc' || PRIVILEGED_CSRS.has(name)) ? this.costs.privilegedCsrWrite : this.costs.csr);
  }

  /** @internal cap.create (counter undefined) and cap.createa. */
  capabilityCreate(crd: number, base: number, length: number, permissionCode: number, counter: number | undefined, pc: number): SlowResult {
    const address = pc >>> 0;
    const start = base >>> 0;
    const size = length >>> 0;
    const permission = PERMISSION_OF_CODE[permissionCode];
    const write = permission === 'rw';
    const mnemonic = counter === undefined ? 'cap.create' : 'cap.createa';
    if (this.config.checksEnabled && !this.checkCapabilityRange(mnemonic, start, size, write, address)) return Slow.Stop;
    const context = this.attachedContext;
    let capability: Capability;
    if (counter === undefined) {
      const top = context.dcs[context.dcs.length - 1];
      if (top !== undefined) top.syncCapabilitiesCreated++;
      capability = {
        base: start, length: size, permission, kind: 'sync', owner: this.currentTag,
        frameSerial: top?.serial ?? context.rootSerial, frameDepth: context.dcs.length - 1,
      };
    } else {
      const counterAddress = counter >>> 0;
      if (!this.checkDataAccess(counterAddress, 4, 'cap.createa counter read', address)) return Slow.Stop;
      const counterValue = this.peekWord(counterAddress)!;
      this.watchCounter(counterAddress, counterValue);
      capability = { base: start, length: size, permission, kind: 'async', owner: this.currentTag, counterAddress, counterValue };
    }
    context.capabilityRegisters[crd] = capability;
    this.counters.capabilitiesCreated++;
    return this.retire(pc, this.costs.capabilityCreate);
  }

  /** @internal cap.restrict: derivation only shrinks (range inside, permissions a subset); widening faults cap-invalid. */
  capabilityRestrict(crd: number, crs: number, offset: number, length: number, permissionCode: number, pc: number): SlowResult {
    const address = pc >>> 0;
    const source = this.attachedContext.capabilityRegisters[crs];
    const permission = PERMISSION_OF_CODE[permissionCode];
    if (!this.checkCapabilityUsable(source, crs, 'cap.restrict', address)) return Slow.Stop;
    const from = offset >>> 0;
    const size = length >>> 0;
    if (from + size > source.length) {
      this.raise('cap-invalid', address, address,
        `cap.restrict would widen cr${crs} (${describeCapability(source)}): offset ${from} + length ${size} exceeds its length ${source.length}`);
      return Slow.Stop;
    }
    if (permission === 'rw' && source.permission === 'r') {
      this.raise('cap-invalid', address, address, `cap.restrict would add write permission to the read-only cr${crs} (${describeCapability(source)})`,
        { missingPermission: 'write' });
      return Slow.Stop;
    }
    if (source.kind === 'sync' && source.frameDepth! >= 0) this.attachedContext.dcs[source.frameDepth!].syncCapabilitiesCreated++;
    this.attachedContext.capabilityRegisters[crd] = { ...source, base: source.base + from, length: size, permission, owner: this.currentTag };
    this.counters.capabilitiesCreated++;
    return this.retire(pc, this.costs.capabilityCreate);
  }

  /** @internal cap.clr (source undefined) and cap.mv. */
  capabilityMove(crd: number, crs: number | undefined): SlowResult {
    const registers = this.attachedContext.capabilityRegisters;
    registers[crd] = crs === undefined ? undefined : registers[crs];
    return this.retire(this.attachedContext.pc, this.costs.capability);
  }

  /**
   * @internal cap.base / cap.len: 0 for a cleared register. An expired or revoked capability keeps
   * its fields (reading them is not an access), so code that computes an address from it faults
   * `cap-invalid` at the access, with the capability named, rather than at address 0.
   */
  capabilityField(rd: number, crs: number, field: 'base' | 'length'): SlowResult {
    const capability = this.attachedContext.capabilityRegisters[crs];
    if (rd !== 0) this.attachedContext.registers[rd] = capability === undefined ? 0 : capability[field];
    return this.retire(this.attachedContext.pc, this.costs.capability);
  }

  /** @internal cap.ld: an empty slot loads a cleared register. */
  capabilityLoad(crd: number, address: number, pc: number): SlowResult {
    const at = address >>> 0;
    if (!this.checkDataAccess(at, CAPABILITY_SLOT_BYTES, 'cap.ld', pc >>> 0)) return Slow.Stop;
    this.attachedContext.capabilityRegisters[crd] = this.storedCapabilityTable.get(at);
    return this.retire(pc, this.costs.capabilityMemory);
  }

  /** @internal cap.st: storing a cleared register empties the slot. */
  capabilityStore(crs: number, address: number, pc: number): SlowResult {
    const at = address >>> 0;
    if (!this.checkDataAccess(at, CAPABILITY_SLOT_BYTES, 'cap.st', pc >>> 0)) return Slow.Stop;
    const capability = this.attachedContext.capabilityRegisters[crs];
    if (capability === undefined) this.storedCapabilityTable.delete(at);
    else this.storedCapabilityTable.set(at, capability);
    return this.retire(pc, this.costs.capabilityMemory);
  }

  // ---------------------------------------------------------------- private helpers

  private retire(pc: number, cycles: number): SlowResult {
    this.attachedContext.pc = ((pc >>> 0) + 4) >>> 0;
    this.cycles += cycles;
    return Slow.Retired;
  }

  private unbind(): void {
    this.fetchPage = -1;
    this.fetchBase = 0;
    this.fetchCode = UNBOUND_CODE;
  }

  private bindPage(page: number): void {
    let code = this.decodedPages.get(page);
    if (code === undefined) {
      code = new Int32Array(PAGE_BYTES / 2);
      this.decodedPages.set(page, code);
      this.pageTable.attributes[page] |= PageBit.decoded;
    }
    const word = this.pageTable.attributes[page];
    this.fetchPage = page;
    this.fetchBase = (page << PAGE_SHIFT) | 0;
    this.fetchCode = code;
    this.currentTag = word >>> TAG_SHIFT;
    this.fetchPrivileged = (word & PageBit.privileged) !== 0;
    const tagBits = this.config.checksEnabled ? this.currentTag << TAG_SHIFT : 0;
    this.loadKey = tagBits | PageBit.mapped | PageBit.read;
    this.storeKey = tagBits | PageBit.mapped | PageBit.write;
  }

  private invalidateDecodedSlot(address: number): void {
    const code = this.decodedPages.get(address >>> PAGE_SHIFT);
    if (code !== undefined) code[((address & (PAGE_BYTES - 1)) >>> 2) << 1] = 0;
  }

  /** Reads a word without any check or side effect; undefined when unmapped. */
  private peekWord(address: number): number | undefined {
    const at = address >>> 0;
    const page = at >>> PAGE_SHIFT;
    if (!this.pageTable.isMapped(page) || (at & 3) !== 0) return undefined;
    return this.pageTable.pageWords(at)[(at & (PAGE_BYTES - 1)) >>> 2];
  }

  private revokedAsynchronousCapabilities(): number {
    let revoked = 0;
    for (const [address, values] of this.counterWatch) {
      const current = this.peekWord(address);
      for (const [value, count] of values) if (value !== current) revoked += count;
    }
    return revoked;
  }

  private watchCounter(address: number, value: number): void {
    let values = this.counterWatch.get(address);
    if (values === undefined) this.counterWatch.set(address, (values = new Map()));
    values.set(value, (values.get(value) ?? 0) + 1);
  }

  private csrValue(name: CsrName): number {
    const context = this.attachedContext;
    const cycles = Math.floor(this.cycles);
    const time = Math.floor(this.cycles / this.costs.clockGhz);
    switch (name) {
      case 'cycle': return cycles | 0;
      case 'cycleh': return Math.floor(cycles / 2 ** 32) | 0;
      case 'time': return time | 0;
      case 'timeh': return Math.floor(time / 2 ** 32) | 0;
      case 'instret': return this.instret | 0;
      case 'instreth': return Math.floor(this.instret / 2 ** 32) | 0;
      case 'dipc.proc': return context.process | 0;
      case 'dipc.kcs': return context.kernelControlStack | 0;
      case 'dipc.dcsbase': return context.dcsBase | 0;
      case 'dipc.dcsdepth': return context.dcs.length;
    }
  }

  private writeCsrInstruction(name: CsrName, value: number, pc: number): void {
    const context = this.attachedContext;
    if (name === 'dipc.proc') {
      const from = context.process;
      context.process = value;
      if (from !== value) {
        this.counters.processSwitches++;
        this.observer?.processSwitch?.({ from, to: value, pc, cycles: this.cycles });
      }
    } else if (name === 'dipc.kcs') {
      context.kernelControlStack = value;
    } else {
      context.dcsBase = value;
    }
  }

  private domainLabel(tag: number): string {
    const name = this.domainNames.get(tag);
    if (tag === 0) return 'domain 0 (kernel)';
    return name === undefined ? `domain ${tag}` : `domain ${tag} (${name})`;
  }

  private raise(kind: FaultKind, address: number, pc: number, message: string, extra: Partial<Fault> = {}): void {
    const page = this.pageAt(address);
    const fault: Fault = {
      kind, address: address >>> 0, pc: pc >>> 0, domain: this.fetchPage >= 0 ? this.currentTag : (this.currentDomain() ?? 0),
      ...(page !== undefined ? { targetDomain: page.tag } : {}), ...extra, message,
    };
    this.counters.faults++;
    this.stopEvent = { kind: 'fault', fault };
  }

  private consultAplCache(domain: number): void {
    if (!this.aplCache.access(domain)) this.cycles += this.costs.aplMiss;
  }

  /** Mapped and executable; raises unmapped / page-permission otherwise. */
  private checkFetchable(target: number, pc: number, what: string): boolean {
    const word = this.pageTable.attributes[target >>> PAGE_SHIFT];
    if ((word & PageBit.mapped) === 0) {
      this.raise('unmapped', target, pc, `${what} at ${hex(target)}: no page is mapped there (a wild jump, a return through a corrupted ra, or code that was never loaded)`,
        { missingPermission: 'execute' });
      return false;
    }
    if ((word & PageBit.execute) === 0) {
      this.raise('page-permission', target, pc,
        `${what} at ${hex(target)} denied by the page itself: page ${hex(target & ~(PAGE_BYTES - 1))} of ${this.domainLabel(word >>> TAG_SHIFT)} is not executable (${rwx(word)}); no APL or capability overrides page bits`,
        { missingPermission: 'execute' });
      return false;
    }
    return true;
  }

  /**
   * Control moves to `target`: checks the page, then (when it belongs to another domain) the APL,
   * entry alignment or the DCS, pushes/pops the DCS, counts the switch and binds the new page.
   * `linkRegister` is written only when the transfer is allowed. `retired` tells whether an
   * instruction (jump/branch) completes here, as opposed to a fall-through.
   */
  private transfer(target: number, kind: TransferKind, linkRegister: number, pc: number, retired: boolean, instructionCycles: number): SlowResult {
    const verb = kind === 'call' ? 'call' : kind === 'return' ? 'return' : retired ? 'jump' : 'fall-through';
    if ((target & 3) !== 0) {
      this.raise('misaligned-access', target, pc, `${verb} target ${hex(target)} is not 4-byte aligned (instructions are 32-bit words)`);
      return Slow.Stop;
    }
    if (!this.checkFetchable(target, pc, verb)) return Slow.Stop;
    const page = target >>> PAGE_SHIFT;
    const from = this.currentTag;
    const to = this.pageTable.attributes[page] >>> TAG_SHIFT;
    const crossing = this.config.checksEnabled && to !== from;
    const context = this.attachedContext;
    let poppedFrame: DcsFrame | undefined;
    if (crossing) {
      if (kind === 'return') {
        poppedFrame = this.checkReturn(target, to, pc);
        if (poppedFrame === undefined) return Slow.Stop;
      } else if (!this.checkCallPermission(target, from, to, pc, verb)) {
        return Slow.Stop;
      }
    }
    if (linkRegister !== 0) context.registers[linkRegister] = pc + 4;
    this.cycles += instructionCycles;
    context.pc = target;
    this.bindPage(page);
    if (!crossing) return retired ? Slow.Retired : Slow.Retry;

    if (kind === 'call') {
      context.dcs.push({ returnAddress: (pc + 4) >>> 0, callerDomain: from, calleeDomain: to, serial: this.nextSerial++, syncCapabilitiesCreated: 0 });
      this.cycles += this.costs.crossDomainCall;
      this.counters.crossDomainCalls++;
    } else if (poppedFrame !== undefined) {
      context.dcs.pop();
      this.counters.capabilitiesRevoked += poppedFrame.syncCapabilitiesCreated;
      this.cycles += this.costs.crossDomainReturn;
      this.counters.crossDomainReturns++;
    }
    // The hardware needs the entered domain's APL ready, as it would a TLB entry.
    this.consultAplCache(to);
    this.counters.domainSwitches++;
    this.observer?.domainSwitch?.({ from, to, transfer: kind, pc, target, cycles: this.cycles });
    if (this.stopOnDomainSwitch) {
      this.stopEvent = { kind: 'domainSwitch', from, to, transfer: kind, pc };
      return retired ? Slow.RetiredStop : Slow.Stop;
    }
    return retired ? Slow.Retired : Slow.Retry;
  }

  private checkCallPermission(target: number, from: number, to: number, pc: number, verb: string): boolean {
    if (to === 0) {
      this.raise('fetch-denied', target, pc, `${verb} to ${hex(target)} (${this.domainLabel(to)}) denied: kernel pages (tag 0) can never be executed by user domains`, { missingPermission: 'call' });
      return false;
    }
    this.consultAplCache(from);
    const level = this.apls.level(from, to);
    if (level === AplLevel.none) {
      this.raise('fetch-denied', target, pc,
        `${verb} to ${hex(target)} (${this.domainLabel(to)}) denied: ${this.domainLabel(from)} has no call permission on domain ${to} (it needs a grant, or should call through the proxy of an imported entry)`,
        { missingPermission: 'call' });
      return false;
    }
    const align = this.config.entryAlign;
    if (level === AplLevel.call && (target & (align - 1)) !== 0) {
      const below = (target & ~(align - 1)) >>> 0;
      this.raise('entry-misaligned', target, pc,
        `${verb} to ${hex(target)} (${this.domainLabel(to)}) denied: ${this.domainLabel(from)} has only call permission on domain ${to}, so the target must be an entry point aligned to ${align} bytes (nearest: ${hex(below)} or ${hex(below + align)})`,
        { missingPermission: 'entry-point' });
      return false;
    }
    return true;
  }

  /** A cross-domain return must match the top DCS frame, above the DCS base. Returns the frame to pop. */
  private checkReturn(target: number, to: number, pc: number): DcsFrame | undefined {
    const context = this.attachedContext;
    const depth = context.dcs.length;
    const top = context.dcs[depth - 1];
    let problem: string | undefined;
    if (top === undefined) problem = 'no cross-domain call is in progress (the DCS is empty)';
    else if (top.returnAddress !== target || top.callerDomain !== to) {
      problem = `it does not match the top DCS frame, which returns to ${hex(top.returnAddress)} in ${this.domainLabel(top.callerDomain)} (was ra overwritten?)`;
    } else if (depth - 1 < context.dcsBase) {
      problem = `the top DCS frame (depth ${depth}) lies below the DCS base ${context.dcsBase}: a callee may not unwind its caller's frames`;
    }
    if (problem === undefined) return top;
    this.raise('dcs-violation', target, pc, `return to ${hex(target)} (${this.domainLabel(to)}) refused: ${problem}`);
    return undefined;
  }

  /**
   * The data-access rule of machine.md §4-5 for loads, stores, cap.ld, cap.st and counter reads:
   * alignment, mapping, C bit, page RWX, then own domain / tag-0-from-P / APL / capability registers.
   */
  private checkDataAccess(address: number, size: number, access: string, pc: number): boolean {
    const write = access === 'store' || access === 'cap.st';
    const capabilityAccess = access === 'cap.ld' || access === 'cap.st';
    if (address % size !== 0) {
      this.raise('misaligned-access', address, pc, `${access} of ${size} bytes at ${hex(address)} is not ${size}-byte aligned`);
      return false;
    }
    const word = this.pageTable.attributes[address >>> PAGE_SHIFT];
    if ((word & PageBit.mapped) === 0) {
      this.raise('unmapped', address, pc, `${access} of ${size} bytes at ${hex(address)}: no page is mapped there (a null or dangling pointer, or an index out of bounds)`,
        { missingPermission: write ? 'write' : 'read' });
      return false;
    }
    const to = word >>> TAG_SHIFT;
    const checks = this.config.checksEnabled;
    if (checks && ((word & PageBit.capabilityStorage) !== 0) !== capabilityAccess) {
      this.raise('cap-storage', address, pc, capabilityAccess
        ? `${access} of ${size} bytes at ${hex(address)}: page ${hex(address & ~(PAGE_BYTES - 1))} of ${this.domainLabel(to)} is not capability storage (C); capabilities can only be kept on C pages`
        : `${access} of ${size} bytes at ${hex(address)}: page ${hex(address & ~(PAGE_BYTES - 1))} of ${this.domainLabel(to)} is capability storage (C); only cap.ld / cap.st may touch it, so capabilities cannot be forged from bytes`,
      { missingPermission: 'capability-storage' });
      return false;
    }
    if ((word & (write ? PageBit.write : PageBit.read)) === 0) {
      this.raise('page-permission', address, pc,
        `${access} of ${size} bytes at ${hex(address)} denied by the page itself: page ${hex(address & ~(PAGE_BYTES - 1))} of ${this.domainLabel(to)} is ${rwx(word)}; no APL or capability overrides page bits`,
        { missingPermission: write ? 'write' : 'read' });
      return false;
    }
    if (!checks) return true;
    const from = this.currentTag;
    if (to === from) return true;
    const kind: FaultKind = write ? 'store-denied' : 'load-denied';
    const needed = write ? 'write' : 'read';
    if (to === 0) {
      if (this.fetchPrivileged) return true;
      this.raise(kind, address, pc, `${access} of ${size} bytes at ${hex(address)} (${this.domainLabel(to)}) denied: kernel memory (tag 0) is reachable only from privileged (P) pages`, { missingPermission: 'privileged' });
      return false;
    }
    this.consultAplCache(from);
    const level = this.apls.level(from, to);
    if (level >= (write ? AplLevel.write : AplLevel.read)) return true;
    // Capabilities: allowed if any valid register covers the whole access with the permission.
    const registers = this.attachedContext.capabilityRegisters;
    let invalidCover: string | undefined;
    let readOnlyCover: string | undefined;
    let nearest: { index: number; capability: Capability; distance: number } | undefined;
    for (let index = 0; index < registers.length; index++) {
      const capability = registers[index];
      if (capability === undefined) continue;
      if (capabilityCovers(capability, address, size)) {
        const state = this.capabilityState(capability);
        if (capabilityAllows(capability, write)) {
          if (state === 'valid') return true;
          invalidCover ??= `cr${index} (${describeCapability(capability)}) covers it but is ${state}${state === 'expired' ? ' (the call it was created under has returned)' : ` (its counter at ${hex(capability.counterAddress!)} changed)`}`;
        } else if (state === 'valid') {
          readOnlyCover ??= `cr${index} (${describeCapability(capability)}) covers it but is read-only`;
        }
      }
      const distance = distanceToCapability(capability, address, size);
      if (nearest === undefined || distance < nearest.distance) nearest = { index, capability, distance };
    }
    const apl = level === AplLevel.none ? `no ${needed} permission` : `only ${level === AplLevel.call ? 'call' : 'read'} permission`;
    const base = `${access} of ${size} bytes at ${hex(address)} (${this.domainLabel(to)}) denied: ${this.domainLabel(from)} has ${apl} on domain ${to}`;
    if (invalidCover !== undefined && readOnlyCover === undefined) {
      this.raise('cap-invalid', address, pc, `${base}; capability ${invalidCover}`, { missingPermission: needed });
      return false;
    }
    let detail: string;
    if (readOnlyCover !== undefined) detail = `; capability ${readOnlyCover}`;
    else if (nearest === undefined) detail = ' and no capability register holds a capability';
    else {
      const { index, capability } = nearest;
      const end = capability.base + capability.length;
      const relation = address >= end
        ? `${address + size - end} bytes past its end`
        : address < capability.base ? `${capability.base - address} bytes before its start` : 'partly outside it';
      detail = ` and no capability covers it; nearest capability cr${index} covers ${hex(capability.base)}-${hex(end - 1)} (${relation})`;
    }
    this.raise(kind, address, pc, `${base}${detail}`, { missingPermission: needed });
    return false;
  }

  /** cap.create / cap.createa: the creator must already reach every page of the range with the permission. */
  private checkCapabilityRange(mnemonic: string, start: number, size: number, write: boolean, pc: number): boolean {
    const permission = write ? 'rw' : 'r';
    const kind: FaultKind = write ? 'store-denied' : 'load-denied';
    if (start + size > 2 ** 32) {
      this.raise(kind, start, pc, `${mnemonic} over [${hex(start)}, ${hex(start + size)}) with ${permission} denied: the range wraps around the end of the address space`);
      return false;
    }
    if (size === 0) return true;
    const from = this.currentTag;
    let coveredByCapability = false;
    for (const capability of this.attachedContext.capabilityRegisters) {
      if (capability !== undefined && capabilityCovers(capability, start, size) && capabilityAllows(capability, write) && this.capabilityState(capability) === 'valid') {
        coveredByCapability = true;
      }
    }
    let aplConsulted = false;
    for (let page = start >>> PAGE_SHIFT; page <= (start + size - 1) >>> PAGE_SHIFT; page++) {
      const word = this.pageTable.attributes[page];
      const pageAddress = (page << PAGE_SHIFT) >>> 0;
      const at = Math.max(start, pageAddress);
      if ((word & PageBit.mapped) === 0) {
        this.raise('unmapped', at, pc, `${mnemonic} over [${hex(start)}, ${hex(start + size)}) with ${permission}: page ${hex(pageAddress)} is not mapped`, { missingPermission: write ? 'write' : 'read' });
        return false;
      }
      const to = word >>> TAG_SHIFT;
      if ((word & PageBit.capabilityStorage) !== 0) {
        this.raise('cap-storage', at, pc, `${mnemonic} over [${hex(start)}, ${hex(start + size)}) with ${permission}: page ${hex(pageAddress)} of ${this.domainLabel(to)} is capability storage, which no capability may cover`,
          { missingPermission: 'capability-storage' });
        return false;
      }
      if ((word & PageBit.read) === 0 || (write && (word & PageBit.write) === 0)) {
        this.raise('page-permission', at, pc, `${mnemonic} over [${hex(start)}, ${hex(start + size)}) with ${permission}: page ${hex(pageAddress)} of ${this.domainLabel(to)} is ${rwx(word)}, so a capability could never grant ${permission} there`,
          { missingPermission: write ? 'write' : 'read' });
        return false;
      }
      if (to === 0) {
        this.raise(kind, at, pc, `${mnemonic} over [${hex(start)}, ${hex(start + size)}) with ${permission} denied: kernel memory (tag 0) can never be covered by a capability`, { missingPermission: 'privileged' });
        return false;
      }
      if (to === from || coveredByCapability) continue;
      if (!aplConsulted) {
        this.consultAplCache(from);
        aplConsulted = true;
      }
      if (this.apls.level(from, to) < (write ? AplLevel.write : AplLevel.read)) {
        this.raise(kind, at, pc,
          `${mnemonic} over [${hex(start)}, ${hex(start + size)}) with ${permission} denied: ${this.domainLabel(from)} cannot itself ${write ? 'write' : 'read'} page ${hex(pageAddress)} of ${this.domainLabel(to)} (no APL permission and no capability covering the range), and a capability can only pass on access its creator has`,
          { missingPermission: write ? 'write' : 'read' });
        return false;
      }
    }
    return true;
  }

  private checkCapabilityUsable(capability: Capability | undefined, index: number, mnemonic: string, pc: number): capability is Capability {
    if (capability === undefined) {
      this.raise('cap-invalid', pc, pc, `${mnemonic}: cr${index} is empty (cleared or never set)`);
      return false;
    }
    const state = this.capabilityState(capability);
    if (state !== 'valid') {
      this.raise('cap-invalid', pc, pc, `${mnemonic}: cr${index} (${describeCapability(capability)}) is ${state}`);
      return false;
    }
    return true;
  }
}

function emptyCounters(): EventCounters {
  return { domainSwitches: 0, processSwitches: 0, crossDomainCalls: 0, crossDomainReturns: 0, capabilitiesCreated: 0, capabilitiesRevoked: 0, faults: 0 };
}

function rwx(word: number): string {
  return `${word & PageBit.read ? 'R' : '-'}${word & PageBit.write ? 'W' : '-'}${word & PageBit.execute ? 'X' : '-'}`;
}
