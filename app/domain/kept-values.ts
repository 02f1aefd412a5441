/**
 * Values kept by key so they are made once: at most `limit` of them, all dropped at once when
 * full (simpler and cheaper than tracking which is oldest, and the keys of every use here are
 * few or repeat: hours, instants on a page, texts, schemas). Read as `kept.get(key) ?? kept.keep(key, make())`.
 */
export function keptValues<Key, Value>(limit: number) {
  const kept = new Map<Key, Value>()
  return {
    get: (key: Key): Value | undefined => kept.get(key),
    keep(key: Key, value: Value): Value {
      if (kept.size >= limit) kept.clear()
      kept.set(key, value)
      return value
    },
  }
}
