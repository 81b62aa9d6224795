// The kernel's side of the classic IPC modes (os.md §5): `entry_request` connects an import to a
// generated caller stub instead of a proxy; `ipc_call` blocks the calling thread, copies the
// request (and the buffers its capabilities cover) into a server thread of the callee process and
// switches to it; `ipc_reply` copies the result (and write buffers) back and wakes the caller.
// Every process keeps its own address space: no APL entry ever reaches another process, nothing
// but copied bytes crosses, and each switch between processes is charged a page-table switch.
// The kernel work is charged from the ipc cost section into a ledger the bench reports.
import { capabilityAllows, capabilityCovers } from '../../machine/capabilities';
import { validateCostSection } from '../../machine/cost-model';
import { SyscallError } from '../abi';
import { PAGE_SIZE, ProcessRegion, STACK_SIZE, processRegionBase, stackTop } from '../address-space';
import type { IpcMode } from '../ipc-modes';
import type { Kernel } from '../kernel';
import { emptyKcsPointer } from '../kernel-memory';
import type { ProcessState, ThreadState } from '../kernel-state';
import { allocateStackSlot } from '../program-loader';
import { CLASSIC_PRIMITIVES, type ClassicMode, type ClassicPrimitive } from './classic-modes';
import { IPC_COMPONENTS, IPC_COST_TABLE, type IpcComponent, type IpcCosts } from './ipc-costs';
import { generateCallerStub, generateServerStub, messageLayout, type StubCode, type StubListingLine } from './stub-generator';

/** Where a process's generated stubs live: the last 64 KiB of its heap area, below the stacks. */
export const STUB_AREA_OFFSET = ProcessRegion.stacks - 0x1_0000;
const STUB_AREA_SIZE = 0x1_0000;
/** Largest request (message plus copied buffers) a server stack takes. */
export const MAX_MESSAGE_BYTES = STACK_SIZE / 2;

export interface ClassicConnection {
  id: number;
  callerPid: number;
  calleePid: number;
  entrySet: number;
  entryIndex: number;
  signature: number;
  stub: number;
  serverStub: number;
}

/** A generated stub, for the debugger and listings (`Kernel.classicStubs()`). */
export interface ClassicStubInfo {
  address: number;
  size: number;
  /** `caller`: marshals and makes ipc_call in the caller's domain; `server`: runs the entry for a server thread. */
  kind: 'caller' | 'server';
  /** The process whose domain holds the stub. */
  pid: number;
  calleePid: number;
  entryAddress: number;
  listing: StubListingLine[];
}

export interface ClassicCall {
  id: number;
  connection: number;
  callerTid: number;
  serverTid: number;
  /** The caller's message buffer (the reply is copied there). */
  callerMessage: number;
  buffers: { callerBase: number; length: number; writable: boolean; serverBase: number }[];
}

/** Plain data in KernelState, so snapshots cover it. */
export interface ClassicIpcState {
  mode: ClassicMode;
  connections: ClassicConnection[];
  serverStubs: { entrySet: number; entryIndex: number; address: number }[];
  /** Next free stub address per pid (index = pid). */
  stubCursor: number[];
  /** Server threads waiting for a request, per pid. */
  idleServers: number[][];
  calls: ClassicCall[];
  nextCallId: number;
  /** Completed round trips. */
  roundTrips: number;
  processSwitches: number;
  /** Cycles charged by component (docs/cost-model.md). */
  charged: Record<IpcComponent, number>;
}

export function isClassicMode(mode: IpcMode): mode is ClassicMode {
  return mode !== 'dipc';
}

export function emptyClassicState(mode: ClassicMode): ClassicIpcState {
  return {
    mode, connections: [], serverStubs: [], stubCursor: [], idleServers: [], calls: [], nextCallId: 1, roundTrips: 0, processSwitches: 0,
    charged: Object.fromEntries(IPC_COMPONENTS.map((component) => [component, 0])) as Record<IpcComponent, number>,
  };
}

export class ClassicIpc {
  readonly costs: Readonly<IpcCosts>;
  readonly primitive: ClassicPrimitive;

  constructor(private readonly kernel: Kernel, readonly mode: ClassicMode, costs: Partial<IpcCosts> = {}) {
    this.costs = Object.freeze(validateCostSection('ipc', IPC_COST_TABLE, costs));
    this.primitive = CLASSIC_PRIMITIVES[mode];
  }

  private get state(): ClassicIpcState {
    return this.kernel.state.classic!;
  }

  private get crossCore(): boolean {
    return this.costs.crossCore !== 0;
  }

  private charge(component: IpcComponent, cycles: number): void {
    this.kernel.machine.cycles += cycles;
    this.state.charged[component] += cycles;
  }

  // ------------------------------------------------------------------ entry_request

