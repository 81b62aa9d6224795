// Puts a ProgramImage into a fresh kernel: the kernel's liveness page, the proxy domain, one domain
// per process with its segments mapped and loaded, and each process's first thread on its first
// stack. Bad images are refused with a KernelError naming the segment, never half-loaded silently.
import { PAGE_SIZE, KERNEL_REGION, PLAIN_PROGRAM_STACK_TOP, PROCESS_REGION_SIZE, STACK_SIZE, UNMAPPED_LOW_LIMIT, processRegionBase, stackTop } from './address-space';
import { MAX_THREADS_PER_PROCESS } from './address-space';
import { hex } from '../machine/faults';
import type { Kernel } from './kernel';
import { KernelError } from './kernel-error';
import { KERNEL_TAG, LIVENESS_TABLE, MAX_PROCESSES, PROXY_TAG, livenessFlagAddress } from './kernel-memory';
import type { ProcessState } from './kernel-state';
import type { ProgramImage, ProcessImage } from './program-image';

/** Stack of a plain program's first thread: [PLAIN_PROGRAM_STACK_TOP - PLAIN_MAIN_STACK_SIZE, top). */
export const PLAIN_MAIN_STACK_SIZE = 0x10_0000;

/** Bytes above a plain program's initial sp: argc = 0, argv = {NULL}, envp = {NULL}, auxv = {AT_NULL}. */
const PLAIN_INITIAL_FRAME = 16;

const pageAlignUp = (value: number): number => Math.ceil(value / PAGE_SIZE) * PAGE_SIZE;

export function loadImage(kernel: Kernel, image: ProgramImage): void {
  const { machine, state } = kernel;
  if (image.processes.length > MAX_PROCESSES) throw new KernelError(`the program has ${image.processes.length} processes; at most ${MAX_PROCESSES} are supported`);
  const plain = image.processes.some((process) => process.plain === true);
  if (plain && image.processes.length > 1) throw new KernelError('a plain program (.s or ELF) has exactly one process');

  machine.mapPages(LIVENESS_TABLE, PAGE_SIZE, { read: true, write: true, execute: false, tag: KERNEL_TAG });
  machine.setDomainName(KERNEL_TAG, 'kernel');
  state.domains.push({ tag: PROXY_TAG, name: 'proxies', owner: 0 });
  machine.setDomainName(PROXY_TAG, 'proxies');

  const regions = new Set<number>();
  image.processes.forEach((processImage, index) => {
    const pid = index + 1;
    const tag = state.nextTag++;
    if (!plain) checkRegion(processImage, regions);
    for (const segment of processImage.segments) loadSegment(kernel, processImage, segment, tag, plain);
    const process: ProcessState = {
      pid,
      name: processImage.name,
      regionIndex: processImage.regionIndex,
      plain,
      defaultDomain: tag,
      status: 'running',
      exitCode: 0,
      handles: [],
      stacksUsed: 0,
      firstThread: 0,
      reachedBarrier: plain,
      programBreak: plain ? programBreakOf(processImage) : 0,
    };
    state.processes.push(process);
    state.domains.push({ tag, name: processImage.name, owner: pid });
    machine.setDomainName(tag, processImage.name);
    machine.writeWord(livenessFlagAddress(pid), 1);
    // Proxies create the capability over a caller's stack, so they must reach every process's pages.
    if (!plain) kernel.setApl(PROXY_TAG, tag, 'write');
    const top = allocateFirstStack(kernel, process);
    const sp = plain ? PLAIN_PROGRAM_STACK_TOP - PLAIN_INITIAL_FRAME : (processImage.stackTop ?? top);
    process.firstThread = kernel.createThread(pid, processImage.startAddress >>> 0, sp, 0).tid;
  });
  state.barrierReleased = plain;
}

function checkRegion(processImage: ProcessImage, regions: Set<number>): void {
  const { regionIndex, name } = processImage;
  const limit = Math.floor((KERNEL_REGION.base - processRegionBase(0)) / PROCESS_REGION_SIZE);
  if (!Number.isInteger(regionIndex) || regionIndex < 0 || regionIndex >= limit) {
    throw new KernelError(`process ${name}: region index ${String(regionIndex)} is outside 0..${limit - 1}`);
  }
  if (regions.has(regionIndex)) throw new KernelError(`process ${name}: region ${regionIndex} is already used by another process`);
  regions.add(regionIndex);
}

