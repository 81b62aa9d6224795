// The system calls of os.md §2 (numbers and layouts in abi.ts): argument checking, the handle
// tables, the name service, entry registration and proxy creation, threads, the start-up barrier,
// output and exit. Every check happens before any state changes, so a bad call returns its error
// code (SyscallError) and leaves the kernel exactly as it was.
import { hex } from '../machine/faults';
import type { AplPermission } from '../machine/apl';
import { capabilityAllows, capabilityCovers } from '../machine/capabilities';
import {
  DomainPermission,
  ENTRY_DESCRIPTOR_BYTES,
  LINUX_EBADF,
  LINUX_EFAULT,
  LINUX_EINVAL,
  LINUX_ENOSYS,
  LINUX_ENOTTY,
  LinuxSyscall,
  Protection,
  Syscall,
  SyscallError,
  decodeSignature,
  encodeSignature,
} from './abi';
import { PAGE_SIZE, PROCESS_REGION_SIZE, PROXY_REGION, processRegionBase, ProcessRegion, UNMAPPED_LOW_LIMIT, KERNEL_REGION } from './address-space';
import { ISOLATION_PROPERTIES } from './isolation';
import type { Kernel } from './kernel';
import { KERNEL_TAG, PROXY_TAG } from './kernel-memory';
import type { HandleObject, ProcessState, ProxyState, ThreadState } from './kernel-state';
import { allocateStackSlot, PLAIN_MAIN_STACK_SIZE } from './program-loader';
import { PLAIN_PROGRAM_STACK_TOP, MAX_THREADS_PER_PROCESS, STACK_SIZE } from './address-space';
import { CAPABILITY_REGISTER_COUNT } from '../machine/instruction-set';
import { generateProxy } from './proxy-generator';

/** Most entries one entry_register / entry_request call may describe. */
export const MAX_ENTRIES_PER_CALL = 64;
/** Longest name handle_publish / handle_lookup / dom_name accept (bytes, without the NUL). */
export const MAX_NAME_BYTES = 128;
/** Largest single write (bytes). */
export const MAX_WRITE_BYTES = 1 << 20;

const ALL_POLICY_BITS = (1 << ISOLATION_PROPERTIES.length) - 1;

/** The value for a0, or undefined when the call changed the thread's state itself (ended, blocked, unwound). */
type Outcome = number | undefined;

interface Call {
  kernel: Kernel;
  thread: ThreadState;
  process: ProcessState;
  /** a0..a5 */
  args: number[];
  /** Address of the ecall. */
  pc: number;
  /** Domain the ecall ran in. */
  domain: number;
}

type Handler = (call: Call) => Outcome;

export function handleSyscall(kernel: Kernel, thread: ThreadState, pc: number): void {
  const registers = thread.context.registers;
  const number = registers[17]; // a7
  const process = kernel.state.processes[thread.context.process - 1];
  if (process === undefined || process.status !== 'running') {
    kernel.endThread(thread);
    return;
  }
  const call: Call = {
    kernel, thread, process, pc,
    args: [10, 11, 12, 13, 14, 15].map((index) => registers[index]),
    domain: kernel.machine.pageAt(pc)?.tag ?? process.defaultDomain,
  };
  const handler = HANDLERS.get(number);
  const result = handler === undefined ? LINUX_ENOSYS : handler(call);
  if (result !== undefined) registers[10] = result;
}

// ------------------------------------------------------------------ user memory

/** Can the calling domain itself read (or write) every byte of the range, as a load/store would? */
function userCanAccess(call: Call, address: number, length: number, write: boolean): boolean {
  const { machine } = call.kernel;
  const start = address >>> 0;
  if (length === 0) return true;
  if (!Number.isInteger(length) || length < 0 || start + length > 2 ** 32) return false;
  const apl = machine.aplOf(call.domain);
  for (let page = start - (start % PAGE_SIZE); page < start + length; page += PAGE_SIZE) {
    const info = machine.pageAt(page);
    if (info === undefined || info.capabilityStorage || !(write ? info.write : info.read)) return false;
    if (info.tag === KERNEL_TAG || info.tag === PROXY_TAG) return false;
    if (info.tag === call.domain) continue;
    const level = apl.get(info.tag);
    if (level === 'write' || (!write && level === 'read')) continue;
    const from = Math.max(start, page);
    const to = Math.min(start + length, page + PAGE_SIZE);
    const covered = call.thread.context.capabilityRegisters.some((capability) =>
      capability !== undefined && capabilityCovers(capability, from, to - from) && capabilityAllows(capability, write) &&
      machine.capabilityState(capability) === 'valid');
    if (!covered) return false;
  }
  return true;
}

