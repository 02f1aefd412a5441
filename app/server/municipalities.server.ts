import type { Executor } from './db.server'

export interface Municipality {
  code: string
  name: string
}

// Swedish order puts Å, Ä and Ö after Z, where a Swedish reader looks for them. One collator:
// localeCompare with a locale argument builds a new one at every comparison.
const swedish = new Intl.Collator('sv')

/** Names in Swedish alphabetical order. */
export function bySwedishName<T extends { name: string }>(a: T, b: T): number {
  return swedish.compare(a.name, b.name)
}

// Every public page lists the municipalities; they change when the service's configuration
// does, not from one request to the next. Kept a short while per database, so a change shows
// within that time on every instance.
const LIST_TTL_MS = 30_000
const lists = new WeakMap<object, { until: number; list: Promise<Municipality[]> }>()

export function listMunicipalities(db: Executor, now = Date.now()): Promise<Municipality[]> {
  const cached = lists.get(db)
  // A copy each time: a caller that sorts or filters in place must not change the next one's list.
  if (cached && cached.until > now) return cached.list.then((list) => list.slice())
  const list = db
    .selectFrom('municipalities')
    .select(['code', 'name'])
    .execute()
    .then((rows) => rows.sort(bySwedishName))
  // A failed read is not kept: the next request asks again.
  list.catch(() => lists.delete(db))
  lists.set(db, { until: now + LIST_TTL_MS, list })
  return list.then((rows) => rows.slice())
}
