import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Cipher } from './crypto.server'
import type { Executor } from './db.server'
import { jobId, type Jobs, type WebhookJob } from './jobs.server'

/**
 * The header that carries a notice's signature, Stripe's shape: `t=<unix seconds>,v1=<hex>`,
 * where the hex is HMAC-SHA256 under the client's webhook secret (the string as shown, in
 * UTF-8) of `<t>.<body>`. Signing the time with the body lets a receiver refuse a replay.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'Orosanmalan-Signature'

/** How old a signature a receiver should still accept; docs/integration.md says the same. */
export const WEBHOOK_TOLERANCE_SECONDS = 300

/** A receiver that does not answer within this is tried again later. */
export const WEBHOOK_TIMEOUT_MS = 10_000

/** A new webhook signing secret: 32 random bytes, base64url, shown to the administrator once. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** The secret as stored: encrypted, since we must sign with it (a hash would not do). */
export function sealWebhookSecret(cipher: Cipher, secret: string): string {
  return cipher.encrypt(secret, 'api_clients.webhook_secret')
}

function signatureOf(secret: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')
}

/** The signature header's value for `body` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${signatureOf(secret, body, timestamp)}`
}

/**
 * Whether a notice is ours and fresh: some `v1` in the header is the HMAC of `<t>.<body>`
 * under `secret` (compared in constant time), and `t` is within the tolerance of `now`.
 * `body` must be the raw bytes received, before any JSON parsing.
 */
export function verifyWebhookSignature(input: { secret: string; body: string; header: string | null | undefined; now?: Date; toleranceSeconds?: number }): boolean {
  if (!input.header || input.header.length > 1000) return false
  let timestamp: number | null = null
  const signatures: string[] = []
  for (const part of input.header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=')
    if (rest.length > 0 || value === undefined) return false
    if (key === 't' && /^[0-9]{1,12}$/.test(value)) timestamp = Number(value)
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value)
  }
  if (timestamp === null || signatures.length === 0) return false
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000)
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS)) return false
  const expected = Buffer.from(signatureOf(input.secret, input.body, timestamp), 'hex')
  return signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected))
}

/** The notice's body: what happened, to which report, when, and the delivery's id. Nothing of the report itself. */
export function webhookBody(job: WebhookJob): string {
  return JSON.stringify({ type: 'report.ready', reportId: job.reportId, occurredAt: job.occurredAt, id: job.id })
}

/** The municipality of a report that is ready for registration (decided, not registered), or null. */
async function readyReportMunicipality(db: Executor, reportId: string): Promise<string | null> {
  const report = await db.selectFrom('reports').select(['municipality_code', 'status', 'registered_at']).where('id', '=', reportId).executeTakeFirst()
  return report && report.status === 'decided' && report.registered_at === null ? report.municipality_code : null
}

/** The clients that may be told about a report of `municipalityCode`: not revoked, with a webhook, covering it. */
function clientsWithWebhook(db: Executor, municipalityCode: string) {
  return db
    .selectFrom('api_clients as c')
    .innerJoin('api_client_municipalities as m', 'm.api_client_id', 'c.id')
    .where('m.municipality_code', '=', municipalityCode)
    .where('c.revoked_at', 'is', null)
    .where('c.webhook_url', 'is not', null)
    .where('c.webhook_secret', 'is not', null)
}

/**
 * In the transaction that makes a report ready for registration (the initial assessment):
 * one notice job per API client that covers its municipality and has a webhook. The job
 * commits or rolls back with the assessment. A report that is not ready (registered
 * already) sets nothing off.
 */
export async function queueReportReadyNotices(trx: Executor, jobs: Jobs, reportId: string, occurredAt: Date): Promise<number> {
  const municipalityCode = await readyReportMunicipality(trx, reportId)
  if (!municipalityCode) return 0
  const clients = await clientsWithWebhook(trx, municipalityCode).select('c.id').execute()
  for (const client of clients) {
    const id = jobId(`webhook:${client.id}:${reportId}:${occurredAt.toISOString()}`)
    await jobs.sendWebhook(trx, { kind: 'webhook', id, apiClientId: client.id, reportId, occurredAt: occurredAt.toISOString() })
  }
  return clients.length
}

export type WebhookOutcome = 'delivered' | 'clientGone' | 'notReady'

/** A receiver's refusal or silence; the message names no address and nothing of the report. */
export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError'
}

/**
 * One attempt at one notice. Looked up again at send time: a client revoked since, or no
 * longer covering the report's municipality (a transfer), or a report no longer ready, is
 * told nothing. A 2xx answer is delivery; anything else, a redirect included (never
 * followed: the address an administrator gave is the only one we post to), or no answer
 * within the timeout, throws, and pg-boss tries again later.
 */
export async function deliverWebhook(deps: { db: Executor; cipher: Cipher; now: () => Date; fetch?: typeof fetch; timeoutMs?: number }, job: WebhookJob): Promise<WebhookOutcome> {
  const municipalityCode = await readyReportMunicipality(deps.db, job.reportId)
  if (!municipalityCode) return 'notReady'
  const client = await clientsWithWebhook(deps.db, municipalityCode).select(['c.webhook_url', 'c.webhook_secret']).where('c.id', '=', job.apiClientId).executeTakeFirst()
  if (!client?.webhook_url || !client.webhook_secret) return 'clientGone'
  const secret = deps.cipher.decrypt(client.webhook_secret, 'api_clients.webhook_secret')
  const body = webhookBody(job)
  const timestamp = Math.floor(deps.now().getTime() / 1000)
  let response: Response
  try {
    response = await (deps.fetch ?? fetch)(client.webhook_url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Orosanmalan-Webhook/1', [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body, timestamp) },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
    })
  } catch (error) {
    // The cause's code (ECONNREFUSED, a timeout) says enough; its message may quote the address.
    const cause = (error as { cause?: { code?: unknown } }).cause
    throw new WebhookDeliveryError(`no answer: ${typeof cause?.code === 'string' ? cause.code : (error as Error).name}`)
  }
  // The answer's body is not read, only released: a receiver's words are not ours to keep.
  await response.body?.cancel().catch(() => {})
  if (response.status < 200 || response.status > 299) throw new WebhookDeliveryError(`answered HTTP ${response.status}`)
  return 'delivered'
}
