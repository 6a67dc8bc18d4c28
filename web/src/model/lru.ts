// model/lru.ts — a bounded, least-recently-used cache over a Map: the value of a key, made once
// when missing. Used for what is expensive to make again and cheap to keep (KaTeX markup by TeX
// source, a lesson model's results by argument). DOM-free; it computes nothing itself.

/** The value of `key` in `cache`, made by `make()` when missing. The map is kept in order of use
 *  (a hit moves to the end) and at most `max` long (the least recently used goes first). */
export function cached<V>(cache: Map<string, V>, key: string, make: () => V, max: number): V {
  if (cache.has(key)) {
    const hit = cache.get(key) as V;
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const v = make();
  cache.set(key, v);
  if (cache.size > max) cache.delete(cache.keys().next().value as string);
  return v;
}
