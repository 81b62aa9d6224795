// The per-CPU APL cache (machine.md §4.1): the APLs of the APL_CACHE_ENTRIES most recently used
// domains, least-recently-used replacement. The machine asks it for the source domain on every
// cross-domain access and for the entered domain on every domain switch; a miss costs aplMiss
// cycles (the kernel's software refill). Changing a domain's APL invalidates its entry.

export interface AplCacheState {
  /** Cached domains, most recently used first. */
  entries: number[];
  hits: number;
  misses: number;
  invalidations: number;
}

export class AplCache {
  /** Most recently used first; never longer than capacity. */
  private entries: number[] = [];
  hits = 0;
  misses = 0;
  invalidations = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`APL cache entries must be a positive integer, got ${String(capacity)}`);
  }

  /** Looks `domain` up, refilling on a miss; returns true on a hit. */
  access(domain: number): boolean {
    const index = this.entries.indexOf(domain);
    if (index === 0) {
      this.hits++;
      return true;
    }
    if (index > 0) {
      this.entries.splice(index, 1);
      this.entries.unshift(domain);
      this.hits++;
      return true;
    }
    this.misses++;
    this.entries.unshift(domain);
    if (this.entries.length > this.capacity) this.entries.pop();
    return false;
  }

  invalidate(domain: number): void {
    const index = this.entries.indexOf(domain);
    if (index < 0) return;
    this.entries.splice(index, 1);
    this.invalidations++;
  }

  contains(domain: number): boolean {
    return this.entries.includes(domain);
  }

  state(): AplCacheState {
    return { entries: [...this.entries], hits: this.hits, misses: this.misses, invalidations: this.invalidations };
  }

  restore(state: AplCacheState): void {
    this.entries = state.entries.slice(0, this.capacity);
    this.hits = state.hits;
    this.misses = state.misses;
    this.invalidations = state.invalidations;
  }
}
