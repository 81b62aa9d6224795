// Section kinds and placement. A section's name decides its permissions (`.text*` executable,
// `.rodata*` read-only, `.data*`/`.bss*` read-write, as GNU ld does); sections are page-aligned so
// the kernel can map each with its own permissions. Unplaced sections follow GNU ld's default
// order from 0x10000: text, read-only data, data, bss.

import { PAGE_SIZE } from '../../kernel/address-space';
import { type SegmentPermissions } from '../../kernel/program-image';

/** GNU ld's default start of `.text` for RISC-V executables. */
export const DEFAULT_TEXT_BASE = 0x0001_0000;

export type SectionKind = 'text' | 'rodata' | 'data' | 'bss';

export interface SectionAttributes {
  kind: SectionKind;
  permissions: SegmentPermissions;
  /** No file contents: only zeros may be emitted (`.bss`, `@nobits`). */
  noBits: boolean;
  /** Loaded into memory; sections without the `a` flag (`.comment`, `.note.GNU-stack`) are dropped. */
  allocated: boolean;
}

const KIND_PERMISSIONS: Record<SectionKind, SegmentPermissions> = {
  text: { read: true, write: false, execute: true },
  rodata: { read: true, write: false, execute: false },
  data: { read: true, write: true, execute: false },
  bss: { read: true, write: true, execute: false },
};

const hasPrefix = (name: string, prefix: string): boolean => name === prefix || name.startsWith(`${prefix}.`);

function kindByName(name: string): SectionKind | undefined {
  if (hasPrefix(name, '.text') || name === '.init' || name === '.fini') return 'text';
  if (hasPrefix(name, '.rodata') || hasPrefix(name, '.srodata')) return 'rodata';
  if (hasPrefix(name, '.data') || hasPrefix(name, '.sdata') || name === '.init_array' || name === '.fini_array') return 'data';
  if (hasPrefix(name, '.bss') || hasPrefix(name, '.sbss')) return 'bss';
  return undefined;
}

/**
 * The attributes of a section from its name and, when given, the `.section` flags (`"awx"`) and
 * type (`@nobits`). Known names win over flags for the kind; flags decide unknown names.
 */
export function sectionAttributes(name: string, flags?: string, type?: string): SectionAttributes {
  const byName = kindByName(name);
  const noBits = byName === 'bss' || type === 'nobits';
  if (byName) {
    return { kind: byName, permissions: KIND_PERMISSIONS[byName], noBits, allocated: flags === undefined || flags.includes('a') };
  }
  if (flags === undefined) return { kind: 'rodata', permissions: KIND_PERMISSIONS.rodata, noBits, allocated: true };
  const kind: SectionKind = flags.includes('x') ? 'text' : flags.includes('w') ? (noBits ? 'bss' : 'data') : 'rodata';
  return { kind, permissions: KIND_PERMISSIONS[kind], noBits, allocated: flags.includes('a') };
}

export const alignUp = (value: number, alignment: number): number => Math.ceil(value / alignment) * alignment;

export interface SectionToPlace {
  name: string;
  kind: SectionKind;
  size: number;
}

export type Placement = { ok: true; addresses: Map<string, number> } | { ok: false; section: string; message: string };

const KIND_ORDER: readonly SectionKind[] = ['text', 'rodata', 'data', 'bss'];

/**
 * Gives every section a page-aligned address: the one in `bases` if listed, otherwise the next
 * free page from DEFAULT_TEXT_BASE in kind order (text, rodata, data, bss; first appearance within
 * a kind), skipping over the ranges of explicitly placed sections.
 */
export function placeSections(sections: readonly SectionToPlace[], bases: Readonly<Record<string, number>>): Placement {
  const addresses = new Map<string, number>();
  const fixed: { name: string; start: number; end: number }[] = [];
  for (const section of sections) {
    const base = bases[section.name];
    if (base === undefined) continue;
    if (!Number.isInteger(base) || base < 0 || base % PAGE_SIZE !== 0 || base + section.size > 0x1_0000_0000) {
      return { ok: false, section: section.name, message: `section ${section.name} must start on a page boundary (multiple of 0x${PAGE_SIZE.toString(16)}) inside the 32-bit address space, got ${base}` };
    }
    addresses.set(section.name, base);
    fixed.push({ name: section.name, start: base, end: base + alignUp(section.size, PAGE_SIZE) });
  }
  fixed.sort((a, b) => a.start - b.start);
  for (let index = 1; index < fixed.length; index += 1) {
    if (fixed[index].start < fixed[index - 1].end) {
      return { ok: false, section: fixed[index].name, message: `section ${fixed[index].name} at 0x${fixed[index].start.toString(16)} overlaps section ${fixed[index - 1].name}` };
    }
  }
  let cursor = DEFAULT_TEXT_BASE;
  for (const kind of KIND_ORDER) {
    for (const section of sections) {
      if (section.kind !== kind || addresses.has(section.name)) continue;
      let start = alignUp(cursor, PAGE_SIZE);
      const pages = alignUp(section.size, PAGE_SIZE);
      for (const range of fixed) {
        if (start < range.end && start + pages > range.start) start = range.end;
      }
      addresses.set(section.name, start);
      cursor = start + section.size;
    }
  }
  return { ok: true, addresses };
}
