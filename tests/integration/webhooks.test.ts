import { createHash, randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CompleteReport } from '~/domain/report-flow'
import { recordCasework } from '~/server/casework.server'
import type { Db } from '~/server/db.server'
import { QUEUES, type Jobs } from '~/server/jobs.server'
import { operationsOverview } from '~/server/operations.server'
import { submitReport } from '~/server/reports.server'
import { seedDemoStaff } from '~/server/seed.server'
import { sealText } from '~/server/staff-report.server'
import { newWebhookSecret, sealWebhookSecret, signWebhook, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '~/server/webhooks.server'
import { professionalReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import { createTestDatabase } from '../support/postgres'
import { startTestWorker } from '../support/worker'

interface Received {
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
  at: number
}

/** A case system's receiver on a free port: records every POST; a path can be told to fail its first answers. */
async function startReceiver() {
  const received: Received[] = []
  const failFirst = new Map<string, number>()
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = request.url ?? ''
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() })
      const failures = failFirst.get(path) ?? 0
      if (failures > 0) failFirst.set(path, failures - 1)
      response.writeHead(failures > 0 ? 500 : 204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path: string) => received.filter((request) => request.path === path),
    failFirst: (path: string, times: number) => failFirst.set(path, times),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let db: Db
let jobs: Jobs
let drop: () => Promise<void>
let smtp: TestSmtp
let receiver: Awaited<ReturnType<typeof startReceiver>>
const stops: Array<() => Promise<void>> = []
const cipher = testCipher()
const secrets = new Map<string, string>()

/** An API client as the admin pages make it: a hashed secret, an encrypted webhook secret, its municipalities. */
async function createClient(name: string, municipalityCodes: string[], options: { webhook?: boolean; revoked?: boolean } = {}) {
  const webhookSecret = newWebhookSecret()
  const { id } = await db
    .insertInto('api_clients')
    .values({
      name,
      client_id: `client-${name}-${randomUUID()}`,
      secret_hash: createHash('sha256').update(randomUUID()).digest('hex'),
      webhook_url: options.webhook === false ? null : receiver.url(`/${name}`),
      webhook_secret: options.webhook === false ? null : sealWebhookSecret(cipher, webhookSecret),
      revoked_at: options.revoked ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('api_client_municipalities')
    .values(municipalityCodes.map((code) => ({ api_client_id: id, municipality_code: code })))
    .execute()
  secrets.set(name, webhookSecret)
  return id
}

async function startTheWorker() {
  const worker = await startTestWorker({
    url: databaseUrl,
    db,
    smtpUrl: smtp.url,
    cipher,
    retry: { emailRetryDelayMaxSeconds: 2, webhookRetryDelaySeconds: 1, webhookRetryLimit: 2 },
  })
  stops.push(worker.stop)
}

let databaseUrl = ''
let intakeStaffId = ''
const VELLINGE = { role: 'intake' as const, municipalityCodes: ['1233'] }

/** A report received in Vellinge, and the intake unit's initial assessment that makes it ready for the case system. */
async function decidedReport(report: CompleteReport = professionalReport) {
  const { id, reference } = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report, receivedAt: new Date(), language: 'sv' })
  await decide(id)
  return { id, reference }
}

async function decide(reportId: string, initialAssessment: 'open' | 'notOpen' = 'open') {
  const done = await recordCasework(db, jobs, {
    scope: VELLINGE,
    staffId: intakeStaffId,
    reportId,
    act: { kind: 'initialAssessment', initialAssessment, reason: 'Blåmärken hos Sara.' },
    now: new Date(),
    seal: sealText(cipher),
  })
  expect(done).toBe(true)
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 2500))

beforeAll(async () => {
  ;({ db, jobs, drop, url: databaseUrl } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
  intakeStaffId = (await db.selectFrom('staff_users').select('id').where('email', '=', 'mottagning.vellinge@demo.orosanmalan.se').executeTakeFirstOrThrow()).id
  smtp = await startTestSmtp()
  receiver = await startReceiver()
})
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {})
  await receiver?.stop()
  await smtp?.stop()
  await drop?.()
})

