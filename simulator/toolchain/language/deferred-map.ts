// A Map whose hash table is built on first read. The checker records one entry per expression
// (tens of thousands in a large program) with `record`, which only appends to an array; the
// language server's keystroke path reads diagnostics only and never pays for hashing them.
// Every Map method fills the table first; only tools that read a Map's internal slots directly
// (util.inspect, structuredClone) see it empty before the first read.

/** Entries per chunk (keys and values interleaved): small enough to stay an ordinary young object. */
const CHUNK_LENGTH = 4096;

export class DeferredMap<K, V> extends Map<K, V> {
  /**
   * Key, value, key, value... in fixed-size chunks. One growing array would be copied on every
   * growth and, once large, live in the large-object space, where each store of a young key pays
   * a write barrier: together they made recording a large part of the check.
   */
  private chunks: (K | V)[][] = [];
  private chunk: (K | V)[] = new Array(CHUNK_LENGTH);
  private used = 0;

  /** `set`, deferred: later records of the same key win, as with `set`. */
  record(key: K, value: V): void {
    let used = this.used;
    if (used === CHUNK_LENGTH) {
      this.chunks.push(this.chunk);
      this.chunk = new Array(CHUNK_LENGTH);
      used = 0;
    }
    const chunk = this.chunk;
    chunk[used] = key;
    chunk[used + 1] = value;
    this.used = used + 2;
  }

  private fill(): void {
    if (this.used === 0 && this.chunks.length === 0) return;
    const chunks = this.chunks;
    const last = this.chunk;
    const lastUsed = this.used;
    this.chunks = [];
    this.chunk = new Array(CHUNK_LENGTH);
    this.used = 0;
    for (const chunk of chunks) {
      for (let index = 0; index < CHUNK_LENGTH; index += 2) super.set(chunk[index] as K, chunk[index + 1] as V);
    }
    for (let index = 0; index < lastUsed; index += 2) super.set(last[index] as K, last[index + 1] as V);
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
    this.chunks = [];
    this.chunk = new Array(CHUNK_LENGTH);
    this.used = 0;
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
