// The fault kinds of the CODOMs machine (machine.md §8): one table, with the description the
// debugger, the CLI and docs show for each kind. The machine raises all of them except `assert`
// and `remote-fault`, which the kernel raises but which belong to the same vocabulary.

export const FAULT_KINDS = {
  unmapped: 'an access or instruction fetch touched an address with no page mapped',
  'page-permission': "the page's own R/W/X bits forbid the access (no APL or capability can override them)",
  'fetch-denied': "control reached another domain's page without `call` (or higher) permission in the current domain's APL",
  'entry-misaligned': 'a domain with only `call` permission jumped into the middle of another domain instead of an ENTRY_ALIGN-aligned entry point',
  'load-denied': "a load from another domain's page was granted neither by the APL (`read`) nor by a valid capability register",
  'store-denied': "a store to another domain's page was granted neither by the APL (`write`) nor by a valid capability register",
  'cap-invalid': 'a capability that is revoked (async counter changed), expired (its call returned) or cleared was used, or a derivation tried to widen one',
  'cap-storage': 'an ordinary load/store touched a capability-storage (C) page, or cap.ld/cap.st touched a page without the C bit',
  'dcs-violation': 'a cross-domain return did not match the top frame of the domain control stack, or tried to pop below the DCS base',
  privileged: 'a privileged operation (writing dipc.proc, dipc.kcs, dipc.dcsbase) ran on a page without the P bit',
  'illegal-instruction': 'the instruction word does not encode any RV32IM, Zicsr or CODOMs instruction',
  'misaligned-access': 'a load, store or jump target is not aligned to its natural size',
  assert: 'an `assert` in the program failed (raised by the kernel)',
  'remote-fault': 'a cross-process call failed and the caller did not handle the failure (raised by the kernel)',
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;

/** Which permission the faulting access lacked, so tools can propose the grant or capability that would fix it. */
export type MissingPermission = 'call' | 'read' | 'write' | 'execute' | 'privileged' | 'capability-storage' | 'entry-point';

export interface Fault {
  kind: FaultKind;
  /** The data address, jump target or instruction address the fault is about. */
  address: number;
  /** Address of the faulting instruction (the machine's pc stays there). */
  pc: number;
  /** The current domain (tag of the page holding the faulting instruction). */
  domain: number;
  /** The domain owning `address`, when it is a mapped page. */
  targetDomain?: number;
  missingPermission?: MissingPermission;
  /** One line a person can act on. */
  message: string;
}

export function hex(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}