function readUser(call: Call, address: number, length: number): Uint8Array | undefined {
  if (!userCanAccess(call, address, length, false)) return undefined;
  return call.kernel.machine.readMemory(address >>> 0, length);
}

function readUserWords(call: Call, address: number, count: number): number[] | undefined {
  const bytes = readUser(call, address, count * 4);
  if (bytes === undefined) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: count }, (_, index) => view.getUint32(index * 4, true));
}

function readUserString(call: Call, address: number): string | undefined {
  const bytes: number[] = [];
  for (let offset = 0; offset <= MAX_NAME_BYTES; offset++) {
    const byte = readUser(call, (address + offset) >>> 0, 1);
    if (byte === undefined) return undefined;
    if (byte[0] === 0) return Buffer.from(bytes).toString('utf8');
    bytes.push(byte[0]);
  }
  return undefined;
}

// ------------------------------------------------------------------ handles

function handleObject(call: Call, handle: number): HandleObject | undefined {
  if (!Number.isInteger(handle) || handle < 1) return undefined;
  return call.process.handles[handle - 1] ?? undefined;
}

function domainHandle(call: Call, handle: number): Extract<HandleObject, { kind: 'domain' }> | undefined {
  const object = handleObject(call, handle);
  return object?.kind === 'domain' ? object : undefined;
}

function newHandle(call: Call, object: HandleObject): number {
  call.process.handles.push({ ...object });
  return call.process.handles.length;
}

const APL_PERMISSION_OF_HANDLE: Readonly<Record<number, AplPermission>> = {
  [DomainPermission.call]: 'call',
  [DomainPermission.read]: 'read',
  [DomainPermission.write]: 'write',
  [DomainPermission.owner]: 'write',
};

const APL_LEVEL: Readonly<Record<AplPermission, number>> = { call: 1, read: 2, write: 3 };

/** Raises `domain`'s permission on `target` to at least `permission`. */
function ensureApl(kernel: Kernel, domain: number, target: number, permission: AplPermission): void {
  const held = kernel.machine.aplOf(domain).get(target);
  if (held === undefined || APL_LEVEL[held] < APL_LEVEL[permission]) kernel.setApl(domain, target, permission);
}

// ------------------------------------------------------------------ the calls

const HANDLERS = new Map<number, Handler>([
  [Syscall.write, (call) => writeOutput(call, call.args[0], call.args[1], call.args[2])],
  [LinuxSyscall.writev, writev],
  [Syscall.exit, exit],
  [Syscall.exitGroup, exit],
  [LinuxSyscall.ioctl, () => LINUX_ENOTTY],
  [LinuxSyscall.setTidAddress, (call) => call.thread.tid],
  [LinuxSyscall.brk, brk],
  [Syscall.domCreate, domCreate],
  [Syscall.domCopy, domCopy],
  [Syscall.domMmap, domMmap],
  [Syscall.grantCreate, grantCreate],
  [Syscall.grantRevoke, grantRevoke],
  [Syscall.entryRegister, entryRegister],
  [Syscall.entryRequest, entryRequest],
  [Syscall.handlePublish, handlePublish],
  [Syscall.handleLookup, handleLookup],
  [Syscall.threadSpawn, threadSpawn],
  [Syscall.yield, yieldCpu],
  [Syscall.domDefault, (call) => newHandle(call, { kind: 'domain', tag: call.process.defaultDomain, permission: DomainPermission.owner })],
  [Syscall.initBarrier, initBarrier],
  [Syscall.threadExit, (call) => (call.kernel.endThread(call.thread), undefined)],
  [Syscall.assertFail, (call) => (call.kernel.raiseKernelFault(call.thread, 'assert', call.pc, `assertion failed in ${call.process.name} at ${hex(call.pc)}`), undefined)],
  [Syscall.remoteFault, (call) => (call.kernel.raiseKernelFault(call.thread, 'remote-fault', call.pc,
    `a call from ${call.process.name} to another process failed (the callee faulted or had died) and the call has no \`else\``), undefined)],
  [Syscall.domName, domName],
]);