describe('a content-free, signed notice to the case system when a report is ready', () => {
  let first: { id: string; reference: string }

  it('is queued in the assessment transaction and re-checked when sent: a client revoked in between hears nothing', async () => {
    await createClient('vellinge', ['1233'])
    await createClient('taby', ['0160'])
    await createClient('revoked', ['1233'], { revoked: true })
    await createClient('nowebhook', ['1233'], { webhook: false })
    const lateRevoked = await createClient('laterevoked', ['1233'])
    first = await decidedReport()
    // Queued for the two live clients with a webhook that cover Vellinge, before any worker runs.
    const queued = await jobs.boss.findJobs(QUEUES.webhook, {})
    expect(queued).toHaveLength(2)
    await db.updateTable('api_clients').set({ revoked_at: new Date() }).where('id', '=', lateRevoked).execute()

    await startTheWorker()
    await expect.poll(() => receiver.at('/vellinge').length, { timeout: 20_000, interval: 100 }).toBe(1)
    await settle()
    expect(receiver.at('/vellinge')).toHaveLength(1)
    expect(receiver.at('/laterevoked')).toHaveLength(0)
  }, 60_000)

  it('is signed with the client secret over the time and body, and holds nothing of the report', () => {
    const [notice] = receiver.at('/vellinge')
    expect(notice!.headers['content-type']).toBe('application/json')
    const header = notice!.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(verifyWebhookSignature({ secret: secrets.get('vellinge')!, body: notice!.body, header })).toBe(true)
    // Another client's secret, a changed body, or the same notice replayed later do not verify.
    expect(verifyWebhookSignature({ secret: secrets.get('taby')!, body: notice!.body, header })).toBe(false)
    expect(verifyWebhookSignature({ secret: secrets.get('vellinge')!, body: notice!.body.replace(first.id, randomUUID()), header })).toBe(false)
    expect(verifyWebhookSignature({ secret: secrets.get('vellinge')!, body: notice!.body, header, now: new Date(Date.now() + 10 * 60_000) })).toBe(false)

    const body = JSON.parse(notice!.body) as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(['id', 'occurredAt', 'reportId', 'type'])
    expect(body).toMatchObject({ type: 'report.ready', reportId: first.id })
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Date(body.occurredAt as string).toISOString()).toBe(body.occurredAt)
    // No personal data, not even the reference: the case system fetches the report with its token.
    for (const text of ['Sara', 'Karin', 'karin@skola.example', '040-123', 'blåmärken', first.reference]) {
      expect(notice!.body).not.toContain(text)
      expect(notice!.path).not.toContain(text)
    }
  })

  it('goes to no client of another municipality, no revoked client and no client without a webhook', () => {
    expect(receiver.at('/taby')).toHaveLength(0)
    expect(receiver.at('/revoked')).toHaveLength(0)
    expect(receiver.at('/nowebhook')).toHaveLength(0)
  })

  it('is not sent again when the assessment is corrected', async () => {
    await decide(first.id, 'notOpen')
    await settle()
    expect(receiver.at('/vellinge')).toHaveLength(1)
  })

  it('is tried again after a receiver answers 500, with the same body and id, and then delivered once', async () => {
    await createClient('flaky', ['1233'])
    receiver.failFirst('/flaky', 1)
    const report = await decidedReport()
    await expect.poll(() => receiver.at('/flaky').length, { timeout: 30_000, interval: 100 }).toBe(2)
    await settle()
    const attempts = receiver.at('/flaky')
    expect(attempts).toHaveLength(2)
    expect(attempts[0]!.body).toBe(attempts[1]!.body)
    expect(JSON.parse(attempts[1]!.body)).toMatchObject({ reportId: report.id })
    expect(verifyWebhookSignature({ secret: secrets.get('flaky')!, body: attempts[1]!.body, header: attempts[1]!.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string })).toBe(
      true,
    )
    // The client that answered at once heard of this report once too.
    expect(receiver.at('/vellinge').filter((notice) => notice.body.includes(report.id))).toHaveLength(1)
  }, 60_000)

  it('goes to the dead letters after its last try, where the region administrator sees it', async () => {
    const down = await createClient('down', ['1233'])
    receiver.failFirst('/down', 1000)
    const report = await decidedReport()
    // The test worker tries twice again (webhookRetryLimit: 2): three attempts in all.
    await expect.poll(() => receiver.at('/down').length, { timeout: 30_000, interval: 100 }).toBe(3)
    await expect
      .poll(async () => (await jobs.boss.findJobs<Record<string, unknown>>(QUEUES.deadLetter, {})).filter((job) => job.data.apiClientId === down).length, {
        timeout: 15_000,
        interval: 200,
      })
      .toBe(1)
    const [letter] = (await operationsOverview(db, jobs, ['1233'], new Date())).deadLetters.filter((job) => job.kind === 'webhook')
    expect(letter).toMatchObject({ queue: QUEUES.webhook, attempts: 3 })
    // What the admin reads of the failure names the status, not the address or the report.
    expect(letter!.error).toContain('HTTP 500')
    expect(letter!.error).not.toContain('127.0.0.1')
    expect(JSON.stringify(letter)).not.toContain(report.reference)
    // Another region's administrator does not see it.
    expect((await operationsOverview(db, jobs, ['0160'], new Date())).deadLetters.filter((job) => job.kind === 'webhook')).toEqual([])
  }, 60_000)
})

describe('the signature helper', () => {
  const secret = newWebhookSecret()
  const body = '{"type":"report.ready"}'
  const now = new Date('2026-11-30T12:00:00Z')
  const t = Math.floor(now.getTime() / 1000)

  it('accepts its own signature within five minutes, and one of several v1 values (a secret being rotated)', () => {
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(verifyWebhookSignature({ secret, body, header: signWebhook(secret, body, t - 299), now })).toBe(true)
    const other = signWebhook(newWebhookSecret(), body, t).split(',')[1]
    expect(verifyWebhookSignature({ secret, body, header: `${signWebhook(secret, body, t)},${other}`, now })).toBe(true)
  })

  it('refuses an old, a future, a malformed or a missing signature', () => {
    expect(verifyWebhookSignature({ secret, body, header: signWebhook(secret, body, t - 301), now })).toBe(false)
    expect(verifyWebhookSignature({ secret, body, header: signWebhook(secret, body, t + 301), now })).toBe(false)
    for (const header of [null, '', 't=abc,v1=00', `v1=${'0'.repeat(64)}`, `t=${t}`, `t=${t},v1=${'0'.repeat(64)}`, 'x'.repeat(2000), `t=${t},v1==`]) {
      expect(verifyWebhookSignature({ secret, body, header, now })).toBe(false)
    }
  })
})
