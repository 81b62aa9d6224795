// Start-up code of a process (its ProcessImage startAddress), entirely through system calls so it
// shows in traces and costs cycles like the rest (docs/codegen.md "Start-up"): create and map its
// domains, grant the main domain `call` on them and apply `grant`s, register and publish its
// entries, resolve its imports, wait at the init barrier, then run `main` and end the thread.

import { DomainPermission, Protection, Syscall, SyscallError } from '../../kernel/abi';
import { PAGE_SIZE } from '../../kernel/address-space';
import { type AssemblyWriter, FRAME_POINTER } from './assembly-writer';
import type { ProgramContext } from './context';
import { type SectionPlacement } from './layout';
import { generatedLabel, sectionName } from './names';
import type { DomainModel, ProcessModel } from './program-model';

const PROTECTION_OF_KIND = {
  text: Protection.read | Protection.execute,
  rodata: Protection.read,
  data: Protection.read | Protection.write,
  capabilityStorage: Protection.read | Protection.write,
} as const;

/** How many times start-up asks for a process's entries (yielding in between) before giving up. */
const LOOKUP_ATTEMPTS = 1000;
const ATTEMPTS_OFFSET = -8;

function syscall(writer: AssemblyWriter, name: keyof typeof Syscall): void {
  writer.line(`li a7, ${Syscall[name]}`);
  writer.line('ecall');
}

/** Label the program generator puts at the end of every section, so start-up code can map exactly its pages. */
export const sectionEndLabel = (section: string): string => `__section_end${section}`;