  /** Every stub generated so far, with its listing (regenerated: the generator is deterministic). */
  stubs(): ClassicStubInfo[] {
    const serverStubs = this.state.serverStubs.map((stub) => {
      const entry = this.kernel.state.entrySets[stub.entrySet - 1];
      return this.stubInfo('server', entry.pid, entry.pid, entry.entries[stub.entryIndex].address, this.serverCode(stub.address, stub.entrySet, stub.entryIndex));
    });
    const callerStubs = this.state.connections.map((connection) => {
      const entry = this.kernel.state.entrySets[connection.entrySet - 1].entries[connection.entryIndex];
      return this.stubInfo('caller', connection.callerPid, connection.calleePid, entry.address,
        generateCallerStub({ address: connection.stub, primitive: this.primitive, signature: connection.signature, connection: connection.id, entryIndex: connection.entryIndex }));
    });
    return [...callerStubs, ...serverStubs].sort((a, b) => a.address - b.address);
  }

  private stubInfo(kind: ClassicStubInfo['kind'], pid: number, calleePid: number, entryAddress: number, code: StubCode): ClassicStubInfo {
    return { address: code.listing[0].address, size: code.words.length * 4, kind, pid, calleePid, entryAddress, listing: code.listing };
  }

  private serverCode(address: number, entrySetId: number, entryIndex: number): StubCode {
    const entry = this.kernel.state.entrySets[entrySetId - 1].entries[entryIndex];
    return generateServerStub({ address, primitive: this.primitive, signature: entry.signature, entryAddress: entry.address, entryIndex });
  }

  /** Connects (caller process, entry) and returns the address of the caller's stub for the import descriptor. */
  connect(callerPid: number, entrySetId: number, entryIndex: number): number {
    const existing = this.state.connections.find((c) => c.callerPid === callerPid && c.entrySet === entrySetId && c.entryIndex === entryIndex);
    if (existing !== undefined) return existing.stub;
    const entrySet = this.kernel.state.entrySets[entrySetId - 1];
    const entry = entrySet.entries[entryIndex];
    let serverStub = this.state.serverStubs.find((s) => s.entrySet === entrySetId && s.entryIndex === entryIndex)?.address;
    if (serverStub === undefined) {
      const address = this.stubAddress(entrySet.pid);
      this.place(entrySet.pid, address, this.serverCode(address, entrySetId, entryIndex).words);
      this.state.serverStubs.push({ entrySet: entrySetId, entryIndex, address });
      serverStub = address;
    }
    const id = this.state.connections.length + 1;
    const stub = this.stubAddress(callerPid);
    const code = generateCallerStub({ address: stub, primitive: this.primitive, signature: entry.signature, connection: id, entryIndex });
    this.place(callerPid, stub, code.words);
    this.state.connections.push({ id, callerPid, calleePid: entrySet.pid, entrySet: entrySetId, entryIndex, signature: entry.signature, stub, serverStub });
    return stub;
  }

  private stubAddress(pid: number): number {
    const process = this.kernel.state.processes[pid - 1];
    const align = this.kernel.machine.config.entryAlign;
    const cursor = this.state.stubCursor[pid] ?? processRegionBase(process.regionIndex) + STUB_AREA_OFFSET;
    return Math.ceil(cursor / align) * align;
  }

  private place(pid: number, address: number, words: number[]): void {
    const process = this.kernel.state.processes[pid - 1];
    const size = words.length * 4;
    const areaEnd = processRegionBase(process.regionIndex) + STUB_AREA_OFFSET + STUB_AREA_SIZE;
    if (address + size > areaEnd) throw new Error(`the IPC stub area of process ${process.name} is full`);
    const { machine } = this.kernel;
    for (let page = address - (address % PAGE_SIZE); page < address + size; page += PAGE_SIZE) {
      if (machine.pageAt(page) === undefined) machine.mapPages(page, PAGE_SIZE, { read: true, write: false, execute: true, tag: process.defaultDomain });
    }
    const bytes = new Uint8Array(size);
    const view = new DataView(bytes.buffer);
    words.forEach((word, index) => view.setUint32(index * 4, word, true));
    machine.loadBytes(address, bytes);
    this.state.stubCursor[pid] = address + size;
  }

  // ------------------------------------------------------------------ ipc_call

