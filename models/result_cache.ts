/**
 * Perception results kept in memory per image sha256 + model + options, so that many questions
 * on one image run each model once. Bounded: the least recently used entries are dropped.
 *
 * @module
 */

/** Entries kept; a detection list or a few depth values each, so this is small. */
const MAX_ENTRIES = 256;

const entries = new Map<string, Promise<unknown>>();

/** Cache key for a result of `model` on the image with `sha256`, under `options`. */
export function resultKey(sha256: string, model: string, options: unknown): string {
  return `${sha256}|${model}|${JSON.stringify(options)}`;
}

/**
 * The cached result for `key`, or `compute()`'s, stored. Concurrent callers share one
 * computation; a failed computation is not kept. `hit` tells whether the result was cached.
 */
export async function cachedResult<T>(
  key: string,
  compute: () => Promise<T>,
): Promise<{ value: T; hit: boolean }> {
  const existing = entries.get(key);
  if (existing) {
    entries.delete(key); // refresh recency
    entries.set(key, existing);
    return { value: await (existing as Promise<T>), hit: true };
  }
  const p = compute();
  entries.set(key, p);
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  try {
    return { value: await p, hit: false };
  } catch (e) {
    if (entries.get(key) === p) entries.delete(key);
    throw e;
  }
}

/** Forgets everything (tests and benchmarks that measure cold runs). */
export function clearResultCache(): void {
  entries.clear();
}
