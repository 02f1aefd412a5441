import type { Executor } from './db.server'

/**
 * Keeps what `load` read for a short while, per database and key: for what public pages show
 * on every request (the municipalities, who reads a report now) and changes only when an
 * administrator changes the configuration, so a change shows on every instance within `ttlMs`.
 * Never for a decision (routing a report reads in its own transaction). A failed read is not kept.
 */
export function shortLived<Key, Value>(ttlMs: number, load: (db: Executor, key: Key) => Promise<Value>) {
  const caches = new WeakMap<object, Map<Key, { until: number; value: Promise<Value> }>>()
  return (db: Executor, key: Key, now = Date.now()): Promise<Value> => {
    let cache = caches.get(db)
    if (!cache) caches.set(db, (cache = new Map()))
    const kept = cache.get(key)
    if (kept && kept.until > now) return kept.value
    const value = load(db, key)
    const entry = { until: now + ttlMs, value }
    cache.set(key, entry)
    value.catch(() => {
      if (cache.get(key) === entry) cache.delete(key)
    })
    return value
  }
}