  /** `ipc_call(msg, connection)` from a caller's stub. */
  call(thread: ThreadState): void {
    const registers = thread.context.registers;
    const message = registers[10] >>> 0;
    const connection = this.state.connections[registers[11] - 1];
    if (connection === undefined || connection.callerPid !== thread.context.process) {
      registers[10] = SyscallError.badArgument;
      return;
    }
    this.chargeSide();
    const layout = messageLayout(this.primitive, connection.signature);
    const request = this.readOwned(connection.callerPid, message, layout.bufferBytes, true);
    if (request === undefined) {
      registers[10] = SyscallError.badArgument;
      return;
    }
    const words = new DataView(request.buffer, request.byteOffset, request.byteLength);
    const callee = this.kernel.state.processes[connection.calleePid - 1];
    const fail = (): void => {
      registers[10] = 1;
    };
    if (callee.status !== 'running') return fail();
    const buffers: ClassicCall['buffers'] = [];
    let dataBytes = 0;
    for (let j = 0; j < layout.capabilityArguments; j++) {
      const at = layout.capabilityAt(j) * 4;
      const base = words.getUint32(at, true);
      const length = words.getUint32(at + 4, true);
      const capability = thread.context.capabilityRegisters[j];
      const valid = capability !== undefined && this.kernel.machine.capabilityState(capability) === 'valid' && capabilityCovers(capability, base, length);
      if (!valid && length > 0) return fail();
      if (valid) this.warnCapabilityCopied();
      buffers.push({ callerBase: base, length, writable: valid && capabilityAllows(capability, true), serverBase: 0 });
      dataBytes += Math.ceil(length / 4) * 4;
    }
    const requestBytes = layout.requestWords * 4;
    if (requestBytes + dataBytes > MAX_MESSAGE_BYTES) return fail();
    const server = this.takeServer(callee, connection.serverStub);
    if (server === undefined) return fail();

    // The server's copy: the request, then each buffer, at the top of the server thread's stack.
    const top = stackTop(callee.regionIndex, server.stackSlot);
    const serverMessage = (top - requestBytes - dataBytes - 16) & ~15;
    const copy = new Uint8Array(requestBytes + dataBytes);
    copy.set(request.subarray(0, requestBytes));
    const copyView = new DataView(copy.buffer);
    let offset = requestBytes;
    buffers.forEach((buffer, j) => {
      buffer.serverBase = serverMessage + offset;
      copy.set(this.kernel.machine.readMemory(buffer.callerBase, buffer.length) ?? new Uint8Array(buffer.length), offset);
      copyView.setUint32(layout.capabilityAt(j) * 4, buffer.serverBase, true);
      copyView.setUint32(layout.capabilityAt(j) * 4 + 8, buffer.writable ? 1 : 0, true);
      offset += Math.ceil(buffer.length / 4) * 4;
    });
    this.kernel.machine.writeMemory(serverMessage, copy);
    this.chargeCopy(copy.length);

    const context = this.kernel.machine.createContext({ pc: connection.serverStub, sp: serverMessage, process: callee.pid });
    context.kernelControlStack = emptyKcsPointer(server.tid);
    context.registers[10] = serverMessage;
    server.context = context;
    server.status = 'runnable';
    const id = this.state.nextCallId++;
    this.state.calls.push({ id, connection: connection.id, callerTid: thread.tid, serverTid: server.tid, callerMessage: message, buffers });
    thread.status = 'blocked';
    thread.ipcWait = id;
    this.handOff(thread, server);
  }

  /**
   * A capability crossed to another process: classic IPC can only copy the buffer it covers, so
   * what the program relies on capabilities for no longer holds (docs/cost-model.md). Said once.
   */
  private warnCapabilityCopied(): void {
    this.kernel.warnOnce(`a capability was passed to another process under --ipc ${this.mode}: classic IPC copies the buffer it covers `
      + 'for one call, so read-only and revocation are not enforced and a kept (acap) copy is not the caller\'s memory; '
      + 'results may differ from --ipc dipc (docs/cost-model.md)');
  }

  /** An idle server thread of the callee, or a new one with its own stack; undefined when none can be had. */
  private takeServer(callee: ProcessState, pc: number): ThreadState | undefined {
    const idle = (this.state.idleServers[callee.pid] ??= []);
    const tid = idle.pop();
    if (tid !== undefined) return this.kernel.state.threads[tid - 1];
    const top = allocateStackSlot(this.kernel, callee);
    if (top === undefined) return undefined;
    try {
      return this.kernel.createThread(callee.pid, pc, top, callee.stacksUsed - 1);
    } catch {
      return undefined;
    }
  }

  // ------------------------------------------------------------------ ipc_reply

