import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Db } from '~/server/db.server'
import { startJobs, type Jobs } from '~/server/jobs.server'
import { createLogger } from '~/server/logger.server'
import { createMailer } from '~/server/mailer.server'
import { operationsOverview, resendDeadLetter } from '~/server/operations.server'
import { submitReport } from '~/server/reports.server'
import { startWorker } from '~/server/worker.server'
import { immediateReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let drop: () => Promise<void>
let smtp: TestSmtp
let stopWorker: () => Promise<void>
let adminId: string
const cipher = testCipher()

// 10:15 on a Tuesday: Vaxholm's intake is open, so an immediate report alerts its mailbox.
const OFFICE_HOURS = new Date('2026-11-24T09:15:00Z')
const VAXHOLM = '0187'
const MAILBOX = 'vaxholm-borta@test.invalid'

beforeAll(async () => {
  let url: string
  ;({ db, jobs, drop, url } = await createTestDatabase(inject('postgresUrl')))
  smtp = await startTestSmtp()
  const workerJobs = await startJobs(url, { role: 'worker', retry: { emailRetryDelayMaxSeconds: 2 } }, () => {})
  const worker = await startWorker({
    db,
    cipher,
    jobs: workerJobs,
    mailer: createMailer({ MAIL_FROM: 'Orosanmälan <no-reply@test.invalid>' }, smtp.url),
    baseUrl: 'https://oro.test',
    logger: createLogger('silent'),
  })
  stopWorker = async () => {
    await worker.stop()
    await workerJobs.boss.stop({ graceful: false, timeout: 1000 })
  }
  ;({ id: adminId } = await db
    .insertInto('staff_users')
    .values({ email: 'admin@test.invalid', name: 'Admin Test', password_hash: 'x', role: 'admin' })
    .returning('id')
    .executeTakeFirstOrThrow())
})

afterAll(async () => {
  await stopWorker()
  await smtp.stop()
  await drop()
})

describe('sending a dead letter again', () => {
  it("sends it once, however often it is asked, only in the administrator's region, and logs who did", async () => {
    smtp.rejectMailbox(MAILBOX)
    await db.updateTable('municipalities').set({ intake_email: MAILBOX }).where('code', '=', VAXHOLM).execute()
    const report = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: immediateReport(VAXHOLM, 'anonymous'), receivedAt: OFFICE_HOURS, language: 'sv' })
    const dead = async () => (await operationsOverview(db, jobs, [VAXHOLM], new Date())).deadLetters.filter((job) => job.kind === 'intakeAlert')
    await expect.poll(async () => (await dead()).length, { timeout: 20_000, interval: 500 }).toBe(1)
    const [letter] = await dead()
    expect(letter!.resendable).toBe(true)
    const resend = (municipalityCodes: string[], deadLetterId = letter!.id) => resendDeadLetter(db, jobs, { staffId: adminId, municipalityCodes, deadLetterId, at: new Date() })

    // Vellinge's administrator may not touch Vaxholm's letters; nothing moves.
    expect(await resend(['1233'])).toBe('outOfScope')
    expect(await dead()).toHaveLength(1)

    // The mailbox is back. A double submit: two requests at once, one sends.
    smtp.acceptMailbox(MAILBOX)
    expect((await Promise.all([resend([VAXHOLM]), resend([VAXHOLM])])).sort()).toEqual(['gone', 'resent'])
    // A click on the old page afterwards, and an id that never was a dead letter, find nothing.
    expect(await resend([VAXHOLM])).toBe('gone')
    expect(await resend([VAXHOLM], randomUUID())).toBe('gone')

    await smtp.waitFor((messages) => messages.some((message) => message.to.includes(MAILBOX)), 20_000)
    // Time for a second copy to arrive, were there one.
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(smtp.messages.filter((message) => message.to.includes(MAILBOX))).toHaveLength(1)
    expect(await dead()).toEqual([])

    const logged = await db.selectFrom('audit_log').select(['staff_id', 'action', 'report_id', 'details']).where('action', '=', 'deadLetter.resend').execute()
    expect(logged).toEqual([
      { staff_id: adminId, action: 'deadLetter.resend', report_id: report.id, details: { deadLetterId: letter!.id, queue: 'email', letterKind: 'intakeAlert' } },
    ])
    // What was sent again, never to whom.
    expect(JSON.stringify(logged)).not.toContain('@')
  }, 60_000)
})
