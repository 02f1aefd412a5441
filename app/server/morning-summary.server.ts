import { sql } from 'kysely'
import { nightBefore } from '../domain/office-hours'
import type { Executor } from './db.server'
import { loadCoverage } from './coverage.server'
import type { Jobs } from './jobs.server'

/** What a summary tells: numbers only, never what a report says. */
export async function morningSummaryCounts(db: Executor, municipalityCode: string, start: Date, end: Date) {
  const row = await db
    .selectFrom('reports')
    .select([
      sql<number>`count(*)::int`.as('received'),
      sql<number>`count(*) filter (where destination = 'jour')::int`.as('toJour'),
      sql<number>`count(*) filter (where handed_over_at is not null)::int`.as('handedOver'),
      sql<number>`count(*) filter (where destination = 'jour' and level = 'immediate' and handed_over_at is null)::int`.as('openImmediate'),
    ])
    .where('municipality_code', '=', municipalityCode)
    .where('received_at', '>=', start)
    .where('received_at', '<', end)
    .executeTakeFirstOrThrow()
  return row
}

/**
 * Queues the morning summary of every intake unit that has opened for the day and has an
 * address. Run every few minutes: the e-mail's key (municipality and date) makes a second
 * run, or a second worker, a no-op; a worker that was down at 08:00 still sends it at 08:15.
 */
export async function queueMorningSummaries(db: Executor, jobs: Jobs, now: Date): Promise<number> {
  const addresses = await db.selectFrom('municipalities').select(['code', 'intake_email']).where('intake_email', 'is not', null).execute()
  if (addresses.length === 0) return 0
  const coverage = new Map(
    (
      await loadCoverage(
        db,
        addresses.map((row) => row.code),
      )
    ).map((entry) => [entry.code, entry]),
  )
  let queued = 0
  for (const { code, intake_email: to } of addresses) {
    const hours = coverage.get(code)?.intakeHours
    const night = hours ? nightBefore(hours, now) : null
    if (!night || !to) continue
    await jobs.sendEmail(db, {
      kind: 'morningSummary',
      key: `summary:${code}:${night.date}`,
      municipalityCode: code,
      to,
      windowStart: night.start.toISOString(),
      windowEnd: night.end.toISOString(),
    })
    queued++
  }
  return queued
}