  /** `ipc_reply(msg)` from a server stub: the result goes back, the server thread waits for the next request. */
  reply(thread: ThreadState): void {
    const registers = thread.context.registers;
    const index = this.state.calls.findIndex((call) => call.serverTid === thread.tid);
    if (index < 0) {
      registers[10] = SyscallError.badArgument;
      return;
    }
    const call = this.state.calls[index];
    const connection = this.state.connections[call.connection - 1];
    const layout = messageLayout(this.primitive, connection.signature);
    const reply = this.readOwned(connection.calleePid, registers[10] >>> 0, layout.replyWords * 4, false);
    if (reply === undefined) {
      registers[10] = SyscallError.badArgument;
      return;
    }
    this.chargeSide();
    this.state.calls.splice(index, 1);
    thread.status = 'ended';
    (this.state.idleServers[connection.calleePid] ??= []).push(thread.tid);
    const caller = this.kernel.state.threads[call.callerTid - 1];
    if (caller.status !== 'blocked' || caller.ipcWait !== call.id) return; // the caller died meanwhile
    let copied = reply.length;
    for (const buffer of call.buffers) {
      if (!buffer.writable) continue;
      const bytes = this.kernel.machine.readMemory(buffer.serverBase, buffer.length);
      if (bytes !== undefined) this.kernel.machine.writeMemory(buffer.callerBase, bytes);
      copied += buffer.length;
    }
    this.kernel.machine.writeMemory(call.callerMessage, reply);
    this.chargeCopy(copied);
    this.state.roundTrips++;
    this.wake(caller, 0);
    this.handOff(thread, caller);
  }

  // ------------------------------------------------------------------ kernel hooks

  /** A thread ended (fault, exit, its process died): a call it was serving fails for its caller. */
  threadEnded(thread: ThreadState): void {
    thread.ipcWait = undefined;
    const index = this.state.calls.findIndex((call) => call.serverTid === thread.tid);
    if (index < 0) return;
    const [call] = this.state.calls.splice(index, 1);
    const caller = this.kernel.state.threads[call.callerTid - 1];
    if (caller.status === 'blocked' && caller.ipcWait === call.id) this.wake(caller, 1);
  }

  /** The scheduler moved the CPU between threads: another process means another page table. */
  threadSwitched(from: ThreadState, to: ThreadState, startCycles: number): void {
    if (from.context.process === to.context.process) return;
    this.state.processSwitches++;
    this.charge('pageTableSwitch', this.costs.pageTableSwitch);
    this.charge('tlbRefill', this.costs.tlbRefill);
    this.kernel.noteProcessSwitch(from.context.process, to.context.process, to.tid, to.context.pc, startCycles);
  }

  // ------------------------------------------------------------------ helpers

  private wake(caller: ThreadState, status: 0 | 1): void {
    caller.context.registers[10] = status;
    caller.status = 'runnable';
    caller.ipcWait = undefined;
  }

  /** The kernel copies of `bytes` in one direction, in whole cycles (the cycle counter stays an integer). */
  private chargeCopy(bytes: number): void {
    this.charge('copy', Math.ceil(this.primitive.copiesPerDirection * bytes * this.costs.copyPerByte));
  }

  /** One side's half of a call: its system calls and runs of the primitive's kernel code. */
  private chargeSide(): void {
    this.charge('syscall', this.primitive.syscallsPerSide * this.costs.syscall);
    this.charge('primitive', this.primitive.operationsPerSide * this.costs[this.primitive.primitive]);
  }

  /** Moves the CPU from the thread that blocks to the one it handed the call (or the reply) to. */
  private handOff(from: ThreadState, to: ThreadState): void {
    const { state } = this.kernel;
    if (this.crossCore) {
      this.charge('wakeup', this.costs.crossCoreWakeup);
    } else {
      if (this.primitive.scheduler) {
        this.charge('wakeup', this.costs.wakeup);
        this.charge('schedule', this.costs.schedule);
      }
      this.charge('contextSwitch', this.costs.contextSwitch);
      if (from.context.process !== to.context.process) {
        this.charge('pageTableSwitch', this.costs.pageTableSwitch);
        this.charge('tlbRefill', this.costs.tlbRefill);
      }
    }
    if (from.context.process !== to.context.process) {
      this.state.processSwitches++;
      this.kernel.noteProcessSwitch(from.context.process, to.context.process, to.tid, from.context.pc);
    }
    state.current = to.tid - 1;
    state.sliceUsed = 0;
    this.kernel.machine.context = to.context;
  }

  /** The bytes of [address, address + length) when every page belongs to one of `pid`'s domains with the access. */
  private readOwned(pid: number, address: number, length: number, write: boolean): Uint8Array | undefined {
    if (!this.ownedBy(pid, address, length, write)) return undefined;
    return this.kernel.machine.readMemory(address, length);
  }

  private ownedBy(pid: number, address: number, length: number, write: boolean): boolean {
    const start = address >>> 0;
    if (length === 0) return true;
    if (start + length > 2 ** 32) return false;
    const owned = new Set(this.kernel.state.domains.filter((domain) => domain.owner === pid).map((domain) => domain.tag));
    for (let page = start - (start % PAGE_SIZE); page < start + length; page += PAGE_SIZE) {
      const info = this.kernel.machine.pageAt(page);
      if (info === undefined || info.capabilityStorage || !owned.has(info.tag) || !info.read || (write && !info.write)) return false;
    }
    return true;
  }
}
