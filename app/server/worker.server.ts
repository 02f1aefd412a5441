import type { Config } from './config.server'
import type { Cipher } from './crypto.server'
import type { Db } from './db.server'
import type { Logger } from './logger.server'
import { deliverEmail } from './mailer.server'
import type { Mailer } from './mailer.server'
import type { JobResult } from 'pg-boss'
import { QUEUES, type EmailJob, type Jobs, type PageStepJob, type WebhookJob } from './jobs.server'
import { queueMorningSummaries } from './morning-summary.server'
import { runPageStep } from './paging.server'
import { deliverWebhook } from './webhooks.server'

export interface WorkerDeps {
  db: Db
  cipher: Cipher
  jobs: Jobs
  mailer: Mailer
  baseUrl: string
  logger: Logger
  now?: () => Date
  /** The regions' OpenID Connect providers: an invitation where passwords are off points to the provider. */
  oidcProviders?: Config['OIDC_PROVIDERS']
}

// With LISTEN/NOTIFY a new job wakes a worker at once; polling is the floor when a
// notification is lost and the clock for jobs that start later (the next page step).
const POLL = { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 }
// Jobs are fetched several at a time and, while a fetch comes back full, fetched again at
// once: one job per fetch waits out the polling interval after each job, and a backlog of
// pages (50 reports a second) would drain at a couple a second.
const BATCH = { batchSize: 8, burstWhenBatchFull: true, includeMetadata: true, perJobResults: true } as const

/**
 * Runs the service's jobs: page steps, e-mails and the morning summaries. Any number of
 * workers may run against one database; every handler is safe to run twice.
 */
export async function startWorker(deps: WorkerDeps): Promise<{ stop: () => Promise<void> }> {
  const { boss } = deps.jobs
  const now = deps.now ?? (() => new Date())
  const log = deps.logger.child({ component: 'worker' })

  await boss.work<PageStepJob>(QUEUES.page, { ...POLL, ...BATCH }, (batch) =>
    Promise.all(
      batch.map(async (job): Promise<JobResult> => {
        try {
          const outcome = await runPageStep(deps.db, deps.jobs, { ...job.data, now: now() })
          // The report id is no personal data; who was paged is in the rota, not in the log.
          log.info({ reportId: job.data.reportId, step: job.data.step, ...outcome }, 'page step')
          return { id: job.id, status: 'completed' }
        } catch (error) {
          log.warn({ reportId: job.data.reportId, step: job.data.step, attempt: job.retryCount + 1, error: (error as Error).name }, 'page step failed')
          return { id: job.id, status: 'failed', output: { message: (error as Error).message } }
        }
      }),
    ),
  )

  await boss.work<EmailJob>(QUEUES.email, { ...POLL, ...BATCH }, (batch) =>
    Promise.all(
      batch.map(async (job): Promise<JobResult> => {
        const { kind, key } = job.data
        const attempt = job.retryCount + 1
        try {
          const outcome = await deliverEmail(
            { db: deps.db, cipher: deps.cipher, mailer: deps.mailer, baseUrl: deps.baseUrl, now, oidcProviders: deps.oidcProviders ?? [] },
            job.data,
          )
          log.info({ kind, key, outcome, attempt }, 'e-mail')
          return { id: job.id, status: 'completed' }
        } catch (error) {
          const failure = describeFailure(error)
          // A 5xx reply (no such mailbox) will not change with retries: straight to the dead letters for an admin.
          const status = failure.permanent ? 'deadletter' : 'failed'
          log.warn({ kind, key, attempt, code: failure.code, status }, 'e-mail not accepted')
          return { id: job.id, status, output: { message: failure.message } }
        }
      }),
    ),
  )

  await boss.work<WebhookJob>(QUEUES.webhook, { ...POLL, ...BATCH }, (batch) =>
    Promise.all(
      batch.map(async (job): Promise<JobResult> => {
        const { apiClientId, reportId } = job.data
        const attempt = job.retryCount + 1
        try {
          const outcome = await deliverWebhook({ db: deps.db, cipher: deps.cipher, now }, job.data)
          // Ids only: the webhook's address may carry the client's own token.
          log.info({ apiClientId, reportId, outcome, attempt }, 'webhook')
          return { id: job.id, status: 'completed' }
        } catch (error) {
          const message = error instanceof Error && error.name === 'WebhookDeliveryError' ? error.message : (error as Error).name
          log.warn({ apiClientId, reportId, attempt, failure: message }, 'webhook not delivered')
          return { id: job.id, status: 'failed', output: { message } }
        }
      }),
    ),
  )

  await boss.work(QUEUES.morningSummary, POLL, async () => {
    const queued = await queueMorningSummaries(deps.db, deps.jobs, now())
    if (queued > 0) log.info({ queued }, 'morning summaries queued')
  })
  await boss.schedule(QUEUES.morningSummary, '*/5 * * * *', null, { tz: 'Europe/Stockholm' })

  return {
    stop: async () => {
      await boss.offWork(QUEUES.page)
      await boss.offWork(QUEUES.email)
      await boss.offWork(QUEUES.morningSummary)
      await boss.offWork(QUEUES.webhook)
      deps.mailer.transport.close()
    },
  }
}

const EMAIL_ADDRESS = /[^\s<>"'@]+@[^\s<>"'@]+/g

/**
 * What may be kept of a failed send: an SMTP reply often quotes the recipient, and a
 * reporter's address must not sit in clear text in the job table, so addresses are blanked.
 */
function describeFailure(error: unknown): { message: string; code: string; permanent: boolean } {
  const smtp = error as { message?: string; code?: string; responseCode?: number }
  return {
    message: String(smtp.message ?? error)
      .replace(EMAIL_ADDRESS, '[address]')
      .slice(0, 500),
    code: smtp.responseCode ? String(smtp.responseCode) : (smtp.code ?? 'unknown'),
    permanent: typeof smtp.responseCode === 'number' && smtp.responseCode >= 500 && smtp.responseCode < 600,
  }
}
