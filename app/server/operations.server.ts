import { onCallAt } from '../domain/on-call'
import type { Weekday } from '../domain/calendar'
import type { Executor } from './db.server'
import { QUEUES, type Jobs } from './jobs.server'

/** The failure the worker stored, addresses already blanked (worker.server.ts). */
function failureOf(output: unknown): string {
  return typeof output === 'object' && output && 'message' in output ? String((output as { message: unknown }).message).slice(0, 300) : ''
}

/**
 * What an administrator of `municipalityCodes` sees of the background work: who is on call
 * now in their jours, and the job queues with the jobs that ran out of retries. No report
 * content, no reporter's address.
 */
export async function operationsOverview(db: Executor, jobs: Jobs, municipalityCodes: readonly string[], now: Date) {
  const jours =
    municipalityCodes.length === 0
      ? []
      : await db
          .selectFrom('jour_units')
          .selectAll()
          .where('id', 'in', (eb) => eb.selectFrom('jour_memberships').select('jour_id').where('municipality_code', 'in', municipalityCodes))
          .orderBy('name')
          .execute()
  const onCall = await Promise.all(
    jours.map(async (jour) => {
      const pairs = await db.selectFrom('on_call_rota').selectAll().where('jour_id', '=', jour.id).orderBy('position').execute()
      const pair = onCallAt(
        {
          weekday: jour.rota_weekday as Weekday,
          time: jour.rota_time,
          anchorDate: jour.rota_anchor_date,
          pairs: pairs.map((row) => ({
            primary: { name: row.primary_name, email: row.primary_email, smsEmail: row.primary_sms_email },
            backup: { name: row.backup_name, email: row.backup_email, smsEmail: row.backup_sms_email },
          })),
        },
        now,
      )
      return {
        id: jour.id,
        name: jour.name,
        primary: pair?.primary ?? null,
        backup: pair?.backup ?? null,
        sharedEmail: jour.shared_email,
        managerEmail: jour.manager_email,
        backupAfterMinutes: Math.round(jour.page_backup_after_seconds / 60),
        everyoneAfterMinutes: Math.round(jour.page_everyone_after_seconds / 60),
        repeatMinutes: Math.round(jour.page_repeat_seconds / 60),
      }
    }),
  )
  const queues = await jobs.boss.getQueues([QUEUES.page, QUEUES.email, QUEUES.morningSummary, QUEUES.deadLetter])
  const deadLetters = await jobs.boss.findJobs<Record<string, unknown>>(QUEUES.deadLetter, { limit: 1000 })
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
      })),
  }
}
