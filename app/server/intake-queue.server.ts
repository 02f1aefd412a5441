import { sql } from 'kysely'
import type { StaffScope } from '../domain/scope'
import { isSmallWholeNumber, isUuid, parseIsoInstant } from '../domain/strict-params'
import type { Level } from '../domain/triage'
import type { Executor } from './db.server'
import { reportsInScope } from './scope.server'

export const QUEUE_STATUSES = ['open', 'new', 'in_progress', 'decided', 'all'] as const
export type QueueStatus = (typeof QUEUE_STATUSES)[number]
const QUEUE_PAGE_SIZE = 50

export interface QueueFilter {
  status: QueueStatus
  level: Level | 'all'
  /** Where the previous page ended: level rank, received instant, id. Not personal data. */
  after: { rank: number; receivedAt: string; id: string } | null
}

function encodeCursor(row: { level_rank: number; received_at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.level_rank, row.received_at.toISOString(), row.id])).toString('base64url')
}

export function decodeCursor(value: string | null): QueueFilter['after'] {
  if (!value || value.length > 200) return null
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
    if (!Array.isArray(parsed) || parsed.length !== 3) return null
    const [rank, receivedAt, id] = parsed as unknown[]
    if (!isSmallWholeNumber(rank, 10) || !parseIsoInstant(receivedAt) || !isUuid(id)) return null
    return { rank, receivedAt: receivedAt as string, id }
  } catch {
    return null
  }
}

/**
 * One page of the queue, most urgent first and then oldest first, after the cursor
 * (keyset pagination: for one municipality, as fast on page 1,000 as on page 1; a staff
 * member of several municipalities gets a sort of their open reports).
 */
export async function listQueue(db: Executor, scope: StaffScope, filter: QueueFilter) {
  let query = reportsInScope(db, scope)
    .innerJoin('municipalities', 'municipalities.code', 'reports.municipality_code')
    .select([
      'reports.id',
      'reports.reference',
      'reports.level',
      'reports.level_rank',
      'reports.triage_rules',
      'reports.received_at',
      'reports.status',
      'reports.protection_assessment_due',
      'reports.protection_assessed_at',
      'reports.decision_due',
      'reports.decided_at',
      'reports.routing_reason',
      'reports.destination',
      'reports.handed_over_at',
      'municipalities.name as municipalityName',
    ])
  // Written as literals so the planner always matches the partial index reports_queue_open_idx.
  if (filter.status === 'open') query = query.where(sql<boolean>`reports.status in ('new', 'in_progress')`)
  else if (filter.status !== 'all') query = query.where('reports.status', '=', filter.status)
  if (filter.level !== 'all') query = query.where('reports.level', '=', filter.level)
  if (filter.after) {
    const { rank, receivedAt, id } = filter.after
    query = query.where(sql<boolean>`(reports.level_rank, reports.received_at, reports.id) > (${rank}, ${new Date(receivedAt)}, ${id}::uuid)`)
  }
  const rows = await query
    .orderBy('reports.level_rank')
    .orderBy('reports.received_at')
    .orderBy('reports.id')
    .limit(QUEUE_PAGE_SIZE + 1)
    .execute()
  const page = rows.slice(0, QUEUE_PAGE_SIZE)
  const last = page.at(-1)
  return { rows: page, next: rows.length > QUEUE_PAGE_SIZE && last ? encodeCursor(last) : null }
}
