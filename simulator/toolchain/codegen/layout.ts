// Where each process's sections go inside its region of the global address space
// (address-space.ts): every domain of a process gets its own page-aligned code, read-only data,
// data and capability-storage sections, so that start-up code can `dom_mmap` them into the domain.
// Fixed slots keep one assembler pass; docs/codegen.md draws the map.

import { PAGE_SIZE, ProcessRegion, processRegionBase } from '../../kernel/address-space';
import { type DomainName, type SectionKind, sectionName } from './names';

/** Domains (besides the main one) a process may declare: each gets one slot of every kind. */
export const MAX_DOMAINS_PER_PROCESS = 8;

/** Size of each capability-storage area of a domain that spills capability registers: one per stack. */
export const CAPABILITY_SPILL_BYTES_PER_STACK = 1024;
/** Stack indexes (sp >> 16) & 15: one spill area each (address-space.ts: 15 stacks of 64 KiB). */
export const CAPABILITY_SPILL_STACKS = 16;

interface Slot {
  /** Offset of the main domain's section in the process region. */
  main: number;
  mainSize: number;
  /** Offset of the first domain's section; domain k sits at domains + k * domainSize. */
  domains: number;
  domainSize: number;
}

const SLOTS: Record<Exclude<SectionKind, 'capabilityStorage'>, Slot> = {
  text: { main: ProcessRegion.code, mainSize: 0x8_0000, domains: ProcessRegion.code + 0x8_0000, domainSize: 0x1_0000 },
  rodata: { main: ProcessRegion.rodata, mainSize: 0x4_0000, domains: ProcessRegion.rodata + 0x4_0000, domainSize: 0x8000 },
  data: { main: ProcessRegion.data, mainSize: 0x4_0000, domains: ProcessRegion.data + 0x4_0000, domainSize: 0x8000 },
};

/**
 * Bytes the data section of the main domain or of a further domain can hold. Without further
 * domains the main domain's data may also use their (empty) slots, up to the capability storage.
 */
export function dataSectionLimit(isMainDomain: boolean, domainCount: number): number {
  if (!isMainDomain) return SLOTS.data.domainSize;
  return domainCount === 0 ? ProcessRegion.capabilityStorage - ProcessRegion.data : SLOTS.data.mainSize;
}

const CAPABILITY_STORAGE_SIZE = ProcessRegion.heap - ProcessRegion.capabilityStorage;

export const pageAlign = (bytes: number): number => Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;

/** One placed section: its name, base address and the most it may hold. */
export interface SectionPlacement {
  owner: DomainName;
  kind: SectionKind;
  name: string;
  base: number;
  limit: number;
}

/**
 * Places every section of one process. `domains` are the process's domains in declaration order;
 * `capabilityStorageBytes` says how many bytes of C pages each domain path needs (0: none), which
 * the code generator only knows after generating the code.
 */
export function placeProcessSections(
  processIndex: number,
  processName: string,
  domains: readonly string[],
  capabilityStorageBytes: (owner: DomainName) => number,
): { placements: SectionPlacement[]; errors: string[] } {
  const region = processRegionBase(processIndex);
  const placements: SectionPlacement[] = [];
  const errors: string[] = [];
  if (domains.length > MAX_DOMAINS_PER_PROCESS) {
    errors.push(`process ${processName} declares ${domains.length} domains; at most ${MAX_DOMAINS_PER_PROCESS} are supported`);
  }
  const owners: DomainName[] = [{ process: processName }, ...domains.map((domain) => ({ process: processName, domain }))];
  owners.forEach((owner, ownerIndex) => {
    for (const kind of ['text', 'rodata', 'data'] as const) {
      const slot = SLOTS[kind];
      const base = ownerIndex === 0 ? region + slot.main : region + slot.domains + (ownerIndex - 1) * slot.domainSize;
      const limit = kind === 'data' ? dataSectionLimit(ownerIndex === 0, domains.length) : ownerIndex === 0 ? slot.mainSize : slot.domainSize;
      placements.push({ owner, kind, name: sectionName(owner, kind), base, limit });
    }
  });
  let capabilityCursor = region + ProcessRegion.capabilityStorage;
  const capabilityEnd = capabilityCursor + CAPABILITY_STORAGE_SIZE;
  for (const owner of owners) {
    const bytes = pageAlign(capabilityStorageBytes(owner));
    if (bytes === 0) continue;
    placements.push({ owner, kind: 'capabilityStorage', name: sectionName(owner, 'capabilityStorage'), base: capabilityCursor, limit: bytes });
    capabilityCursor += bytes;
  }
  if (capabilityCursor > capabilityEnd) {
    errors.push(
      `process ${processName} needs ${capabilityCursor - (region + ProcessRegion.capabilityStorage)} bytes of capability storage; ` +
        `its region has ${CAPABILITY_STORAGE_SIZE}`,
    );
  }
  return { placements, errors };
}
