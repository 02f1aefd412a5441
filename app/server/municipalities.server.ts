import type { Executor } from './db.server'
import { shortLived } from './short-cache.server'

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

// Every public page lists the municipalities; they change with the service's configuration.
const recentList = shortLived(30_000, (db) =>
  db
    .selectFrom('municipalities')
    .select(['code', 'name'])
    .execute()
    .then((rows) => rows.sort(bySwedishName)),
)

/** The municipalities in Swedish order, read at most every 30 s; a copy each time, so a caller may sort or filter it in place. */
export function listMunicipalities(db: Executor, now = Date.now()): Promise<Municipality[]> {
  return recentList(db, 'all', now).then((list) => list.slice())
}
