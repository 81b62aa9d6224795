// Everything the debugger shows about a stopped program, built from one model: threads, frames,
// the six scopes, expression environments, disassembly, and the `dipc/codoms` / `dipc/timeline`
// answers. The Variables scopes `Domain`, `Capabilities` and `dIPC` and the custom requests read
// the same functions here, so the CODOMs view and the Variables view cannot disagree.

import { decodeFields, disassembleWord } from '../simulator/toolchain/assembler';
import { INTEGER_REGISTER_NAMES, CAPABILITY_REGISTER_COUNT, Opcode } from '../simulator/machine/instruction-set';
import type { Type } from '../simulator/toolchain/language/analysis';
import type { Breakpoint } from './breakpoints';
import type { CallStack, RawFrame } from './call-stack';
import { ExpressionError, evaluateText, hexWord, type EvaluatedValue, type EvaluationEnvironment, type ValueKind } from './expression';
import type { KernelTarget } from './kernel-target';
import type { ProxyInfo } from '../simulator/kernel/kernel';
import type { ClassicStubInfo } from '../simulator/kernel/classic/classic-ipc';
import type { FunctionInfo, GlobalInfo, VariableInfo } from '../simulator/toolchain/debug-info';
import type { DebugInfoIndex } from '../simulator/toolchain/debug-info-index';
import type {
  AplEntryView, CapabilityRegisterView, CodomsResponseBody, DomainView, KcsRecordView, ProcessView, TimelineResponseBody,
} from './protocol';
import type { FrameModel, FrameSource, ScopeModel, VariableModel } from './runtime-model';

/** What the Registers scope shows for a caller's register that no frame saved. */
export const NOT_SAVED = '<not saved>';

export interface DisassembledLine {
  address: number;
  bytes: string;
  text: string;
  symbol?: string;
  path?: string;
  line?: number;
  valid: boolean;
}

export class Inspector {
  /** The thread and walked frame behind each frame handed out (frames are rebuilt at every stop). */
  private readonly frameOrigins = new WeakMap<FrameModel, { thread: number; raw: RawFrame }>();