/** write(2) as Linux answers it (errors as -errno: plain RV32 programs check them). */
function writeOutput(call: Call, fd: number, buffer: number, length: number): number {
  if (fd !== 1 && fd !== 2) return LINUX_EBADF;
  if (length < 0 || length > MAX_WRITE_BYTES) return LINUX_EINVAL;
  const bytes = readUser(call, buffer, length);
  if (bytes === undefined) return LINUX_EFAULT;
  call.kernel.writeOutput({
    pid: call.process.pid,
    process: call.process.name,
    stream: fd === 1 ? 'stdout' : 'stderr',
    bytes,
  });
  return length;
}

function writev(call: Call): number {
  const [fd, vector, count] = call.args;
  if (count < 0 || count > 1024) return LINUX_EINVAL;
  const words = readUserWords(call, vector, count * 2);
  if (words === undefined) return LINUX_EFAULT;
  let total = 0;
  for (let index = 0; index < count; index++) {
    const written = writeOutput(call, fd, words[2 * index], words[2 * index + 1]);
    if (written < 0) return written;
    total += written;
  }
  return total;
}

/** The status is the code's low 8 bits, as Linux reports it: `exit(256)` is 0, `exit(-1)` is 255. */
function exit(call: Call): Outcome {
  call.kernel.killProcess(call.process, 'exited', call.args[0] & 0xff);
  return undefined;
}

function brk(call: Call): number {
  const process = call.process;
  if (!process.plain) return SyscallError.notPermitted;
  const requested = call.args[0] >>> 0;
  const limit = PLAIN_PROGRAM_STACK_TOP - PLAIN_MAIN_STACK_SIZE - MAX_THREADS_PER_PROCESS * STACK_SIZE;
  if (requested === 0 || requested <= process.programBreak) return process.programBreak;
  if (requested > limit) return process.programBreak;
  const start = Math.ceil(process.programBreak / PAGE_SIZE) * PAGE_SIZE;
  const end = Math.ceil(requested / PAGE_SIZE) * PAGE_SIZE;
  if (end > start) call.kernel.machine.mapPages(start, end - start, { read: true, write: true, execute: false, tag: process.defaultDomain });
  process.programBreak = requested;
  return requested;
}

function domCreate(call: Call): number {
  const { state, machine } = call.kernel;
  const tag = state.nextTag++;
  const name = createdDomainName(call.process, tag);
  state.domains.push({ tag, name, owner: call.process.pid });
  machine.setDomainName(tag, name);
  return newHandle(call, { kind: 'domain', tag, permission: DomainPermission.owner });
}

function domCopy(call: Call): number {
  const [handle, permission] = call.args;
  const domain = domainHandle(call, handle);
  if (domain === undefined) return SyscallError.badHandle;
  if (!Object.values(DomainPermission).includes(permission as 1)) return SyscallError.badArgument;
  if (permission > domain.permission) return SyscallError.notPermitted;
  return newHandle(call, { kind: 'domain', tag: domain.tag, permission });
}

/** The range a process may map pages into: its own region (a plain program: anything user-space). */
function mappableRange(process: ProcessState): [number, number] {
  if (process.plain) return [UNMAPPED_LOW_LIMIT, KERNEL_REGION.base];
  const base = processRegionBase(process.regionIndex);
  return [base, base + PROCESS_REGION_SIZE];
}

