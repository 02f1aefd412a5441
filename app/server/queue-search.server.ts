import type { QueueSearch } from '../domain/queue-search'
import type { StaffScope } from '../domain/scope'
import { audit } from './audit.server'
import type { Cipher } from './crypto.server'
import type { Executor } from './db.server'
import { findEarlierReportIds } from './reports.server'
import { reportsInScope } from './scope.server'

/** At most this many reports are listed for one personnummer; the newest first. */
const SEARCH_LIMIT = 50

export type QueueSearchResult =
  | { kind: 'reference'; reportId: string | null }
  | { kind: 'personalIdentityNumber'; reports: Array<{ id: string; reference: string; level: string; status: string; receivedAt: Date; municipalityName: string }> }

/**
 * A search from the queue, within what the staff member may see: by reference (one report) or
 * by personnummer through its blind index (every report about that person). Each search is in
 * the audit log with what kind it was and which reports it showed, never what was typed.
 */
export async function searchQueue(
  db: Executor,
  cipher: Pick<Cipher, 'blindIndex'>,
  input: { scope: StaffScope; staffId: string; search: Exclude<QueueSearch, { kind: 'error' }>; now: Date },
): Promise<QueueSearchResult> {
  const { scope, search } = input
  if (search.kind === 'reference') {
    const found = await reportsInScope(db, scope).select('reports.id').where('reports.reference', '=', search.reference).executeTakeFirst()
    await audit(db, { staffId: input.staffId, action: 'queue.search', reportId: found?.id ?? null, details: { search: 'reference', shown: found ? 1 : 0 }, at: input.now })
    return { kind: 'reference', reportId: found?.id ?? null }
  }
  const ids = (await findEarlierReportIds(db, cipher, scope, [search.personalIdentityNumber])).slice(0, SEARCH_LIMIT)
  const reports =
    ids.length === 0
      ? []
      : await reportsInScope(db, scope)
          .innerJoin('municipalities', 'municipalities.code', 'reports.municipality_code')
          .select(['reports.id', 'reports.reference', 'reports.level', 'reports.status', 'reports.received_at as receivedAt', 'municipalities.name as municipalityName'])
          .where('reports.id', 'in', ids)
          .orderBy('reports.received_at', 'desc')
          .execute()
  await audit(db, {
    staffId: input.staffId,
    action: 'queue.search',
    details: { search: 'personalIdentityNumber', shown: reports.length, reports: reports.map((report) => report.id) },
    at: input.now,
  })
  return { kind: 'personalIdentityNumber', reports }
}
