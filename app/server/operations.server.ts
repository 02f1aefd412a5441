import { onCallAt } from '../domain/on-call'
import type { Executor } from './db.server'
import { QUEUES, type Jobs } from './jobs.server'
import { loadJourPaging } from './rota.server'

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
  const jourIds =
    municipalityCodes.length === 0
      ? []
      : await db
          .selectFrom('jour_memberships')
          .select('jour_id')
          .distinct()
          .where('municipality_code', 'in', municipalityCodes)
          .execute()
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
  ).sort((a, b) => a.name.localeCompare(b.name, 'sv'))
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
