import { sql, type RawBuilder } from 'kysely'
import { type QueueAddress, type QueueCounts } from '../domain/queue-filter'
import type { StaffScope } from '../domain/scope'
import { isSmallWholeNumber, isUuid, parseIsoInstant } from '../domain/strict-params'
import { LEVELS } from '../domain/triage'
import { audit, type AuditAction } from './audit.server'
import type { Executor } from './db.server'
import { newInformationAt } from './queue-marks.server'
import { reportsInScope } from './scope.server'

const QUEUE_PAGE_SIZE = 50

export interface QueueFilter extends Pick<QueueAddress, 'status' | 'level'>, Partial<Pick<QueueAddress, 'municipality' | 'overdue'>> {
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

/** A deadline passed with its step not taken (deadlines.ts `isOverdue`, for either deadline), in SQL. */
function overdueSql(now: Date): RawBuilder<boolean> {
  return sql<boolean>`((reports.protection_assessment_due < ${now} and reports.protection_assessed_at is null) or (reports.decision_due < ${now} and reports.decided_at is null))`
}

/** The municipalities an intake queue reads: the one chosen in the address, or every one of the reader's. */
function queueMunicipalities(scope: Extract<StaffScope, { role: 'intake' }>, filter: Partial<Pick<QueueAddress, 'municipality'>>): string[] {
  if (filter.municipality) return scope.municipalityCodes.includes(filter.municipality) ? [filter.municipality] : []
  return [...scope.municipalityCodes]
}

/**
 * One page of the queue, most urgent first and then oldest first, after the cursor (keyset
 * pagination). Each municipality's page is read from its own index range in queue order
 * (a lateral join per municipality) and the pages are merged, so a staff member of seven
 * municipalities reads at most 7 × 51 index entries instead of sorting every open report.
 */
export async function listQueue(
  db: Executor,
  scope: StaffScope,
  filter: QueueFilter,
  now?: Date,
  /**
   * The read to record (`queue.list`), written by the same statement as the page is read (a
   * data-modifying CTE): the page and its audit row commit together, in one round trip instead
   * of two, and the row says how many reports were shown.
   */
  audited?: { staffId: string; details: Record<string, unknown>; at: Date },
) {
  let page = reportsInScope(db, scope).select([
    'reports.id',
    'reports.reference',
    'reports.level',
    'reports.level_rank',
    'reports.triage_rules',
    'reports.received_at',
    'reports.status',
    'reports.municipality_code',
    'reports.protection_assessment_due',
    'reports.protection_assessed_at',
    'reports.decision_due',
    'reports.decided_at',
    'reports.handed_over_at',
    'reports.assigned_to',
    'reports.reporter_update_at',
    'reports.destination',
  ])
  // Written as literals so the planner always matches the partial index of the open reports.
  if (filter.status === 'open') page = page.where(sql<boolean>`reports.status in ('new', 'in_progress')`)
  else if (filter.status !== 'all') page = page.where('reports.status', '=', filter.status)
  if (filter.level !== 'all') page = page.where('reports.level', '=', filter.level)
  if (filter.overdue) {
    if (!now) throw new Error('the overdue filter needs the time')
    page = page.where(overdueSql(now))
  }
  if (filter.after) {
    const { rank, receivedAt, id } = filter.after
    page = page.where(sql<boolean>`(reports.level_rank, reports.received_at, reports.id) > (${rank}, ${new Date(receivedAt)}, ${id}::uuid)`)
  }
  // An intake unit's page is merged from its municipalities' pages; any other scope (a test's) reads its reports directly.
  const codes = scope.role === 'intake' ? queueMunicipalities(scope, filter) : null
  if (codes?.length === 0) {
    if (audited) await audit(db, { staffId: audited.staffId, action: 'queue.list', details: { ...audited.details, shown: 0 }, at: audited.at })
    return { rows: [], next: null }
  }
  const inQueueOrder = (codes ? page.where('reports.municipality_code', '=', sql.ref<string>('municipalities.code')) : page)
    .orderBy('reports.level_rank')
    .orderBy('reports.received_at')
    .orderBy('reports.id')
    .limit(QUEUE_PAGE_SIZE + 1)
  const pageQuery = db
    .selectFrom('municipalities')
    .innerJoinLateral(inQueueOrder.as('queued'), (join) => (codes ? join.onTrue() : join.onRef('queued.municipality_code', '=', 'municipalities.code')))
    .leftJoin('staff_users as holder', 'holder.id', 'queued.assigned_to')
    .$if(codes !== null, (query) => query.where('municipalities.code', 'in', codes!))
    .selectAll('queued')
    .select(['municipalities.name as municipalityName', 'holder.name as holderName', newInformationAt('queued').as('newInformationAt')])
    .orderBy('queued.level_rank')
    .orderBy('queued.received_at')
    .orderBy('queued.id')
    .limit(QUEUE_PAGE_SIZE + 1)
  const rows = audited
    ? await db
        .with('page', () => pageQuery)
        .with('logged', (cte) =>
          cte
            .insertInto('audit_log')
            .columns(['at', 'staff_id', 'action', 'details'])
            .expression((eb) =>
              eb
                .selectFrom('page')
                .select([
                  sql<Date>`${audited.at}::timestamptz`.as('at'),
                  sql<string>`${audited.staffId}::uuid`.as('staff_id'),
                  sql<string>`${'queue.list' satisfies AuditAction}`.as('action'),
                  sql<string>`${JSON.stringify(audited.details)}::jsonb || jsonb_build_object('shown', least(count(*), ${QUEUE_PAGE_SIZE}))`.as('details'),
                ]),
            ),
        )
        .selectFrom('page')
        .selectAll()
        .orderBy('page.level_rank')
        .orderBy('page.received_at')
        .orderBy('page.id')
        .execute()
    : await pageQuery.execute()
  const shown = rows.slice(0, QUEUE_PAGE_SIZE)
  const last = shown.at(-1)
  return { rows: shown, next: rows.length > QUEUE_PAGE_SIZE && last ? encodeCursor(last) : null }
}

/**
 * The counts at the top of the queue: open reports (new and in progress) by level, the overdue
 * among them, and the immediate ones nobody has taken. One pass over the open reports' covering
 * index (migration 0016), without reading the table.
 */
export async function countQueue(
  db: Executor,
  scope: Extract<StaffScope, { role: 'intake' }>,
  filter: Partial<Pick<QueueAddress, 'municipality'>>,
  now: Date,
): Promise<QueueCounts> {
  const codes = queueMunicipalities(scope, filter)
  const counts: QueueCounts = { immediate: 0, urgent: 0, standard: 0, overdue: 0, waitingImmediate: 0 }
  if (codes.length === 0) return counts
  const rows = await reportsInScope(db, scope)
    .where('reports.municipality_code', 'in', codes)
    .where(sql<boolean>`reports.status in ('new', 'in_progress')`)
    .select([
      'reports.level_rank',
      sql<string>`count(*)`.as('total'),
      sql<string>`count(*) filter (where ${overdueSql(now)})`.as('overdue'),
      sql<string>`count(*) filter (where reports.status = 'new')`.as('waiting'),
    ])
    .groupBy('reports.level_rank')
    .execute()
  for (const row of rows) {
    const level = LEVELS[row.level_rank]
    if (!level) continue
    counts[level] = Number(row.total)
    counts.overdue += Number(row.overdue)
    if (level === 'immediate') counts.waitingImmediate = Number(row.waiting)
  }
  return counts
}
