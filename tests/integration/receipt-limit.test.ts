import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { formatReference } from '~/domain/reference'
import type { Db } from '~/server/db.server'
import type { Jobs } from '~/server/jobs.server'
import { createMailer, deliverEmail, RECEIPTS_PER_ADDRESS_PER_DAY, type DeliveryDeps, type Mailer } from '~/server/mailer.server'
import { submitReport } from '~/server/reports.server'
import { immediateReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let drop: () => Promise<void>
let smtp: TestSmtp
let mailer: Mailer
const cipher = testCipher()

beforeAll(async () => {
  ;({ db, jobs, drop } = await createTestDatabase(inject('postgresUrl')))
  smtp = await startTestSmtp()
  mailer = createMailer({ MAIL_FROM: 'Orosanmälan <no-reply@test.invalid>' }, smtp.url)
})
afterAll(async () => {
  mailer.transport.close()
  await smtp.stop()
  await drop()
})

// 10:15 on a Tuesday in Stockholm, and the same time the next day.
const TUESDAY = new Date('2026-11-24T09:15:00Z')
const WEDNESDAY = new Date('2026-11-25T09:15:00Z')

const deps = (now: Date): DeliveryDeps => ({ db, cipher, mailer, baseUrl: 'https://oro.test', now: () => now })

/** A named reporter's report, stored as the form stores it; its receipt is then sent as the worker sends it. */
async function reportBy(email: string) {
  const report = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: immediateReport('0160', { email }), receivedAt: TUESDAY, language: 'sv' })
  return { ...report, receipt: { kind: 'receipt' as const, key: `receipt:${report.id}`, reportId: report.id } }
}

const sentTo = (address: string) => smtp.messages.filter((message) => message.to.includes(address))

describe('receipts to one address', () => {
  it(`are sent ${RECEIPTS_PER_ADDRESS_PER_DAY} times a day at most; every report is still stored, and a failed send does not count`, async () => {
    // However the address is written, it is one recipient.
    const spellings = ['upprepad@test.invalid', 'Upprepad@Test.invalid', ' UPPREPAD@test.invalid ', 'upprepad@test.invalid', 'upprepad@TEST.INVALID']
    const reports = []
    for (const email of spellings) reports.push(await reportBy(email))
    expect(
      await db
        .selectFrom('reports')
        .select('id')
        .where(
          'id',
          'in',
          reports.map((report) => report.id),
        )
        .execute(),
    ).toHaveLength(5)

    await smtp.down()
    await expect(deliverEmail(deps(TUESDAY), reports[0]!.receipt)).rejects.toThrow()
    await smtp.up()

    const outcomes = []
    for (const report of reports) outcomes.push(await deliverEmail(deps(TUESDAY), report.receipt))
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'limited', 'limited'])
    const received = smtp.messages.filter((message) => message.to.some((to) => to.toLowerCase() === 'upprepad@test.invalid'))
    expect(received.map((message) => message.subject)).toEqual(reports.slice(0, 3).map((report) => expect.stringContaining(formatReference(report.reference))))
    // A limited receipt is not tried again.
    expect(await deliverEmail(deps(TUESDAY), reports[4]!.receipt)).toBe('limited')

    // Another address has its own allowance, and the next day the first has its again.
    expect(await deliverEmail(deps(TUESDAY), (await reportBy('annan@test.invalid')).receipt)).toBe('sent')
    expect(sentTo('annan@test.invalid')).toHaveLength(1)
    expect(await deliverEmail(deps(WEDNESDAY), (await reportBy('upprepad@test.invalid')).receipt)).toBe('sent')
  })

  it('keeps a keyed hash of the address, never the address, and only for the current day', async () => {
    const rows = await db.selectFrom('receipt_limits').selectAll().execute()
    // Tuesday's rows went when Wednesday's first receipt was counted.
    expect(rows.map((row) => [row.day, row.sent])).toEqual([['2026-11-25', 1]])
    expect(rows[0]!.recipient).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(await sql`select * from receipt_limits`.execute(db))).not.toMatch(/upprepad|annan/i)
  })
})