/** Writes the start-up routine and returns its label. `placements` are the process's non-empty sections. */
export function emitStartup(context: ProgramContext, process: ProcessModel, placements: readonly SectionPlacement[]): string {
  const writer = context.writer;
  const main = process.main;
  const label = generatedLabel('start', main);
  const end = `__end${label}`;
  const failed = generatedLabel('start_failed', main);
  // Frame: s0-relative slots for the lookup attempts left, the main domain's handle and each domain's handle.
  const handleOffset = (domain: DomainModel): number => (domain === main ? -12 : -16 - 4 * domain.domainIndex);
  const frameSize = Math.ceil((16 + 4 * process.domains.length) / 16) * 16;

  writer.section(sectionName(main, 'text'));
  writer.line('.balign 4');
  writer.label(label);
  writer.line(`addi sp, sp, -${frameSize}`);
  writer.line(`addi ${FRAME_POINTER}, sp, ${frameSize}`);
  syscall(writer, 'domDefault');
  writer.line(`sw a0, ${handleOffset(main)}(${FRAME_POINTER})`);

  for (const domain of process.domains) {
    writer.comment(`domain ${domain.path}`);
    syscall(writer, 'domCreate');
    writer.branch('blt', 'a0', 'zero', failed);
    writer.line(`sw a0, ${handleOffset(domain)}(${FRAME_POINTER})`);
    for (const placement of placements) {
      if (placement.owner.domain !== domain.domain) continue;
      writer.line(`lw a0, ${handleOffset(domain)}(${FRAME_POINTER})`);
      writer.line(`li a1, ${placement.base}`);
      writer.line(`li a2, (${sectionEndLabel(placement.name)} - ${placement.base} + ${PAGE_SIZE - 1}) & ${-PAGE_SIZE}`);
      writer.line(`li a3, ${PROTECTION_OF_KIND[placement.kind]}`);
      syscall(writer, 'domMmap');
      writer.branch('blt', 'a0', 'zero', failed);
    }
  }
  const grant = (from: DomainModel, permission: keyof typeof DomainPermission, to: DomainModel): void => {
    writer.comment(`grant ${from.domain ?? from.process} ${permission} ${to.domain ?? to.process}`);
    writer.line(`lw a0, ${handleOffset(to)}(${FRAME_POINTER})`);
    writer.line(`li a1, ${DomainPermission[permission]}`);
    syscall(writer, 'domCopy');
    writer.branch('blt', 'a0', 'zero', failed);
    writer.line('mv a1, a0');
    writer.line(`lw a0, ${handleOffset(from)}(${FRAME_POINTER})`);
    syscall(writer, 'grantCreate');
    writer.branch('blt', 'a0', 'zero', failed);
  };
  const domainNamed = (name: string): DomainModel | undefined =>
    name === process.name ? main : process.domains.find((domain) => domain.domain === name);
  // One APL entry per pair of domains, with the strongest permission any grant gives: grant_create
  // replaces an entry, so `grant D read A; grant D call A;` must not end up as `call` alone.
  const strongest = new Map<DomainModel, Map<DomainModel, keyof typeof DomainPermission>>();
  const want = (from: DomainModel, permission: keyof typeof DomainPermission, to: DomainModel): void => {
    const row = strongest.get(from) ?? new Map<DomainModel, keyof typeof DomainPermission>();
    strongest.set(from, row);
    const current = row.get(to);
    if (current === undefined || DomainPermission[permission] > DomainPermission[current]) row.set(to, permission);
  };
  for (const domain of process.domains) want(main, 'call', domain);
  for (const declaration of process.grants) {
    const from = domainNamed(declaration.from.name);
    const to = domainNamed(declaration.to.name);
    if (from && to) want(from, declaration.permission, to);
  }
  for (const [from, row] of strongest) for (const [to, permission] of row) grant(from, permission, to);

  if (process.entries.length > 0) {
    writer.comment('register and publish the entries');
    writer.line(`lw a0, ${handleOffset(main)}(${FRAME_POINTER})`);
    writer.line(`li a1, ${process.entries.length}`);
    writer.line(`la a2, ${generatedLabel('entry_descriptors', main)}`);
    syscall(writer, 'entryRegister');
    writer.branch('blt', 'a0', 'zero', failed);
    writer.line('mv a1, a0');
    writer.line(`la a0, ${context.stringLabel(main, process.name, true)}`);
    syscall(writer, 'handlePublish');
    writer.branch('blt', 'a0', 'zero', failed);
  }
  // Imports are resolved before the barrier: once it opens, other processes may call this one's
  // entries, which may call out through these imports, so they must be usable by then. A target
  // that has not published its entries yet is waited for with yield (bounded, then start-up fails).
  const importedProcesses = [...new Set(process.imports.map((i) => i.targetProcess))];
  for (const target of importedProcesses) {
    const imports = process.imports.filter((i) => i.targetProcess === target);
    const retry = writer.newLabel('lookup');
    const found = writer.newLabel('found');
    writer.comment(`resolve the imports from ${target.name}`);
    writer.line(`li t0, ${LOOKUP_ATTEMPTS}`);
    writer.line(`sw t0, ${ATTEMPTS_OFFSET}(${FRAME_POINTER})`);
    writer.label(retry);
    writer.line(`la a0, ${context.stringLabel(main, target.name, true)}`);
    syscall(writer, 'handleLookup');
    writer.line(`bge a0, zero, ${found}`);
    writer.line(`li t0, ${SyscallError.notFound}`);
    writer.branch('bne', 'a0', 't0', failed);
    writer.line(`lw t0, ${ATTEMPTS_OFFSET}(${FRAME_POINTER})`);
    writer.line('addi t0, t0, -1');
    writer.line(`sw t0, ${ATTEMPTS_OFFSET}(${FRAME_POINTER})`);
    writer.branch('beq', 't0', 'zero', failed);
    syscall(writer, 'yield');
    writer.line(`j ${retry}`);
    writer.label(found);
    writer.line(`li a1, ${imports.length}`);
    writer.line(`la a2, ${imports[0].descriptorLabel}`);
    syscall(writer, 'entryRequest');
    writer.branch('blt', 'a0', 'zero', failed);
  }
  syscall(writer, 'initBarrier');
  if (process.mainFunction) writer.line(`jal ra, ${process.mainFunction.label}`);
  syscall(writer, 'threadExit');
  writer.comment('a start-up system call failed: the kernel returned an error code');
  writer.label(failed);
  syscall(writer, 'assertFail');
  writer.label(end);

  context.debug.functions.push({
    kind: 'startup',
    qualifiedName: `${process.name}.<start>`,
    name: '<start>',
    process: process.name,
    domain: process.name,
    startLabel: label,
    endLabel: end,
    frameSize,
    variables: [],
  });
  return label;
}
