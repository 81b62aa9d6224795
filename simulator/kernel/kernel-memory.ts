// The layout of the kernel's own pages (tag 0, inside KERNEL_REGION) that trusted proxies read and
// write: the per-process liveness flags, and one block per thread holding its proxy-stack table
// and its kernel control stack (KCS). Only code on P pages can touch these pages, so the proxy
// generator and the kernel agree on the addresses here and nothing else can forge them.
import { KERNEL_REGION, PAGE_SIZE } from './address-space';

/** Tag of the kernel's own pages (machine.md §2) and of the domain every trusted proxy lives in. */
export const KERNEL_TAG = 0;
export const PROXY_TAG = 1;

/** Most processes a program may have (the liveness table and the proxy-stack table hold one word each). */
export const MAX_PROCESSES = 64;

/** Most threads a program may have over its whole run (one kernel block each). */
export const MAX_THREADS = 200;

/** Page 0 of the kernel region: word `pid` is 1 while process `pid` is alive, 0 once it has ended. */
export const LIVENESS_TABLE = KERNEL_REGION.base;

export function livenessFlagAddress(pid: number): number {
  return LIVENESS_TABLE + pid * 4;
}

/**
 * Each thread owns a 64 KiB block, aligned to its size so that a proxy can find the block from the
 * KCS pointer by masking: `block = record & ~(THREAD_BLOCK_SIZE - 1)`.
 *   page 0: word 0 = tid; the proxy-stack table at PROXY_STACK_TABLE_OFFSET (a word per pid)
 *   page 1: a capability-storage (C) page: one 16-byte slot per KCS record, where the proxy keeps
 *           the caller's cr7 (see KCS_CAPABILITY_SLOT); slot = block + (record offset >> 3)
 *   pages 2..7: unmapped, so a KCS overflow faults instead of overwriting anything
 *   pages 8..15: KCS records, growing down from the block's end
 */
export const THREAD_BLOCK_SIZE = 0x1_0000;
export const THREAD_BLOCK_MASK = ~(THREAD_BLOCK_SIZE - 1) >>> 0;
export const THREAD_INFO_TID_OFFSET = 0;
/** Word `pid`: the sp at which this thread next enters process `pid` on a stack-switching call (0: none yet). */
export const PROXY_STACK_TABLE_OFFSET = 0x100;
export const CAPABILITY_SAVE_PAGE_OFFSET = PAGE_SIZE;
export const KCS_LOWEST_OFFSET = 8 * PAGE_SIZE;
/** Right shift that maps a record's offset in the block to its capability slot's offset (records 128 B, slots 16 B). */
export const KCS_CAPABILITY_SLOT_SHIFT = 3;

export function threadBlockBase(tid: number): number {
  if (!Number.isInteger(tid) || tid < 1 || tid > MAX_THREADS) throw new RangeError(`thread id ${tid} out of range 1..${MAX_THREADS}`);
  return KERNEL_REGION.base + tid * THREAD_BLOCK_SIZE;
}

/** dipc.kcs of a thread with no crossing in progress. */
export function emptyKcsPointer(tid: number): number {
  return threadBlockBase(tid) + THREAD_BLOCK_SIZE;
}

export function proxyStackSlotAddress(tid: number, pid: number): number {
  return threadBlockBase(tid) + PROXY_STACK_TABLE_OFFSET + pid * 4;
}

/**
 * One KCS record per dIPC crossing (os.md §1), KCS_RECORD_BYTES long, at dipc.kcs after the push.
 * Byte offsets; the `saved*` fields are written only by proxies whose policy needs them.
 */
export const KcsRecord = {
  callerPid: 0,
  returnAddress: 4,
  callerSp: 8,
  proxy: 12, // address of the proxy's first instruction: identifies proxy, entry and policy
  savedDcsBase: 16,
  savedCallerStackSlot: 20, // the caller's previous proxy-stack table word
  gp: 24,
  tp: 28,
  s0: 32, // s0..s11 at s0 + 4 * i
  capabilitySlot: 80, // address of the C-page slot holding the caller's cr7
} as const;
export const KCS_RECORD_BYTES = 128;

/** Deepest nesting of crossings one thread can have before its KCS overflows into the guard page. */
export const KCS_CAPACITY = Math.floor((THREAD_BLOCK_SIZE - KCS_LOWEST_OFFSET) / KCS_RECORD_BYTES);

/**
 * Proxy requests: an `ecall` executed on a P page of PROXY_REGION is not a system call (a7 may hold
 * an argument) but a request from a trusted proxy, its kind in t1.
 */
export const ProxyRequest = {
  /** Create this thread's stack in the current process; the kernel writes its top to the table and into t2. */
  createStack: 1,
  /** The process the thread would return into has died: end the thread. */
  endThread: 2,
} as const;
