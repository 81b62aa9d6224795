// Explanations only the kernel can give (machine.md §8: "a one-line explanation a person can act
// on"). The machine sees an unmapped page or a zero instruction word; the kernel knows that page is
// a stack's guard page, or that the zeros lie past the end of the code it loaded.
import { hex, type Fault } from '../machine/faults';
import { MAX_THREADS_PER_PROCESS, PAGE_SIZE, PLAIN_PROGRAM_STACK_TOP, ProcessRegion, STACK_SIZE, processRegionBase } from './address-space';
import type { ProcessState } from './kernel-state';
import type { ProgramImage } from './program-image';
import { PLAIN_MAIN_STACK_SIZE } from './program-loader';

/** The process whose stack slots hold `address` (where program-loader.ts puts stacks), or undefined. */
function stackOwnerAt(address: number, processes: readonly ProcessState[]): ProcessState | undefined {
  return processes.find((process) => {
    const low = process.plain
      ? PLAIN_PROGRAM_STACK_TOP - PLAIN_MAIN_STACK_SIZE - (MAX_THREADS_PER_PROCESS - 1) * STACK_SIZE
      : processRegionBase(process.regionIndex) + ProcessRegion.stacks;
    const high = process.plain ? PLAIN_PROGRAM_STACK_TOP : low + MAX_THREADS_PER_PROCESS * STACK_SIZE;
    return address >= low && address < high;
  });
}

/**
 * A load or store that hit an unmapped page among a process's stacks: below every stack lies an
 * unmapped page (a guard page, or a stack slot not in use), so this is a stack that grew past its end.
 */
export function stackOverflowExplanation(fault: Fault, processes: readonly ProcessState[]): string | undefined {
  const dataAccess = fault.missingPermission === 'read' || fault.missingPermission === 'write';
  if (fault.kind !== 'unmapped' || !dataAccess) return undefined;
  const address = fault.address >>> 0;
  const owner = stackOwnerAt(address, processes);
  if (owner === undefined) return undefined;
  const access = fault.missingPermission === 'write' ? 'store to' : 'load from';
  return `stack overflow: ${access} ${hex(address)}, the unmapped page below a stack of ${owner.name}: `
    + 'recursion too deep or unbounded, or a local frame too large';
}

/** Where the loaded code of an executable segment ends, when `pc` lies in the zero-filled rest of its pages. */
function codeEndBefore(pc: number, image: ProgramImage): { end: number; name: string } | undefined {
  for (const process of image.processes) {
    for (const segment of process.segments) {
      if (!segment.permissions.execute) continue;
      const end = segment.address + segment.bytes.length;
      const mappedEnd = segment.address + Math.ceil(segment.size / PAGE_SIZE) * PAGE_SIZE;
      if (pc >= end && pc < mappedEnd) return { end, name: segment.name };
    }
  }
  return undefined;
}

/** True when `pc` is past the last instruction the image loaded into its code pages (ran off the end). */
export function isPastEndOfCode(pc: number, image: ProgramImage): boolean {
  return codeEndBefore(pc >>> 0, image) !== undefined;
}

/** A fault at a pc past the loaded code: execution ran off the end of the program. */
export function pastEndOfCodeExplanation(fault: Fault, image: ProgramImage): string | undefined {
  const code = codeEndBefore(fault.pc >>> 0, image);
  if (code === undefined) return undefined;
  return `the pc is past the end of the code (${code.name} ends at ${hex(code.end)}): the program ran off its end; `
    + 'end it with exit (ecall 93) or a jump back';
}
