/**
 * A bounded memo: evaluation must not slow down (or grow memory) as a study goes on, so every cache the model keeps
 * has a size limit. Eviction drops the oldest entry (insertion order), cheap and good enough for a search that
 * revisits a drifting neighbourhood.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached value for `key`, computed by `make` on a miss. */
  getOrCreate(key: K, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
    return value;
  }
}
