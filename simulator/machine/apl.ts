// Access Protection Lists (machine.md §4): for every domain, the permission it holds on other
// domains' pages, ordered call < read < write. Tag 0 (the kernel) can never be named: only code
// on P pages reaches it, and that rule lives in the machine, not in any list.

export type AplPermission = 'call' | 'read' | 'write';

/** Numeric levels so that "at least read" is a comparison. */
export const AplLevel = { none: 0, call: 1, read: 2, write: 3 } as const;
export type AplLevelValue = (typeof AplLevel)[keyof typeof AplLevel];

const APL_PERMISSION_OF_LEVEL: readonly (AplPermission | undefined)[] = [undefined, 'call', 'read', 'write'];

export class AccessProtectionLists {
  private readonly lists = new Map<number, Map<number, AplLevelValue>>();

  /** Sets (or, with undefined, removes) `domain`'s permission on `target`. */
  set(domain: number, target: number, permission: AplPermission | undefined): void {
    if (target === 0) throw new RangeError('no APL may name tag 0: kernel pages are reachable only from privileged (P) pages');
    if (permission !== undefined && !(permission in AplLevel)) {
      throw new RangeError(`APL permission must be 'call', 'read' or 'write', got ${String(permission)}`);
    }
    let list = this.lists.get(domain);
    if (permission === undefined) {
      list?.delete(target);
      if (list?.size === 0) this.lists.delete(domain);
      return;
    }
    if (list === undefined) this.lists.set(domain, (list = new Map()));
    list.set(target, AplLevel[permission]);
  }

  level(domain: number, target: number): AplLevelValue {
    return this.lists.get(domain)?.get(target) ?? AplLevel.none;
  }

  listOf(domain: number): Map<number, AplPermission> {
    const result = new Map<number, AplPermission>();
    for (const [target, level] of this.lists.get(domain) ?? []) result.set(target, APL_PERMISSION_OF_LEVEL[level]!);
    return result;
  }

  domains(): number[] {
    return [...this.lists.keys()].sort((a, b) => a - b);
  }

  clone(): AccessProtectionLists {
    const copy = new AccessProtectionLists();
    for (const [domain, list] of this.lists) copy.lists.set(domain, new Map(list));
    return copy;
  }

  copyFrom(other: AccessProtectionLists): void {
    this.lists.clear();
    for (const [domain, list] of other.lists) this.lists.set(domain, new Map(list));
  }
}