/**
 * Where a plain program's (ELF or `.s`) segments may lie: above the unmapped low pages, below its
 * threads' stacks. Loaders check a program against it first, so a program linked elsewhere is
 * refused as bad input with this range, not found later as a kernel error.
 */
export function plainProgramMemory(): { low: number; high: number } {
  return { low: UNMAPPED_LOW_LIMIT, high: PLAIN_PROGRAM_STACK_TOP - PLAIN_MAIN_STACK_SIZE - MAX_THREADS_PER_PROCESS * STACK_SIZE };
}

function loadSegment(kernel: Kernel, processImage: ProcessImage, segment: ProcessImage['segments'][number], tag: number, plain: boolean): void {
  const { machine } = kernel;
  const where = `process ${processImage.name}, segment ${segment.name} at ${hex(segment.address)}`;
  if (!Number.isInteger(segment.address) || segment.address % PAGE_SIZE !== 0) throw new KernelError(`${where}: address is not page-aligned`);
  if (!Number.isInteger(segment.size) || segment.size <= 0 || segment.bytes.length > segment.size) {
    throw new KernelError(`${where}: size ${String(segment.size)} must be positive and hold its ${segment.bytes.length} initial bytes`);
  }
  const start = segment.address;
  const end = start + pageAlignUp(segment.size);
  const [low, high] = plain
    ? [plainProgramMemory().low, plainProgramMemory().high]
    : [processRegionBase(processImage.regionIndex), processRegionBase(processImage.regionIndex) + PROCESS_REGION_SIZE];
  if (start < low || end > high) throw new KernelError(`${where}: [${hex(start)}, ${hex(end)}) lies outside the process's memory [${hex(low)}, ${hex(high)})`);
  for (let page = start; page < end; page += PAGE_SIZE) {
    if (machine.pageAt(page) !== undefined) throw new KernelError(`${where}: page ${hex(page)} is already mapped by another segment`);
  }
  machine.mapPages(start, end - start, {
    read: segment.permissions.read,
    write: segment.permissions.write,
    execute: segment.permissions.execute,
    tag,
    capabilityStorage: segment.capabilityStorage === true,
  });
  if (segment.bytes.length > 0) machine.loadBytes(start, segment.bytes);
}

function programBreakOf(processImage: ProcessImage): number {
  let end = UNMAPPED_LOW_LIMIT;
  for (const segment of processImage.segments) end = Math.max(end, segment.address + pageAlignUp(segment.size));
  return end;
}

function allocateFirstStack(kernel: Kernel, process: ProcessState): number {
  if (!process.plain) return allocateStackSlot(kernel, process)!;
  kernel.machine.mapPages(PLAIN_PROGRAM_STACK_TOP - PLAIN_MAIN_STACK_SIZE, PLAIN_MAIN_STACK_SIZE, {
    read: true, write: true, execute: false, tag: process.defaultDomain,
  });
  process.stacksUsed = 1;
  return PLAIN_PROGRAM_STACK_TOP;
}

/**
 * Maps the next free stack of a process and returns its top (undefined when none is left). A stack
 * is a STACK_SIZE-aligned slot whose lowest page stays unmapped as a guard page.
 */
export function allocateStackSlot(kernel: Kernel, process: ProcessState): number | undefined {
  const slot = process.stacksUsed;
  if (slot >= MAX_THREADS_PER_PROCESS) return undefined;
  const top = process.plain
    ? PLAIN_PROGRAM_STACK_TOP - PLAIN_MAIN_STACK_SIZE - (slot - 1) * STACK_SIZE
    : stackTop(process.regionIndex, slot);
  kernel.machine.mapPages(top - STACK_SIZE + PAGE_SIZE, STACK_SIZE - PAGE_SIZE, { read: true, write: true, execute: false, tag: process.defaultDomain });
  process.stacksUsed++;
  return top;
}