function domMmap(call: Call): number {
  const [handle, address, length, protection] = call.args;
  const { kernel } = call;
  const domain = domainHandle(call, handle);
  if (domain === undefined) return SyscallError.badHandle;
  if (domain.permission !== DomainPermission.owner) return SyscallError.notPermitted;
  const start = address >>> 0;
  if (start % PAGE_SIZE !== 0 || length <= 0 || (protection & ~(Protection.read | Protection.write | Protection.execute)) !== 0) return SyscallError.badArgument;
  const end = start + Math.ceil(length / PAGE_SIZE) * PAGE_SIZE;
  const [low, high] = mappableRange(call.process);
  if (start < low || end > high) return SyscallError.notPermitted;
  const owned = new Set(kernel.state.domains.filter((candidate) => candidate.owner === call.process.pid).map((candidate) => candidate.tag));
  for (let page = start; page < end; page += PAGE_SIZE) {
    const info = kernel.machine.pageAt(page);
    if (info !== undefined && !owned.has(info.tag)) return SyscallError.notPermitted;
  }
  for (let page = start; page < end; page += PAGE_SIZE) {
    const info = kernel.machine.pageAt(page);
    kernel.machine.mapPages(page, PAGE_SIZE, {
      read: (protection & Protection.read) !== 0,
      write: (protection & Protection.write) !== 0,
      execute: (protection & Protection.execute) !== 0,
      tag: domain.tag,
      // Re-mapping keeps a capability-storage page one: its contents are capabilities.
      capabilityStorage: info?.capabilityStorage === true,
    });
  }
  nameMappedDomain(call, domain.tag, start);
  return 0;
}

/** A created domain still under its number takes the name the image gives the segment mapped at `address`. */
function nameMappedDomain(call: Call, tag: number, address: number): void {
  const name = call.kernel.segmentDomains.get(address);
  const domain = call.kernel.state.domains.find((candidate) => candidate.tag === tag);
  if (name === undefined || domain === undefined || domain.name !== createdDomainName(call.process, tag)) return;
  domain.name = name;
  call.kernel.machine.setDomainName(tag, name);
}

function createdDomainName(process: ProcessState, tag: number): string {
  return `${process.name}#${tag}`;
}

function grantCreate(call: Call): number {
  const [sourceHandle, targetHandle] = call.args;
  const { kernel } = call;
  const source = domainHandle(call, sourceHandle);
  const target = domainHandle(call, targetHandle);
  if (source === undefined || target === undefined) return SyscallError.badHandle;
  if (source.permission !== DomainPermission.owner) return SyscallError.notPermitted;
  if (source.tag === target.tag) return SyscallError.badArgument;
  const permission = APL_PERMISSION_OF_HANDLE[target.permission];
  const previous = kernel.machine.aplOf(source.tag).get(target.tag);
  const id = kernel.state.grants.length + 1;
  kernel.state.grants.push({ id, source: source.tag, target: target.tag, permission, previous, revoked: false });
  kernel.setApl(source.tag, target.tag, permission);
  return newHandle(call, { kind: 'grant', grant: id });
}

function grantRevoke(call: Call): number {
  const object = handleObject(call, call.args[0]);
  if (object?.kind !== 'grant') return SyscallError.badHandle;
  const { kernel } = call;
  const grant = kernel.state.grants[object.grant - 1];
  if (grant.revoked) return SyscallError.badHandle;
  grant.revoked = true;
  kernel.setApl(grant.source, grant.target, grant.previous);
  return 0;
}

function entryRegister(call: Call): number {
  const [handle, count, descriptors] = call.args;
  const { kernel } = call;
  const domain = domainHandle(call, handle);
  if (domain === undefined) return SyscallError.badHandle;
  if (domain.permission !== DomainPermission.owner) return SyscallError.notPermitted;
  if (count < 1 || count > MAX_ENTRIES_PER_CALL) return SyscallError.badArgument;
  const words = readUserWords(call, descriptors, count * (ENTRY_DESCRIPTOR_BYTES / 4));
  if (words === undefined) return SyscallError.badArgument;
  const align = kernel.machine.config.entryAlign;
  const entries = [];
  for (let index = 0; index < count; index++) {
    const [address, signature, policy] = words.slice(index * 4, index * 4 + 3);
    if (address % align !== 0) return SyscallError.misalignedEntry;
    const page = kernel.machine.pageAt(address);
    if (page === undefined || !page.execute || page.tag !== domain.tag) return SyscallError.badArgument;
    if (!validSignature(signature) || (policy & ~ALL_POLICY_BITS) !== 0) return SyscallError.badArgument;
    entries.push({ address, signature, policy });
  }
  const id = kernel.state.entrySets.length + 1;
  kernel.state.entrySets.push({ id, pid: call.process.pid, domain: domain.tag, entries });
  return newHandle(call, { kind: 'entries', entrySet: id });
}

