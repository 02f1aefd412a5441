import { sql } from 'kysely'
import { fromKysely } from 'pg-boss'
import { onCallAt } from '../domain/on-call'
import { keepsAccount, type AccountKeeper } from '../domain/staff-account'
import { audit } from './audit.server'
import type { Db, Executor } from './db.server'
import { QUEUES, type Jobs } from './jobs.server'
import { bySwedishName } from './municipalities.server'
import { loadJourPaging } from './rota.server'
import { accountKeeper } from './staff-accounts.server'
import { isUuid } from '../domain/strict-params'

/** The failure the worker stored, addresses already blanked (worker.server.ts). */
function failureOf(output: unknown): string {
  return typeof output === 'object' && output && 'message' in output ? String((output as { message: unknown }).message).slice(0, 300) : ''
}

const text = (data: Record<string, unknown>, key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null)

// A month of dead letters is kept; an outage long enough to fill more pages than this is seen in the logs.
const DEAD_LETTER_PAGE = 1000
const DEAD_LETTER_PAGES = 20

async function allDeadLetters(jobs: Jobs) {
  const found: Awaited<ReturnType<typeof jobs.boss.findJobs<Record<string, unknown>>>> = []
  for (let page = 0; page < DEAD_LETTER_PAGES; page++) {
    const batch = await jobs.boss.findJobs<Record<string, unknown>>(QUEUES.deadLetter, { limit: DEAD_LETTER_PAGE, ...(found.length > 0 ? { after: found.at(-1)!.id } : {}) })
    found.push(...batch)
    if (batch.length < DEAD_LETTER_PAGE) break
  }
  return found
}

/**
 * The dead letters of the administrator's region: a page or an e-mail about a report of one
 * of their municipalities or routed to a jour they keep, a morning summary of one of their
 * intake units, an invitation to an account they keep. Another region's failures say who
 * was paged for what, and stay with that region's administrators.
 */
async function inRegion(db: Executor, keeper: AccountKeeper, letters: ReadonlyArray<{ data: Record<string, unknown> }>) {
  const reportIds = [...new Set(letters.map(({ data }) => text(data, 'reportId')).filter((id): id is string => id !== null && isUuid(id)))]
  const invitationIds = [...new Set(letters.map(({ data }) => text(data, 'invitationId')).filter((id): id is string => id !== null && isUuid(id)))]
  const [reports, invitations] = await Promise.all([
    reportIds.length === 0 ? [] : db.selectFrom('reports').select(['id', 'municipality_code', 'destination_jour_id']).where('id', 'in', reportIds).execute(),
    invitationIds.length === 0
      ? []
      : db
          .selectFrom('staff_invitations as i')
          .innerJoin('staff_users as s', 's.id', 'i.staff_id')
          .select([
            'i.id',
            's.role',
            's.jour_id',
            sql<string[]>`coalesce((select array_agg(m.municipality_code) from staff_municipalities m where m.staff_id = s.id), '{}')`.as('municipalityCodes'),
          ])
          .where('i.id', 'in', invitationIds)
          .execute(),
  ])
  const reportKept = new Map(
    reports.map((report) => [
      report.id,
      keeper.municipalityCodes.includes(report.municipality_code) || (report.destination_jour_id !== null && keeper.jourIds.includes(report.destination_jour_id)),
    ]),
  )
  const invitationKept = new Map(invitations.map((row) => [row.id, keepsAccount(keeper, { role: row.role, municipalityCodes: row.municipalityCodes, jourId: row.jour_id })]))
  return (data: Record<string, unknown>): boolean => {
    const reportId = text(data, 'reportId')
    if (reportId) return reportKept.get(reportId) ?? false
    const municipalityCode = text(data, 'municipalityCode')
    if (municipalityCode) return keeper.municipalityCodes.includes(municipalityCode)
    const invitationId = text(data, 'invitationId')
    if (invitationId) return invitationKept.get(invitationId) ?? false
    return false
  }
}

/**
 * What an administrator of `municipalityCodes` sees of the background work: who is on call
 * now in their jours, and the job queues with the jobs of their region that ran out of
 * retries. No report content, no reporter's address.
 */
