// The binary interface between user code and the dIPC kernel: system call numbers, their
// argument registers, and the in-memory layout of entry descriptors. The code generator writes
// code against this file and the kernel implements it; docs/abi.md explains each call.

/**
 * System call numbers (`a7`), arguments in a0..a5, result in a0 (negative = error, see
 * SyscallError). Linux's numbers for the calls Linux has, so plain RV32 programs run unchanged.
 */
export const Syscall = {
  write: 64, // write(fd, buf, len): fd 1 and 2 only; returns bytes written
  exit: 93, // exit(code): ends the calling thread's *current* process (inside a callee: the callee)
  exitGroup: 94, // exit_group(code): same as exit
  domCreate: 1024, // dom_create() -> owner handle of a new domain of the current process
  domCopy: 1025, // dom_copy(h, perm) -> handle with a permission no higher than h's (DomainPermission)
  domMmap: 1026, // dom_mmap(h, addr, len, prot) -> 0: (re)map page-aligned [addr, addr+len) into h's domain
  grantCreate: 1027, // grant_create(src, dst) -> grant handle: APL[src] gets dst's permission on dst
  grantRevoke: 1028, // grant_revoke(g) -> 0
  entryRegister: 1029, // entry_register(dom, n, descs) -> entry handle (EntryDescriptor x n)
  entryRequest: 1030, // entry_request(handle, n, descs) -> 0; writes each proxy address into its descriptor
  handlePublish: 1031, // handle_publish(name, h) -> 0 (name: NUL-terminated string)
  handleLookup: 1032, // handle_lookup(name) -> handle
  threadSpawn: 1033, // thread_spawn(pc, a0, a1, a2, a3, a4) -> tid: new thread of the current process at pc, ra = 0
  yield: 1034, // yield() -> 0
  domDefault: 1035, // dom_default() -> owner handle of the current process's own domain
  initBarrier: 1036, // init_barrier() -> 0: blocks until every process's start-up code has registered its entries
  threadExit: 1037, // thread_exit() : ends the calling thread only
  assertFail: 1038, // assert_fail() : raises an `assert` fault in the calling thread
  remoteFault: 1039, // remote_fault() : raises a `remote-fault` fault (a failed cross-process call without `else`)
  domName: 1040, // dom_name(h, name) -> 0: names the domain for the debugger and fault messages (owner handle)
  ipcCall: 1041, // ipc_call(msg, connection) -> 0 / 1 (failed): classic IPC modes only, made by the caller's stub (docs/cost-model.md)
  ipcReply: 1042, // ipc_reply(msg) : classic IPC modes only, made by the server stub; the server thread goes back to the kernel
} as const;

/**
 * Linux calls beyond write/exit that plain RV32 programs built with gcc and a C library make at
 * start-up; the kernel answers them so those programs run unchanged. Any other unknown number
 * returns LINUX_ENOSYS.
 */
export const LinuxSyscall = {
  ioctl: 29, // -> -ENOTTY: no terminal, so the C library buffers stdout fully
  writev: 66, // writev(fd, iov, iovcnt): fd 1 and 2
  setTidAddress: 96, // -> the thread id
  brk: 214, // brk(addr) -> the new break (0: query); grows the heap of a plain program
} as const;
export const LINUX_ENOSYS = -38;
export const LINUX_ENOTTY = -25;
/** What Linux's write/writev return for a bad descriptor, a bad buffer and a bad length. */
export const LINUX_EBADF = -9;
export const LINUX_EFAULT = -14;
export const LINUX_EINVAL = -22;
export type SyscallName = keyof typeof Syscall;

export const SyscallError = {
  badHandle: -1,
  badArgument: -2,
  notPermitted: -3,
  misalignedEntry: -4,
  signatureMismatch: -5,
  notFound: -6,
  deadProcess: -7,
} as const;

/** Permission carried by a domain handle: owner > write > read > call. */
export const DomainPermission = { call: 1, read: 2, write: 3, owner: 4 } as const;

/** `prot` of dom_mmap: the page RWX bits. */
export const Protection = { read: 1, write: 2, execute: 4 } as const;

/**
 * One descriptor of entry_register: 16 bytes, little-endian words.
 * word 0: entry address (ENTRY_ALIGN-aligned)
 * word 1: signature (see encodeSignature)
 * word 2: the callee's isolation policy (isolationMask of isolation.ts)
 * word 3: 0
 *
 * One descriptor of entry_request: 16 bytes.
 * word 0: index of the entry in the callee's entry_register call
 * word 1: signature the caller expects (must equal the registered one)
 * word 2: the caller's isolation policy
 * word 3: written by the kernel: the proxy's address (the caller calls it with `jalr ra`)
 */
export const ENTRY_DESCRIPTOR_BYTES = 16;

export interface EntrySignatureCode {
  /** Number of arguments, in order; integer arguments go in a0.., capability arguments in cr0... */
  argumentCount: number;
  /** Which arguments (by position) are capabilities. */
  capabilityArguments: boolean[];
  hasResult: boolean;
}

/** bits 0-4: argument count; bits 8-23: bit 8+i set when argument i is a capability; bit 24: has result. */
export function encodeSignature(signature: EntrySignatureCode): number {
  let word = signature.argumentCount & 0x1f;
  signature.capabilityArguments.forEach((isCapability, index) => {
    if (isCapability) word |= 1 << (8 + index);
  });
  if (signature.hasResult) word |= 1 << 24;
  return word >>> 0;
}

export function decodeSignature(word: number): EntrySignatureCode {
  const argumentCount = word & 0x1f;
  const capabilityArguments = Array.from({ length: argumentCount }, (_, index) => (word & (1 << (8 + index))) !== 0);
  return { argumentCount, capabilityArguments, hasResult: (word & (1 << 24)) !== 0 };
}

/**
 * How a proxy reports the outcome of a call to the code that called it: `a0` holds the result,
 * and `a1` is 0 when the call completed and 1 when it failed (the callee faulted or had died).
 */
export const PROXY_STATUS_REGISTER = 'a1';