/** At most 8 integer arguments (a0-a7) and 7 capability arguments (cr7 carries the stack capability). */
function validSignature(word: number): boolean {
  const signature = decodeSignature(word);
  if (encodeSignature(signature) !== word >>> 0) return false;
  const capabilities = signature.capabilityArguments.filter(Boolean).length;
  return signature.argumentCount - capabilities <= 8 && capabilities < CAPABILITY_REGISTER_COUNT;
}

function entryRequest(call: Call): number {
  const [handle, count, descriptors] = call.args;
  const { kernel } = call;
  const object = handleObject(call, handle);
  if (object?.kind !== 'entries') return SyscallError.badHandle;
  const entrySet = kernel.state.entrySets[object.entrySet - 1];
  if (count < 1 || count > MAX_ENTRIES_PER_CALL) return SyscallError.badArgument;
  const length = count * ENTRY_DESCRIPTOR_BYTES;
  if (!userCanAccess(call, descriptors, length, true)) return SyscallError.badArgument;
  const words = readUserWords(call, descriptors, length / 4)!;
  const callee = kernel.state.processes[entrySet.pid - 1];
  if (callee.status !== 'running') return SyscallError.deadProcess;
  const requests = [];
  for (let index = 0; index < count; index++) {
    const [entryIndex, signature, policy] = words.slice(index * 4, index * 4 + 3);
    const entry = entrySet.entries[entryIndex];
    if (entry === undefined || (policy & ~ALL_POLICY_BITS) !== 0) return SyscallError.badArgument;
    if (signature !== entry.signature) return SyscallError.signatureMismatch;
    requests.push({ entryIndex, policy });
  }
  const classic = kernel.classicIpc;
  if (classic !== undefined) {
    // Classic IPC: the import calls a stub in the caller's own domain; no APL reaches the callee.
    requests.forEach(({ entryIndex }, index) =>
      kernel.machine.writeWord(descriptors + index * ENTRY_DESCRIPTOR_BYTES + 12, classic.connect(call.process.pid, entrySet.id, entryIndex)));
    return 0;
  }
  const proxies = requests.map(({ entryIndex, policy }) => proxyFor(call, entrySet.id, entryIndex, policy));
  proxies.forEach((proxy, index) => kernel.machine.writeWord(descriptors + index * ENTRY_DESCRIPTOR_BYTES + 12, proxy.address));
  ensureApl(kernel, call.domain, PROXY_TAG, 'call');
  ensureApl(kernel, PROXY_TAG, entrySet.domain, 'call');
  return 0;
}

/** The proxy for (caller process, entry, caller policy): reused when it exists, generated otherwise. */
function proxyFor(call: Call, entrySetId: number, entryIndex: number, callerPolicy: number): ProxyState {
  const { kernel } = call;
  const existing = kernel.state.proxies.find((proxy) =>
    proxy.callerPid === call.process.pid && proxy.entrySet === entrySetId && proxy.entryIndex === entryIndex && proxy.callerPolicy === callerPolicy);
  if (existing !== undefined) return existing;
  const entrySet = kernel.state.entrySets[entrySetId - 1];
  const entry = entrySet.entries[entryIndex];
  const callee = kernel.state.processes[entrySet.pid - 1];
  const align = kernel.machine.config.entryAlign;
  const address = Math.ceil(kernel.state.proxyCursor / align) * align;
  const code = generateProxy({
    address,
    callerPid: call.process.pid,
    calleePid: callee.pid,
    entryAddress: entry.address,
    signature: entry.signature,
    callerPolicy,
    calleePolicy: entry.policy,
    calleeGlobalPointer: processRegionBase(callee.regionIndex) + ProcessRegion.data,
    ...(kernel.stackClearBytes === undefined ? {} : { stackClearBytes: kernel.stackClearBytes }),
  });
  const size = code.words.length * 4;
  if (address + size > PROXY_REGION.base + PROXY_REGION.size) throw new Error('the proxy region is full');
  for (let page = address - (address % PAGE_SIZE); page < address + size; page += PAGE_SIZE) {
    if (kernel.machine.pageAt(page) === undefined) {
      kernel.machine.mapPages(page, PAGE_SIZE, { read: true, write: false, execute: true, privileged: true, tag: PROXY_TAG });
    }
  }
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  code.words.forEach((word, index) => view.setUint32(index * 4, word, true));
  kernel.machine.loadBytes(address, bytes);
  kernel.state.proxyCursor = address + size;
  const proxy: ProxyState = {
    address,
    size,
    callerPid: call.process.pid,
    calleePid: callee.pid,
    entrySet: entrySetId,
    entryIndex,
    entryAddress: entry.address,
    entryName: entryNameOf(kernel, entry.address, callee.name),
    signature: entry.signature,
    callerPolicy,
    calleePolicy: entry.policy,
    properties: code.properties,
    unwindAddress: code.unwindAddress,
    returnAddress: code.returnAddress,
    listing: code.listing,
  };
  kernel.registerProxy(proxy);
  return proxy;
}

