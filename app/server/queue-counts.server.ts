import type { QueueAddress, QueueCounts } from '../domain/queue-filter'
import type { StaffScope } from '../domain/scope'
import type { Executor } from './db.server'
import { countQueue } from './intake-queue.server'
import type { QueueFeed } from './queue-events.server'

/**
 * Overdue counts change with the clock, not only with the reports: a count is kept at most for
 * this long, and only within the same window of the clock the request reads (the test clock too).
 */
const CLOCK_WINDOW_MS = 15_000
const MAX_ENTRIES = 500

interface Entry {
  window: number
  counts: Promise<QueueCounts>
  forget: () => void
}

const entries = new Map<string, Entry>()

/**
 * The queue's counts, kept per set of municipalities until one of them changes (the change feed
 * says so, the moment a report is stored or changes) or the clock window ends. Ten staff members
 * of the same seven municipalities then count their 50,000 open reports once, not once a reload
 * each. Without a feed nothing is kept: a count could not know it went stale.
 */
export function cachedQueueCounts(
  db: Executor,
  feed: QueueFeed | null,
  scope: Extract<StaffScope, { role: 'intake' }>,
  filter: Pick<QueueAddress, 'municipality'>,
  now: Date,
): Promise<QueueCounts> {
  if (!feed) return countQueue(db, scope, filter, now)
  const codes = filter.municipality ? [filter.municipality] : [...scope.municipalityCodes].sort()
  const key = `${codes.join(',')}|${filter.municipality ?? ''}`
  const window = Math.floor(now.getTime() / CLOCK_WINDOW_MS)
  const kept = entries.get(key)
  if (kept && kept.window === window) return kept.counts
  kept?.forget()
  if (entries.size >= MAX_ENTRIES) for (const entry of [...entries.values()]) entry.forget()
  const counts = countQueue(db, scope, filter, now)
  const unsubscribe = feed.subscribe(
    codes.map((code) => `m:${code}`),
    () => entry.forget(),
  )
  const entry: Entry = {
    window,
    counts,
    forget: () => {
      unsubscribe()
      if (entries.get(key) === entry) entries.delete(key)
    },
  }
  entries.set(key, entry)
  // A failed count is not kept.
  counts.catch(() => entry.forget())
  return counts
}
