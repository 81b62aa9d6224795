// A Map whose hash table is built on first read. The checker records one entry per expression
// (tens of thousands in a large program) with `record`, which only appends to two arrays; the
// language server's keystroke path reads diagnostics only and never pays for hashing them.
// Every Map method fills the table first; only tools that read a Map's internal slots directly
// (util.inspect, structuredClone) see it empty before the first read.

export class DeferredMap<K, V> extends Map<K, V> {
  /** Key, value, key, value... in one array (one push per entry). */
  private pending: (K | V)[] = [];

  /** `set`, deferred: later records of the same key win, as with `set`. */
  record(key: K, value: V): void {
    this.pending.push(key, value);
  }

  private fill(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    for (let index = 0; index < pending.length; index += 2) super.set(pending[index] as K, pending[index + 1] as V);
  }

  override get(key: K): V | undefined {
    this.fill();
    return super.get(key);
  }

  override has(key: K): boolean {
    this.fill();
    return super.has(key);
  }

  override set(key: K, value: V): this {
    this.fill();
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.fill();
    return super.delete(key);
  }

  override clear(): void {
    this.pending = [];
    super.clear();
  }

  override get size(): number {
    this.fill();
    return super.size;
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArgument?: unknown): void {
    this.fill();
    super.forEach(callback, thisArgument);
  }

  override entries(): MapIterator<[K, V]> {
    this.fill();
    return super.entries();
  }

  override keys(): MapIterator<K> {
    this.fill();
    return super.keys();
  }

  override values(): MapIterator<V> {
    this.fill();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    this.fill();
    return super[Symbol.iterator]();
  }
}