export async function operationsOverview(db: Executor, jobs: Jobs, municipalityCodes: readonly string[], now: Date) {
  const jourIds =
    municipalityCodes.length === 0 ? [] : await db.selectFrom('jour_memberships').select('jour_id').distinct().where('municipality_code', 'in', municipalityCodes).execute()
  const onCall = (
    await Promise.all(
      jourIds.map(async ({ jour_id: jourId }) => {
        const { jour, policy, rota } = await loadJourPaging(db, jourId)
        const pair = onCallAt(rota, now)
        return {
          id: jour.id,
          name: jour.name,
          primary: pair?.primary ?? null,
          backup: pair?.backup ?? null,
          sharedEmail: jour.shared_email,
          managerEmail: jour.manager_email,
          backupAfterMinutes: Math.round(policy.backupAfterSeconds / 60),
          everyoneAfterMinutes: Math.round(policy.everyoneAfterSeconds / 60),
          repeatMinutes: Math.round(policy.repeatSeconds / 60),
        }
      }),
    )
  ).sort(bySwedishName)
  const queues = await jobs.boss.getQueues([QUEUES.page, QUEUES.email, QUEUES.morningSummary, QUEUES.webhook, QUEUES.deadLetter])
  const letters = await allDeadLetters(jobs)
  const kept = await inRegion(db, await accountKeeper(db, { municipalityCodes }), letters)
  const deadLetters = letters.filter((job) => kept(job.data))
  return {
    onCall,
    queues: queues.map((queue) => ({ name: queue.name, queued: queue.queuedCount, active: queue.activeCount, deferred: queue.deferredCount, failed: queue.failedCount })),
    deadLetters: deadLetters
      .sort((a, b) => b.createdOn.getTime() - a.createdOn.getTime())
      .slice(0, 100)
      .map((job) => ({
        id: job.id,
        queue: job.sourceName ?? '',
        kind: typeof job.data.kind === 'string' ? job.data.kind : job.sourceName === QUEUES.page ? 'pageStep' : '',
        // When the message was first queued, and how it failed the last time (pg-boss keeps both on the copy).
        createdOn: (job.sourceCreatedOn ?? job.createdOn).toISOString(),
        attempts: (job.sourceRetryCount ?? 0) + 1,
        error: failureOf(job.sourceOutput ?? job.output),
        // Only a letter nobody has taken up again can be sent again (pg-boss redrives waiting jobs only).
        resendable: job.state === 'created',
      })),
  }
}

export type ResendOutcome = 'resent' | 'gone' | 'outOfScope'

/**
 * Sends one dead letter of the administrator's region again: pg-boss moves it back to the
 * queue it came from as a fresh job, with its retries, and the audit log records who did it,
 * in one transaction. Once: the move deletes the dead letter under a row lock (FOR UPDATE
 * SKIP LOCKED), so a second click or a double submit finds nothing to move ("gone"), the
 * same answer as for an id that never was a dead letter.
 */
export async function resendDeadLetter(
  db: Db,
  jobs: Jobs,
  input: { staffId: string; municipalityCodes: readonly string[]; deadLetterId: string; at: Date },
): Promise<ResendOutcome> {
  return db.transaction().execute(async (trx) => {
    const connection = { db: fromKysely(trx) }
    const [letter] = await jobs.boss.findJobs<Record<string, unknown>>(QUEUES.deadLetter, { id: input.deadLetterId, ...connection })
    if (!letter || letter.state !== 'created') return 'gone'
    const kept = await inRegion(trx, await accountKeeper(trx, { municipalityCodes: input.municipalityCodes }), [letter])
    if (!kept(letter.data)) return 'outOfScope'
    const moved = await jobs.boss.redrive(QUEUES.deadLetter, { ids: [letter.id], limit: 1, ...connection })
    if (moved === 0) return 'gone'
    await audit(trx, {
      staffId: input.staffId,
      action: 'deadLetter.resend',
      // What was sent again, never to whom: the job's data holds addresses.
      details: { deadLetterId: letter.id, queue: letter.sourceName, letterKind: typeof letter.data.kind === 'string' ? letter.data.kind : null },
      reportId: text(letter.data, 'reportId'),
      at: input.at,
    })
    return 'resent'
  })
}
