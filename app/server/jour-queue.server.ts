import { sql } from 'kysely'
import type { StaffScope } from '../domain/scope'
import type { Executor } from './db.server'
import { newInformationAt } from './queue-marks.server'
import { reportsInScope } from './scope.server'

// A night's reports plus the grace period: a few dozen at the most, so one page holds them.
const JOUR_QUEUE_LIMIT = 200

/** The jour's queue: reports not yet handed over on top, then by level and age. */
export async function listJourQueue(db: Executor, scope: Extract<StaffScope, { role: 'jour' }>) {
  return reportsInScope(db, scope)
    .innerJoin('municipalities', 'municipalities.code', 'reports.municipality_code')
    .leftJoin('staff_users as acknowledger', 'acknowledger.id', 'reports.acknowledged_by')
    .select([
      'reports.id',
      'reports.reference',
      'reports.level',
      'reports.triage_rules',
      'reports.received_at',
      'reports.acknowledged_at',
      'reports.handed_over_at',
      newInformationAt('reports').as('newInformationAt'),
      'reports.municipality_code',
      'municipalities.name as municipalityName',
      'acknowledger.name as acknowledgedBy',
      // Who the mail server has taken a page for, so the jour sees how far the alert has gone.
      sql<string[]>`array(select distinct split_part(recipient_role, '-', 1) from email_deliveries
        where email_deliveries.report_id = reports.id and email_deliveries.kind = 'page' order by 1)`.as('pagedRoles'),
    ])
    .orderBy(sql`reports.handed_over_at is not null`)
    .orderBy('reports.level_rank')
    .orderBy('reports.received_at')
    .limit(JOUR_QUEUE_LIMIT)
    .execute()
}