/** The image's name for an entry address (preferring `Process.entry`), else the process and address. */
function entryNameOf(kernel: Kernel, address: number, processName: string): string {
  let best: string | undefined;
  for (const [name, value] of kernel.symbols) {
    if (value >>> 0 !== address >>> 0) continue;
    if (best === undefined || (name.includes('.') && !best.includes('.'))) best = name;
  }
  return best ?? `${processName}@${hex(address)}`;
}

function handlePublish(call: Call): number {
  const [namePointer, handle] = call.args;
  const name = readUserString(call, namePointer);
  if (name === undefined || name.length === 0) return SyscallError.badArgument;
  const object = handleObject(call, handle);
  if (object === undefined) return SyscallError.badHandle;
  if (call.kernel.state.names.has(name)) return SyscallError.notPermitted;
  call.kernel.state.names.set(name, { ...object });
  return 0;
}

function handleLookup(call: Call): number {
  const name = readUserString(call, call.args[0]);
  if (name === undefined) return SyscallError.badArgument;
  const object = call.kernel.state.names.get(name);
  if (object === undefined) return SyscallError.notFound;
  return newHandle(call, object);
}

function threadSpawn(call: Call): number {
  const [pc, ...startArguments] = call.args;
  const { kernel, process } = call;
  const page = kernel.machine.pageAt(pc);
  const owned = kernel.state.domains.some((domain) => domain.owner === process.pid && domain.tag === page?.tag);
  if (page === undefined || !page.execute || !owned || pc % 4 !== 0) return SyscallError.badArgument;
  const top = allocateStackSlot(kernel, process);
  if (top === undefined) return SyscallError.notPermitted;
  const thread = kernel.createThread(process.pid, pc >>> 0, top, process.stacksUsed - 1);
  startArguments.slice(0, 5).forEach((value, index) => (thread.context.registers[10 + index] = value));
  return thread.tid;
}

function yieldCpu(call: Call): number {
  call.kernel.state.sliceUsed = call.kernel.quantum;
  return 0;
}

function initBarrier(call: Call): Outcome {
  const { kernel, thread, process } = call;
  if (process.firstThread === thread.tid) process.reachedBarrier = true;
  if (kernel.state.barrierReleased) return 0;
  thread.context.registers[10] = 0;
  thread.status = 'blocked';
  kernel.checkBarrier();
  return undefined;
}

function domName(call: Call): number {
  const [handle, namePointer] = call.args;
  const domain = domainHandle(call, handle);
  if (domain === undefined) return SyscallError.badHandle;
  if (domain.permission !== DomainPermission.owner) return SyscallError.notPermitted;
  const name = readUserString(call, namePointer);
  if (name === undefined || name.length === 0) return SyscallError.badArgument;
  const record = call.kernel.state.domains.find((candidate) => candidate.tag === domain.tag);
  if (record !== undefined) record.name = name;
  call.kernel.machine.setDomainName(domain.tag, name);
  return 0;
}
