import { createHash } from 'node:crypto'
import { PgBoss, fromKysely, type Queue } from 'pg-boss'
import { PreparingClient, type Executor } from './db.server'
import type { PageChannel, PageRole } from '../domain/paging'

/** The queues of the service. Each is created (or updated) by `ensureQueues` at start-up. */
export const QUEUES = {
  /** One step of a report's escalation: who is paged now, and the next step. */
  page: 'page-step',
  /** One e-mail, identified by its delivery key. */
  email: 'email',
  /** Each intake unit's morning summary, looked for every few minutes. */
  morningSummary: 'morning-summary',
  /** One content-free notice to a case system's webhook that a report is ready (issue 16). */
  webhook: 'webhook',
  /** Jobs whose retries ran out; the admin sees them on /personal/drift. */
  deadLetter: 'dead-letter',
} as const

export interface PageStepJob {
  reportId: string
  step: number
  /** When the report was received (ISO), on the real clock: every step's time counts from it. */
  anchor: string
}

export type EmailJob =
  | { kind: 'page'; key: string; reportId: string; step: number; role: PageRole; channel: PageChannel; to: string }
  | { kind: 'intakeAlert'; key: string; reportId: string; to: string }
  | { kind: 'receipt'; key: string; reportId: string }
  | { kind: 'feedback'; key: string; reportId: string }
  /** Issue 14: a named reporter is told that staff have a question, and nothing more. */
  | { kind: 'reporterQuestion'; key: string; reportId: string }
  | { kind: 'morningSummary'; key: string; municipalityCode: string; to: string; windowStart: string; windowEnd: string }
  /** The link is made when the e-mail is written, so no token waits in the job table. */
  | { kind: 'invitation'; key: string; invitationId: string; to: string }

/**
 * A notice to one API client that a report became ready for registration; `id` is the
 * delivery's id, the same in every attempt, so the receiver can drop a repeat.
 */
export interface WebhookJob {
  kind: 'webhook'
  id: string
  apiClientId: string
  reportId: string
  occurredAt: string
}

/** How fast failed sends are retried. Tests shorten the cap; production keeps pages within minutes. */
export interface RetryPolicy {
  /** The longest wait between two attempts of one e-mail, in seconds. */
  emailRetryDelayMaxSeconds: number
  /** The first wait before a webhook notice is tried again, in seconds; it doubles up to an hour. */
  webhookRetryDelaySeconds?: number
  /** How many times a webhook notice is tried again before it goes to the dead letters. */
  webhookRetryLimit?: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { emailRetryDelayMaxSeconds: 120 }

// A killed worker stops sending heartbeats; the monitor gives its job to another within ~this.
const HEARTBEAT_SECONDS = 10

function queueOptions(name: string, retry: RetryPolicy): Omit<Queue, 'name'> {
  const common = { notify: true, heartbeatSeconds: HEARTBEAT_SECONDS, deadLetter: QUEUES.deadLetter }
  switch (name) {
    case QUEUES.page:
      return { ...common, retryLimit: 1000, retryDelay: 1, retryBackoff: true, retryDelayMax: 30, expireInSeconds: 60 }
    case QUEUES.email:
      // A day and more of retries at the cap: an SMTP outage longer than that is a disaster to handle by hand.
      return { ...common, retryLimit: 1000, retryDelay: 1, retryBackoff: true, retryDelayMax: retry.emailRetryDelayMaxSeconds, expireInSeconds: 120 }
    case QUEUES.webhook:
      // Some 12 hours of tries (10 s doubling to an hour): a case system down for a night still hears of it.
      return {
        ...common,
        retryLimit: retry.webhookRetryLimit ?? 20,
        retryDelay: retry.webhookRetryDelaySeconds ?? 10,
        retryBackoff: true,
        retryDelayMax: 3600,
        expireInSeconds: 60,
      }
    case QUEUES.morningSummary:
      return { ...common, retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 }
    default:
      // Dead letters stay a month, for the admin to read.
      return { retentionSeconds: 30 * 24 * 3600, deleteAfterSeconds: 30 * 24 * 3600 }
  }
}

/**
 * A job id derived from what the job is for: pg-boss inserts with ON CONFLICT DO NOTHING,
 * so the same page step or e-mail queued twice (two workers, a retried handler) is one job.
 */
export function jobId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

export interface Jobs {
  /** Sends a job with `executor`: inside a transaction, the job commits or rolls back with it. */
  sendPageStep(executor: Executor, job: PageStepJob, startAfter: Date | number): Promise<void>
  sendEmail(executor: Executor, job: EmailJob): Promise<void>
  sendWebhook(executor: Executor, job: WebhookJob): Promise<void>
  boss: PgBoss
}

export interface BossOptions {
  /** Workers listen for new jobs and run pg-boss's maintenance; a web process only sends. */
  role: 'web' | 'worker'
  retry?: RetryPolicy
}

/**
 * Starts pg-boss on the service's own PostgreSQL (it keeps its tables in schema `pgboss`)
 * and makes sure every queue exists with the options above.
 */
export async function startJobs(connectionString: string, options: BossOptions, onError: (error: unknown) => void): Promise<Jobs> {
  const worker = options.role === 'worker'
  const boss = new PgBoss({
    connectionString,
    max: worker ? 10 : 4,
    useListenNotify: worker,
    supervise: worker,
    schedule: worker,
    // Crash recovery in seconds rather than minutes (ARCHITECTURE.md).
    monitorIntervalSeconds: 5,
    superviseIntervalSeconds: 5,
    instanceName: worker ? 'worker' : 'web',
    // Handed on to its pg.Pool (pg-boss's types leave the pool's options out): its job
    // statements are the same few texts every time, prepared once per connection.
    ...{ Client: PreparingClient },
  })
  boss.on('error', onError)
  await boss.start()
  const retry = options.retry ?? DEFAULT_RETRY_POLICY
  for (const name of [QUEUES.deadLetter, QUEUES.page, QUEUES.email, QUEUES.morningSummary, QUEUES.webhook]) {
    const existing = await boss.getQueue(name)
    if (existing) await boss.updateQueue(name, queueOptions(name, retry))
    else await boss.createQueue(name, queueOptions(name, retry))
  }
  return {
    boss,
    async sendPageStep(executor, job, startAfter) {
      await boss.send(QUEUES.page, job, { id: jobId(`page:${job.reportId}:${job.step}`), startAfter, db: fromKysely(executor) })
    },
    async sendEmail(executor, job) {
      await boss.send(QUEUES.email, job, { id: jobId(job.key), db: fromKysely(executor) })
    },
    async sendWebhook(executor, job) {
      await boss.send(QUEUES.webhook, job, { id: job.id, db: fromKysely(executor) })
    },
  }
}
