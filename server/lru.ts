/**
 * A map bounded by entry count and by total size that forgets the least recently used entries
 * first: the server's in-memory trace store and image cache.
 *
 * @module
 */

/** Bounds of a {@link BoundedMap}. */
export interface BoundedMapOptions<V> {
  /** Most entries kept. */
  maxEntries: number;
  /** Most total size kept (in the units of `sizeOf`); unbounded when absent. */
  maxSize?: number;
  /** Size of one value; 1 when absent. */
  sizeOf?: (value: V) => number;
}

/** A least-recently-used map with count and size bounds. */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, { value: V; size: number }>();
  readonly #opts: BoundedMapOptions<V>;
  #size = 0;

  /** An empty map with these bounds. */
  constructor(opts: BoundedMapOptions<V>) {
    this.#opts = opts;
  }

  /** The value, marking it recently used. */
  get(key: K): V | undefined {
    const entry = this.#map.get(key);
    if (!entry) return undefined;
    this.#map.delete(key);
    this.#map.set(key, entry);
    return entry.value;
  }

  /** Stores a value, evicting the oldest entries past the bounds; a value larger than the whole
   * size bound is not kept. */
  set(key: K, value: V): void {
    this.delete(key);
    const size = this.#opts.sizeOf?.(value) ?? 1;
    if (this.#opts.maxSize !== undefined && size > this.#opts.maxSize) return;
    this.#map.set(key, { value, size });
    this.#size += size;
    for (const [oldKey] of this.#map) {
      const over = this.#map.size > this.#opts.maxEntries ||
        (this.#opts.maxSize !== undefined && this.#size > this.#opts.maxSize);
      if (!over) break;
      this.delete(oldKey);
    }
  }

  /** Forgets a key. */
  delete(key: K): void {
    const entry = this.#map.get(key);
    if (!entry) return;
    this.#map.delete(key);
    this.#size -= entry.size;
  }

  /** Number of entries. */
  get entries(): number {
    return this.#map.size;
  }

  /** Total size of the entries. */
  get size(): number {
    return this.#size;
  }
}
