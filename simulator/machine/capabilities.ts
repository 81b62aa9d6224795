// Capabilities (machine.md §5): immutable records held in the eight capability registers of a
// thread or in the slots of C pages. Validity is not a stored flag: a synchronous capability is
// valid while the DCS frame it was created under is still on its thread's DCS, an asynchronous
// one while the word at its counter address still holds the value recorded at creation.
import { hex } from './faults';

export type CapabilityPermission = 'r' | 'rw';
export type CapabilityKind = 'sync' | 'async';

export interface Capability {
  readonly base: number;
  readonly length: number;
  readonly permission: CapabilityPermission;
  readonly kind: CapabilityKind;
  /** Domain that created (or derived) it; informational, for the debugger. */
  readonly owner: number;
  /** Async: the revocation counter's address and its value at creation. */
  readonly counterAddress?: number;
  readonly counterValue?: number;
  /**
   * Sync: serial of the DCS frame that was on top at creation and its index on the DCS, or the
   * thread's root serial with depth -1 when the DCS was empty (valid for the thread's lifetime).
   */
  readonly frameSerial?: number;
  readonly frameDepth?: number;
}

export type CapabilityState = 'valid' | 'expired' | 'revoked';

/** Permission codes of the encodings (CapabilityPermissionCode of instruction-set.ts). */
export const PERMISSION_OF_CODE: Readonly<Record<number, CapabilityPermission>> = { 1: 'r', 3: 'rw' };

export function capabilityCovers(capability: Capability, address: number, size: number): boolean {
  const start = address >>> 0;
  return start >= capability.base && start + size <= capability.base + capability.length;
}

export function capabilityAllows(capability: Capability, write: boolean): boolean {
  return !write || capability.permission === 'rw';
}

/** e.g. `sync rw [0x01180000, 0x01180010)` */
export function describeCapability(capability: Capability): string {
  return `${capability.kind} ${capability.permission} [${hex(capability.base)}, ${hex(capability.base + capability.length)})`;
}

/** Bytes between an access and a capability's range (0 when they overlap). */
export function distanceToCapability(capability: Capability, address: number, size: number): number {
  const start = address >>> 0;
  const end = capability.base + capability.length;
  if (start + size <= capability.base) return capability.base - (start + size) + 1;
  if (start >= end) return start - end + 1;
  return 0;
}
