/**
 * The one bounded memo: evaluation must not slow down (or grow memory) as a study goes on, so every cache has a size
 * limit and an owner (an evaluator, a model), never the module. Eviction drops the least recently used entry.
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
    if (hit !== undefined) {
      this.entries.delete(key); // re-inserted: a Map iterates in insertion order, so the first key is the oldest used
      this.entries.set(key, hit);
      return hit;
    }
    const value = make();
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
    return value;
  }
}