  constructor(
    private readonly target: KernelTarget,
    private readonly symbols: DebugInfoIndex,
    readonly callStack: CallStack,
    private readonly onStateChanged: () => void,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Threads and frames

  threads(): { id: number; name: string }[] {
    return this.target.threads().filter((thread) => thread.status !== 'ended').map((thread) => ({ id: thread.tid, name: `${thread.homeProcess}#${thread.tid}` }));
  }

  frames(thread: number): FrameModel[] {
    if (this.target.threadEnded(thread)) return [];
    return this.callStack.frames(thread).map((raw) => {
      const frame = this.frameModel(thread, raw);
      this.frameOrigins.set(frame, { thread, raw });
      return frame;
    });
  }

  lineOfThread(thread: number): number | undefined {
    return this.symbols.lineAt(this.target.pcOf(thread))?.line;
  }

  processDomainOf(frame: FrameModel): { process: string; domain: string } {
    return { process: frame.process, domain: frame.domain.includes('.') ? frame.domain.split('.')[1] : frame.domain };
  }

  private frameModel(thread: number, raw: RawFrame): FrameModel {
    const domainTag = this.target.tagAt(raw.lookupPc);
    const domain = this.target.domainName(domainTag);
    if (raw.kind === 'proxy' && raw.proxy) {
      const proxy = raw.proxy;
      const properties = proxy.properties.length ? ` [${proxy.properties.join(', ')}]` : '';
      const caller = this.target.processName(proxy.callerPid);
      const line = this.proxyListingText(proxy).addresses.indexOf(raw.lookupPc) + 1;
      return {
        name: `proxy ${caller} -> ${proxy.entryName}${properties}`,
        kind: 'proxy',
        process: `${caller} -> ${proxy.calleeName}`,
        domain,
        pc: raw.pc,
        source: { kind: 'proxyListing', proxyAddress: proxy.address, name: `proxy ${caller} -> ${proxy.entryName}` },
        line: Math.max(line, 1),
        column: 1,
        scopes: () => this.scopes(thread, raw, undefined),
      };
    }
    const fn = raw.function;
    if (raw.stub) {
      // Generated like a proxy: shown like one, with its listing as the source.
      const name = this.stubName(raw.stub);
      const line = this.stubListingText(raw.stub).addresses.indexOf(raw.lookupPc) + 1;
      return {
        name,
        kind: 'proxy',
        process: this.target.processName(raw.stub.pid),
        domain,
        pc: raw.pc,
        source: { kind: 'proxyListing', proxyAddress: raw.stub.address, name },
        line: Math.max(line, 1),
        column: 1,
        scopes: () => this.scopes(thread, raw, undefined),
      };
    }
    if (raw.kind === 'runtime' || !fn) {
      const label = fn ? fn.qualifiedName : (this.symbols.labelOf(raw.lookupPc) ?? `<${hexWord(raw.pc)}>`);
      return { name: label, kind: 'runtime', process: fn?.process ?? '', domain, pc: raw.pc, source: { kind: 'none' }, line: 0, column: 0, scopes: () => this.scopes(thread, raw, undefined) };
    }
    const position = this.symbols.lineAt(raw.lookupPc);
    return {
      name: fn.qualifiedName,
      kind: 'function',
      process: fn.process,
      domain: fn.domain === fn.process ? fn.process : `${fn.process}.${fn.domain}`,
      pc: raw.pc,
      source: { kind: 'file', path: this.symbols.fileName },
      line: position?.line ?? 0,
      column: position?.column ?? 0,
      scopes: () => this.scopes(thread, raw, fn),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Scopes

  private scopes(thread: number, raw: RawFrame, fn: FunctionInfo | undefined): ScopeModel[] {
    const scopes: ScopeModel[] = [];
    // Values typed into the Variables view are expressions of this frame (`writes + 10`).
    const environment = (): EvaluationEnvironment => this.environmentOfRawFrame(thread, raw);
    if (fn) scopes.push({ name: 'Locals', presentationHint: 'locals', expensive: false, variables: () => this.locals(thread, raw, fn, environment) });
    // A frame's globals are those of the process whose code it runs (start-up code and runtime
    // routines included); only a proxy or stub frame, which no process owns, shows the current one.
    const process = fn?.process ?? raw.function?.process ?? this.target.processName(this.target.currentProcessOf(thread));
    scopes.push({ name: 'Globals', expensive: false, variables: () => this.globals(process, environment) });
    scopes.push({ name: 'Registers', presentationHint: 'registers', expensive: false, variables: () => this.registers(thread, raw, environment) });
    scopes.push({ name: 'Capabilities', expensive: false, variables: () => this.capabilityVariables(thread) });
    scopes.push({ name: 'Domain', expensive: false, variables: () => this.domainVariables(this.target.tagAt(raw.lookupPc)) });
    scopes.push({ name: 'dIPC', expensive: false, variables: () => this.dipcVariables(thread) });
    return scopes;
  }

  private locals(thread: number, raw: RawFrame, fn: FunctionInfo, environment: () => EvaluationEnvironment): VariableModel[] {
    return this.symbols.variablesLiveAt(fn, raw.lookupPc).map((variable) => this.variableOf(thread, raw, variable, environment));
  }

  private variableOf(thread: number, raw: RawFrame, variable: VariableInfo, environment: () => EvaluationEnvironment): VariableModel {
    if (variable.location.kind === 'capabilityRegister') {
      const index = Number(variable.location.register.replace(/^cr/, ''));
      const capability = this.capabilityRegisterViews(thread)[index];
      return { name: variable.name, value: capability ? describeCapabilityView(capability) : 'unavailable', type: typeName(variable.type) };
    }
    if (raw.framePointer === undefined) return { name: variable.name, value: 'unavailable (frame not set up yet)', type: typeName(variable.type) };
    const address = (raw.framePointer + variable.location.offset) >>> 0;
    return this.memoryVariable(variable.name, variable.type, address, environment);
  }

  private globals(process: string, environment: () => EvaluationEnvironment): VariableModel[] {
    return this.symbols.globalsOf(process).map((global) => this.memoryVariable(global.domain === process ? global.name : `${global.domain}.${global.name}`, global.type, global.address, environment));
  }

  /** A value in memory, editable, with children for arrays and a memory reference for arrays and pointers. */
  private memoryVariable(name: string, type: Type, address: number, environment: () => EvaluationEnvironment): VariableModel {
    if (type.kind === 'array') {
      const elementSize = 4;
      return {
        name,
        value: `[${typeName(type.element)}; ${type.length}] @ ${hexWord(address)}`,
        type: typeName(type),
        memoryReference: address,
        children: () => Array.from({ length: type.length }, (_, index) => this.memoryVariable(`[${index}]`, type.element, address + index * elementSize, environment)),
      };
    }
    if (type.kind === 'acap' || type.kind === 'cap') {
      const stored = this.target.storedCapabilityView(address);
      return { name, value: stored ? describeCapabilityView(stored) : 'none', type: type.kind };
    }
    const word = this.target.readWord(address);
    return {
      name,
      value: word === undefined ? 'unmapped' : formatWord(type, word),
      type: typeName(type),
      memoryReference: type.kind === 'ptr' && word !== undefined ? word >>> 0 : undefined,
      set: (text) => {
        const value = this.parseValue(text, type, environment());
        if (!this.target.writeWord(address, value)) throw new Error(`cannot write ${hexWord(address)}`);
        this.onStateChanged();
        return formatWord(type, value);
      },
    };
  }

  /**
   * The frame's registers as the unwinder recovered them (call-stack.ts): a caller frame shows its
   * pc (the return address), sp, s0, ra and whatever a KCS record saved; the rest `<not saved>`.
   */
  private registers(thread: number, raw: RawFrame, environment: () => EvaluationEnvironment): VariableModel[] {
    const editable = raw.isTop;
    const values = this.registersOfFrame(thread, raw);
    const result: VariableModel[] = [{ name: 'pc', value: hexWord(raw.pc), evaluateName: '$pc' }];
    INTEGER_REGISTER_NAMES.forEach((name, index) => {
      if (index === 0) return;
      const value = values[index];
      result.push({
        name,
        value: value === undefined ? NOT_SAVED : hexWord(value),
        evaluateName: value === undefined ? undefined : `$${name}`,
        set: editable
          ? (text) => {
              const value = this.parseValue(text, { kind: 'int' }, environment());
              this.target.setRegister(thread, index, value);
              this.onStateChanged();
              return hexWord(value);
            }
          : undefined,
      });
    });
    return result;
  }

  private capabilityVariables(thread: number): VariableModel[] {
    return this.capabilityRegisterViews(thread).map((view) => ({
      name: view.name,
      value: describeCapabilityView(view),
      children: view.permission === 'none' && !view.valid && view.length === 0
        ? undefined
        : () => [
            { name: 'base', value: hexWord(view.base) },
            { name: 'length', value: String(view.length) },
            { name: 'perms', value: view.permission },
            { name: 'kind', value: view.kind },
            { name: 'valid', value: String(view.valid) },
            { name: 'owner', value: view.owner },
          ],
    }));
  }

  private domainVariables(tag: number): VariableModel[] {
    const domain = this.domainView(tag);
    const cache = this.target.aplCacheState();
    return [
      { name: 'tag', value: String(tag) },
      { name: 'name', value: domain.name },
      { name: 'process', value: domain.process || '(none)' },
      { name: 'privileged', value: String(domain.privileged) },
      {
        name: 'APL',
        value: domain.apl.length === 0 ? 'empty' : domain.apl.map((entry) => `${entry.domain}: ${entry.permission}`).join(', '),
        children: () => domain.apl.map((entry) => ({ name: entry.domain, value: entry.permission })),
      },
      {
        name: 'APL cache',
        value: `${cache.hits} hits, ${cache.misses} misses`,
        children: () => [
          { name: 'hits', value: String(cache.hits) },
          { name: 'misses', value: String(cache.misses) },
          { name: 'entries', value: cache.entries.map((entry) => this.target.domainName(entry)).join(', ') || 'empty' },
        ],
      },
    ];
  }

  private dipcVariables(thread: number): VariableModel[] {
    const kcs = this.kcsViews(thread);
    return [
      { name: 'home process', value: this.target.processName(this.target.homeProcessOf(thread)) },
      { name: 'current process', value: this.target.processName(this.target.currentProcessOf(thread)) },
      {
        name: 'KCS',
        value: kcs.length === 0 ? 'empty (no dIPC call in progress)' : `${kcs.length} crossing${kcs.length === 1 ? '' : 's'}`,
        children: () =>
          kcs.map((record, index) => ({
            name: `[${index}] ${record.proxy}`,
            value: record.isolation.length ? record.isolation.join(', ') : 'no isolation properties',
            children: () => [
              { name: 'caller', value: record.callerProcess },
              { name: 'callee', value: record.calleeProcess },
              { name: 'return address', value: hexWord(record.returnAddress) },
              { name: 'caller sp', value: hexWord(record.callerStackPointer) },
              ...record.isolation.map((property) => ({ name: property, value: 'on' })),
            ],
          })),
      },
    ];
  }

  private parseValue(text: string, type: Type, environment: EvaluationEnvironment): number {
    const value = evaluateText(text, environment);
    if (value.kind === 'array') throw new Error('an array cannot be assigned');
    if (type.kind === 'bool') return value.value !== 0 ? 1 : 0;
    return value.value | 0;
  }

  // -------------------------------------------------------------------------------------------
  // Expression environments

  environmentOfThread(thread: number): EvaluationEnvironment {
    const frames = this.frames(thread);
    const top = frames.find((frame) => frame.kind === 'function') ?? frames[0];
    return top ? this.environmentOfFrame(top) : this.emptyEnvironment();
  }

  environmentOfFrame(frame: FrameModel): EvaluationEnvironment {
    const origin = this.frameOrigins.get(frame);
    return origin ? this.environmentOfRawFrame(origin.thread, origin.raw) : this.emptyEnvironment();
  }

  private environmentOfRawFrame(thread: number, raw: RawFrame): EvaluationEnvironment {
    const fn = raw.function;
    // As in scopes(): the process whose code the frame runs; the current one for a proxy or stub frame.
    const process = fn?.process ?? this.target.processName(this.target.currentProcessOf(thread));
    const domain = fn?.domain ?? process;
    return {
      lookupName: (name) => {
        const local = fn ? this.localAddress(raw, fn, name) : undefined;
        if (local) return this.valueAt(local.type, local.address);
        const global = this.symbols.globalNamed(name, { process, domain });
        return global ? this.valueOfGlobal(global) : undefined;
      },
      lookupQualified: (qualifier, member) => {
        const global = this.symbols.globalNamed(`${qualifier}.${member}`) ?? this.symbols.globalNamed(`${process}.${qualifier}.${member}`);
        return global ? this.valueOfGlobal(global) : undefined;
      },
      readRegister: (name) => this.readRegister(thread, raw, name),
      readWord: (address) => this.target.readWord(address),
    };
  }

  /** Where a local or parameter of a frame lives, when it is live and in memory. */
  localAddress(raw: RawFrame, fn: FunctionInfo, name: string): { address: number; type: Type } | undefined {
    if (raw.framePointer === undefined) return undefined;
    const live = this.symbols.variablesLiveAt(fn, raw.lookupPc).find((variable) => variable.name === name);
    if (!live || live.location.kind !== 'frame') return undefined;
    return { address: (raw.framePointer + live.location.offset) >>> 0, type: live.type };
  }

  /** A local of a frame shown earlier, for data breakpoints. */
  localOfFrame(frame: FrameModel, name: string): { address: number; type: Type } | undefined {
    const raw = this.frameOrigins.get(frame)?.raw;
    return raw?.function ? this.localAddress(raw, raw.function, name) : undefined;
  }

  private emptyEnvironment(): EvaluationEnvironment {
    return { lookupName: () => undefined, lookupQualified: () => undefined, readRegister: () => undefined, readWord: (address) => this.target.readWord(address) };
  }

  /** The top frame's registers are the thread's live ones (the user may have edited them since the walk). */
  private registersOfFrame(thread: number, raw: RawFrame): readonly (number | undefined)[] {
    return raw.isTop ? Array.from(this.target.registersOf(thread), (value) => value >>> 0) : raw.registers;
  }

  /** A register of a frame; one its callees did not save is an error, not the callee's value. */
  private readRegister(thread: number, raw: RawFrame, name: string): number | undefined {
    if (name === 'pc') return raw.pc;
    const index = /^x(\d+)$/.test(name) ? Number(name.slice(1)) : (INTEGER_REGISTER_NAMES as readonly string[]).indexOf(name === 'fp' ? 's0' : name);
    if (index < 0 || index > 31) return undefined;
    const value = this.registersOfFrame(thread, raw)[index];
    if (value === undefined) throw new ExpressionError(`\`$${name}\` of this frame was not saved by the code it called, so its value is unknown here`);
    return value;
  }

  private valueOfGlobal(global: GlobalInfo): EvaluatedValue | undefined {
    return this.valueAt(global.type, global.address);
  }

  private valueAt(type: Type, address: number): EvaluatedValue | undefined {
    if (type.kind === 'array') return { kind: 'array', address, length: type.length, element: scalarKind(type.element) };
    const word = this.target.readWord(address);
    if (word === undefined) return undefined;
    return { kind: scalarKind(type), value: type.kind === 'ptr' ? word >>> 0 : word | 0 };
  }

  // -------------------------------------------------------------------------------------------
  // Data breakpoints: what the next instruction will access

  /** The data breakpoints the next instruction (of the thread about to run) triggers. */
  watchedAccessOfNextInstruction(watches: Breakpoint[]): Breakpoint[] | undefined {
    const thread = this.target.nextThread();
    if (thread === -1) return undefined;
    const pc = this.target.pcOf(thread);
    const word = this.target.readWord(pc);
    if (word === undefined) return undefined;
    const fields = decodeFields(word);
    let write: boolean;
    let size: number;
    let offset: number;
    if (fields.opcode === Opcode.LOAD) {
      write = false;
      size = 1 << (fields.funct3 & 3);
      offset = fields.immI;
    } else if (fields.opcode === Opcode.STORE) {
      write = true;
      size = 1 << (fields.funct3 & 3);
      offset = fields.immS;
    } else return undefined;
    const address = (this.target.registersOf(thread)[fields.rs1] + offset) >>> 0;
    const hits = watches.filter((breakpoint) => {
      const watch = breakpoint.watch!;
      const overlaps = address < watch.address + watch.size && watch.address < address + size;
      const kindMatches = watch.access === 'readWrite' || (watch.access === 'write') === write;
      return overlaps && kindMatches;
    });
    return hits.length > 0 ? hits : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Disassembly and proxy listings

  disassemble(address: number, instructionOffset: number, count: number): DisassembledLine[] {
    const start = (address + instructionOffset * 4) >>> 0;
    const lines: DisassembledLine[] = [];
    for (let index = 0; index < count; index++) {
      const at = (start + index * 4) >>> 0;
      const word = this.target.readWord(at);
      if (word === undefined || !this.target.isExecutable(at)) {
        lines.push({ address: at, bytes: '', text: '??', valid: false });
        continue;
      }
      const position = this.symbols.lineAt(at);
      const fn = this.symbols.functionAt(at);
      const proxy = this.target.proxyAt(at);
      lines.push({
        address: at,
        bytes: hexBytes(word),
        text: disassembleWord(word, at).text,
        symbol: fn && fn.start === at ? fn.qualifiedName : proxy && proxy.address === at ? `proxy ${this.target.processName(proxy.callerPid)} -> ${proxy.entryName}` : undefined,
        path: position ? this.symbols.fileName : undefined,
        line: position?.line,
        valid: true,
      });
    }
    return lines;
  }

  /** The generated code at `address` (a proxy, or a classic IPC stub) as a listing. */
  proxyListing(address: number): string | undefined {
    const proxy = this.target.proxyAt(address);
    const stub = proxy ? undefined : this.target.classicStubAt(address);
    const listing = proxy ? this.proxyListingText(proxy) : stub ? this.stubListingText(stub) : undefined;
    return listing && listing.lines.join('\n') + '\n';
  }

  /** `ipc stub Client -> Store.get` (the caller's side of a classic IPC call), `ipc server Store.get`. */
  private stubName(stub: ClassicStubInfo): string {
    const entry = this.symbols.functionAt(stub.entryAddress)?.qualifiedName ?? hexWord(stub.entryAddress);
    return stub.kind === 'caller' ? `ipc stub ${this.target.processName(stub.pid)} -> ${entry}` : `ipc server ${entry}`;
  }

  /** The listing shown for a classic IPC stub, and the code address on each of its lines (-1 for comments). */
  private stubListingText(stub: ClassicStubInfo): { lines: string[]; addresses: number[] } {
    const lines = [`// ${this.stubName(stub)}, generated by the kernel for ipc: ${this.target.kernel.ipc} (entry_request)`];
    const addresses = [-1];
    for (const line of stub.listing) {
      lines.push(`${hexWord(line.address)}  ${line.text}`);
      addresses.push(line.address);
    }
    return { lines, addresses };
  }

  /** The listing shown for a proxy, and the code address on each of its lines (-1 for comments). */
  private proxyListingText(proxy: ProxyInfo): { lines: string[]; addresses: number[] } {
    const lines = [
      `// proxy ${proxy.callerName} -> ${proxy.entryName}, generated by the dIPC kernel (entry_request)`,
      `// isolation: ${proxy.properties.length ? proxy.properties.join(', ') : 'none'}`,
    ];
    const addresses = [-1, -1];
    for (const line of proxy.listing) {
      lines.push(`${hexWord(line.address)}  ${line.text}${line.comment ? `    // ${line.comment}` : ''}`);
      addresses.push(line.address);
    }
    return { lines, addresses };
  }

  proxySources(): FrameSource[] {
    return this.target.proxies().map((proxy) => ({ kind: 'proxyListing', proxyAddress: proxy.address, name: `proxy ${this.target.processName(proxy.callerPid)} -> ${proxy.entryName}` }));
  }

  // -------------------------------------------------------------------------------------------
  // CODOMs model (shared by the scopes above and the custom requests)

  capabilityRegisterViews(thread: number): CapabilityRegisterView[] {
    return Array.from({ length: CAPABILITY_REGISTER_COUNT }, (_, index) => this.target.capabilityRegisterView(thread, index));
  }

  domainView(tag: number): DomainView {
    const owner = this.target.domainOwner(tag);
    const apl: AplEntryView[] = [...this.target.aplOf(tag)].map(([target, permission]) => ({ tag: target, domain: this.target.domainName(target), permission }));
    return {
      tag,
      name: this.target.domainName(tag),
      process: owner,
      privileged: this.target.domainIsPrivileged(tag),
      pageCount: this.target.pageCountOf(tag),
      apl,
    };
  }

  kcsViews(thread: number): KcsRecordView[] {
    return this.target.kcsRecords(thread).reverse().map((record) => ({
      callerProcess: record.callerProcess,
      calleeProcess: record.calleeProcess,
      returnAddress: record.returnAddress,
      callerStackPointer: record.callerStackPointer,
      proxy: record.proxy ? `proxy ${record.callerProcess} -> ${record.proxy.entryName}` : `proxy at ${hexWord(record.proxyAddress)}`,
      isolation: record.proxy?.properties ?? [],
    }));
  }

  codoms(thread: number): CodomsResponseBody {
    const processes: ProcessView[] = this.target.processList().map((process) => ({
      pid: process.pid,
      name: process.name,
      status: process.status,
      exitCode: process.status === 'running' ? undefined : process.exitCode,
      domains: this.target.domainsOf(process.pid).map((tag) => this.domainView(tag)),
    }));
    const cache = this.target.aplCacheState();
    const live = !this.target.threadEnded(thread);
    const pc = live ? this.target.pcOf(thread) : 0;
    return {
      status: live
        ? {
            threadId: thread,
            thread: this.threads().find((candidate) => candidate.id === thread)?.name ?? `#${thread}`,
            process: this.target.processName(this.target.currentProcessOf(thread)),
            domain: this.target.domainName(this.target.tagAt(pc)),
            cycles: this.target.cycles(),
            instructions: this.target.clock(),
          }
        : undefined,
      processes,
      systemDomains: this.target.systemDomains().map((tag) => this.domainView(tag)),
      capabilityRegisters: live ? this.capabilityRegisterViews(thread) : [],
      proxies: this.target.proxies().map((proxy) => ({
        address: proxy.address,
        callerProcess: this.target.processName(proxy.callerPid),
        entry: proxy.entryName,
        isolation: proxy.properties,
      })),
      kcs: live ? this.kcsViews(thread) : [],
      pages: this.target.pageSnapshots(),
      aplCache: { hits: cache.hits, misses: cache.misses, capacity: this.target.aplCacheCapacity(), cachedTags: cache.entries },
    };
  }

  timeline(from: number | undefined, limit: number | undefined): TimelineResponseBody {
    const records = this.target.switches();
    const first = Math.max(0, from ?? 0);
    const start = limit === undefined ? first : Math.max(first, records.length - limit);
    const events = records.slice(start).map((record, offset) => {
      const position = this.symbols.lineAt(record.sourcePc);
      return {
        index: start + offset,
        kind: record.kind,
        threadId: record.threadId,
        thread: record.thread,
        from: record.from,
        to: record.to,
        proxy: record.proxy,
        cycles: record.cycles,
        instructions: record.instructions,
        pc: record.pc,
        source: position ? { path: this.symbols.fileName, line: position.line } : undefined,
      };
    });
    return { events, total: records.length, truncated: start > first };
  }
}

function describeCapabilityView(view: CapabilityRegisterView): string {
  if (view.permission === 'none' && view.length === 0 && !view.valid) return 'empty';
  return `${view.valid ? '' : 'INVALID '}${view.kind} ${view.permission} [${hexWord(view.base)}, +${view.length})`;
}

function scalarKind(type: Type): ValueKind {
  switch (type.kind) {
    case 'bool': case 'ptr': case 'cap': case 'acap': return type.kind;
    default: return 'int';
  }
}

function typeName(type: Type): string {
  return type.kind === 'array' ? `[${typeName(type.element)}; ${type.length}]` : type.kind;
}

function formatWord(type: Type, word: number): string {
  if (type.kind === 'bool') return word !== 0 ? 'true' : 'false';
  if (type.kind === 'ptr') return hexWord(word);
  return String(word | 0);
}

function hexBytes(word: number): string {
  return [0, 8, 16, 24].map((shift) => ((word >>> shift) & 0xff).toString(16).padStart(2, '0')).join(' ');
}
