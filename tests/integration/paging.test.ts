import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { onCallAt } from '~/domain/on-call'
import type { CompleteReport } from '~/domain/report-flow'
import { formatReference } from '~/domain/reference'
import { recordCasework } from '~/server/casework.server'
import { pagingGapReport } from '~/server/coverage-check.server'
import { operationsOverview } from '~/server/operations.server'
import type { Db } from '~/server/db.server'
import { startJobs, type Jobs } from '~/server/jobs.server'
import { createLogger } from '~/server/logger.server'
import { createMailer, deliverEmail } from '~/server/mailer.server'
import { queueMorningSummaries } from '~/server/morning-summary.server'
import { submitReport } from '~/server/reports.server'
import { startWorker } from '~/server/worker.server'
import { demoIntakeAddress, demoRotaAddress } from '../../db/seed/regions'
import { immediateReport, professionalReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { personalDataInMail, startTestSmtp, type TestSmtp } from '../support/mail'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let drop: () => Promise<void>
let smtp: TestSmtp
const workers: Array<{ jobs: Jobs; stop: () => Promise<void> }> = []
const cipher = testCipher()
const submitted: CompleteReport[] = []
let staffId: string

// 22:40 on a Monday in Stockholm: Täby's intake is closed and Socialjouren Nordost is open.
const NIGHT = new Date('2026-11-23T21:40:00Z')
// 10:15 on a Tuesday: Täby's intake is open.
const OFFICE_HOURS = new Date('2026-11-24T09:15:00Z')

let url: string

async function addWorker() {
  const workerJobs = await startJobs(url, { role: 'worker', retry: { emailRetryDelayMaxSeconds: 2 } }, () => {})
  const worker = await startWorker({
    db,
    cipher,
    jobs: workerJobs,
    mailer: createMailer({ MAIL_FROM: 'Orosanmälan <no-reply@test.invalid>' }, smtp.url),
    baseUrl: 'https://oro.test',
    logger: createLogger('silent'),
  })
  workers.push({
    jobs: workerJobs,
    stop: async () => {
      await worker.stop()
      await workerJobs.boss.stop({ graceful: false, timeout: 1000 })
    },
  })
}

async function submit(report: CompleteReport, receivedAt: Date) {
  submitted.push(report)
  return submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report, receivedAt, language: 'sv' })
}

async function timeline(reportId: string) {
  return db.selectFrom('report_events').select(['kind', 'data']).where('report_id', '=', reportId).orderBy('at').orderBy('id').execute()
}

const onCallNow = () => {
  // The demo rota of seedDemoPaging: Nordost turns over on Mondays at 16:30, three pairs from 2026-01-05.
  const pairs = [0, 1, 2].map((position) => ({
    primary: { name: '', email: demoRotaAddress('nordost', 'primary', position), smsEmail: position === 0 ? demoRotaAddress('nordost', 'primary', 0, 'sms') : null },
    backup: { name: '', email: demoRotaAddress('nordost', 'backup', position), smsEmail: null },
  }))
  return onCallAt({ weekday: 1, time: '16:30', anchorDate: '2026-01-05', pairs }, new Date())!
}

const sentTo = (address: string) => smtp.messages.filter((message) => message.to.includes(address))

beforeAll(async () => {
  ;({ db, jobs, drop, url } = await createTestDatabase(inject('postgresUrl')))
  smtp = await startTestSmtp()
  // Seconds instead of minutes, so a whole escalation fits in a test.
  await db.updateTable('jour_units').set({ page_backup_after_seconds: 3, page_everyone_after_seconds: 6, page_repeat_seconds: 10 }).where('id', '=', 'nordost').execute()
  const staff = await db
    .insertInto('staff_users')
    .values({ email: 'jour@test.invalid', name: 'Jour Test', password_hash: 'x', role: 'jour', jour_id: 'nordost' })
    .returning('id')
    .executeTakeFirstOrThrow()
  staffId = staff.id
  await addWorker()
})

afterAll(async () => {
  for (const worker of workers) await worker.stop()
  // Issue 6: whatever any test here sent, no e-mail carries what a report says about a person.
  expect(smtp.messages.length).toBeGreaterThan(0)
  expect(personalDataInMail(smtp.messages, [...submitted, professionalReport])).toEqual([])
  await smtp.stop()
  await drop()
})

beforeEach(async () => {
  await smtp.up().catch(() => {})
})

describe('paging the jour for an immediate report after hours', () => {
  it('pages the förstajour at once, escalates from receipt to bakjour, then shared address and manager, and stops at the acknowledge', async () => {
    const pair = onCallNow()
    const started = Date.now()
    const report = await submit(immediateReport('0160'), NIGHT)

    const [page] = await smtp.waitFor(() => sentTo(pair.primary.email).length === 1).then(() => sentTo(pair.primary.email))
    console.log(`page accepted ${page!.acceptedAt - started} ms after the submit began`)
    expect(page!.subject).toContain(formatReference(report.reference))
    expect(page!.subject).toContain('Akut')
    expect(page!.text).toContain('Täby')
    expect(page!.text).toContain(`https://oro.test/personal/anmalan/${report.id}`)
    if (pair.primary.smsEmail) await smtp.waitFor(() => sentTo(pair.primary.smsEmail!).length === 1)

    await smtp.waitFor(() => sentTo(pair.backup.email).length === 1)
    await smtp.waitFor(() => sentTo('jouren.nordost@demo.orosanmalan.se').length === 1 && sentTo('chef.nordost@demo.orosanmalan.se').length === 1)
    // The bakjour's page is due 3 s after receipt, whenever the förstajour's was delivered.
    expect(sentTo(pair.backup.email)[0]!.acceptedAt - started).toBeGreaterThanOrEqual(3000)

    expect(
      await recordCasework(db, jobs, {
        scope: { role: 'jour', jourId: 'nordost', now: new Date() },
        staffId,
        reportId: report.id,
        act: { kind: 'acknowledge' },
        now: new Date(),
        seal: (text) => text,
      }),
    ).toBe(true)
    // Only this report's pages: the worker's cron may send the day's morning summaries meanwhile.
    const pages = () => smtp.messages.filter((message) => message.subject.includes(formatReference(report.reference)))
    const countAtAcknowledge = pages().length
    // The first repeat was due 16 s after receipt; wait past it and the polling interval.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + 16_000 + 4_000 - Date.now())))
    expect(pages()).toHaveLength(countAtAcknowledge)

    const kinds = (await timeline(report.id)).map(
      (event) => `${event.kind}${'step' in event.data ? `:${String(event.data.step)}` : ''}${'role' in event.data ? `:${String(event.data.role)}` : ''}`,
    )
    // The report's own events carry its (test) time of receipt; the pages, the real time they happened.
    expect(kinds).toEqual(expect.arrayContaining(['received', 'routed', 'acknowledge']))
    expect(kinds.filter((kind) => /^(paging|escalated|pageSent)/.test(kind))[0]).toBe('paging:0')
    expect(kinds).toContain('pageSent:0:primary')
    expect(kinds).toContain('escalated:1')
    expect(kinds).toContain('pageSent:1:backup')
    expect(kinds).toContain('escalated:2')
    expect(kinds).toContain('pageSent:2:shared')
    expect(kinds).toContain('pageSent:2:manager')
    expect(kinds.indexOf('escalated:1')).toBeLessThan(kinds.indexOf('escalated:2'))
    expect(kinds.filter((kind) => kind.startsWith('escalated')).length).toBeLessThanOrEqual(3)
  }, 60_000)

  it('goes on escalating while SMTP is down, and delivers every pending page once it is back', async () => {
    const pair = onCallNow()
    await smtp.down()
    const report = await submit(immediateReport('0160', 'anonymous'), NIGHT)
    // The bakjour step fires on time even though nothing could be delivered.
    await expect.poll(async () => (await timeline(report.id)).map((event) => event.kind), { timeout: 20_000, interval: 250 }).toContain('escalated')
    expect((await timeline(report.id)).filter((event) => event.kind === 'pageSent')).toEqual([])
    const before = smtp.messages.length
    await smtp.up()

    await smtp.waitFor(() => sentTo(pair.primary.email).length >= 2 && sentTo(pair.backup.email).length >= 2, 30_000)
    const keys = await db.selectFrom('email_deliveries').select('key').where('report_id', '=', report.id).execute()
    expect(new Set(keys.map((row) => row.key)).size).toBe(keys.length)
    expect(smtp.messages.length).toBeGreaterThan(before)
    await recordCasework(db, jobs, {
      scope: { role: 'jour', jourId: 'nordost', now: new Date() },
      staffId,
      reportId: report.id,
      act: { kind: 'acknowledge' },
      now: new Date(),
      seal: (text) => text,
    })
  }, 60_000)
})

describe('sending each e-mail at most once', () => {
  it('a retried or concurrent delivery of one key sends one message', async () => {
    const report = await submit(immediateReport('0160'), OFFICE_HOURS)
    const deps = { db, cipher, mailer: createMailer({ MAIL_FROM: 'Orosanmälan <no-reply@test.invalid>' }, smtp.url), baseUrl: 'https://oro.test', now: () => new Date() }
    const job = { kind: 'intakeAlert' as const, key: `test-alert:${report.id}`, reportId: report.id, to: 'dubbel@test.invalid' }
    const outcomes = await Promise.all([deliverEmail(deps, job), deliverEmail(deps, job), deliverEmail(deps, job)])
    expect(outcomes.sort()).toEqual(['already-sent', 'already-sent', 'sent'])
    expect(await deliverEmail(deps, job)).toBe('already-sent')
    expect(sentTo('dubbel@test.invalid')).toHaveLength(1)
  })

  it('two workers page each report exactly once', async () => {
    await addWorker()
    const pair = onCallNow()
    const reports = await Promise.all(Array.from({ length: 12 }, () => submit(immediateReport('0160', 'anonymous'), NIGHT)))
    const references = reports.map((report) => formatReference(report.reference))
    const ours = () => sentTo(pair.primary.email).filter((message) => references.some((reference) => message.subject.includes(reference)))
    await smtp.waitFor(() => ours().length >= reports.length, 30_000)
    for (const report of reports) {
      await recordCasework(db, jobs, {
        scope: { role: 'jour', jourId: 'nordost', now: new Date() },
        staffId,
        reportId: report.id,
        act: { kind: 'acknowledge' },
        now: new Date(),
        seal: (text) => text,
      })
    }
    // Give a duplicate every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const pages = ours()
    expect(pages).toHaveLength(reports.length)
    expect(new Set(pages.map((page) => page.messageId)).size).toBe(reports.length)
    await workers.pop()!.stop()
  }, 60_000)
})

describe('the other messages', () => {
  it('alerts the intake unit in office hours and sends the named reporter a receipt; an anonymous one gets none', async () => {
    const named = await submit(immediateReport('0160', { email: 'kvitto@test.invalid' }), OFFICE_HOURS)
    await submit(immediateReport('0160', 'anonymous'), OFFICE_HOURS)
    const [alert] = await smtp
      .waitFor(() => sentTo(demoIntakeAddress('0160')).some((message) => message.subject.includes(formatReference(named.reference))))
      .then(() => sentTo(demoIntakeAddress('0160')).filter((message) => message.subject.includes(formatReference(named.reference))))
    expect(alert!.text).toContain(`https://oro.test/personal/anmalan/${named.id}`)
    const [receipt] = await smtp.waitFor(() => sentTo('kvitto@test.invalid').length === 1).then(() => sentTo('kvitto@test.invalid'))
    expect(receipt!.subject).toContain(formatReference(named.reference))
    expect(receipt!.text).toContain('Mottagningsenheten i Täby läser anmälan i dag.')
    expect(receipt!.text).toContain('112')
    // No page for an office-hours report.
    expect((await timeline(named.id)).map((event) => event.kind)).not.toContain('paging')
  }, 30_000)

  it('tells a mandated reporter the decision, and nobody else', async () => {
    const report = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: professionalReport, receivedAt: OFFICE_HOURS, language: 'en' })
    await smtp.waitFor(() => sentTo('karin@skola.example').length === 1)
    await recordCasework(db, jobs, {
      scope: { role: 'intake', municipalityCodes: ['1233'] },
      staffId,
      reportId: report.id,
      act: { kind: 'initialAssessment', initialAssessment: 'open', reason: 'Utredning inleds' },
      now: new Date('2026-11-25T10:00:00Z'),
      seal: (text) => cipher.encrypt(text, 'report_events.data'),
    })
    const [, feedback] = await smtp.waitFor(() => sentTo('karin@skola.example').length === 2).then(() => sentTo('karin@skola.example'))
    expect(feedback!.subject).toBe(`Feedback on your report of concern ${formatReference(report.reference)} to Vellinge`)
    expect(feedback!.text).toContain('An investigation has been opened')
    expect(feedback!.text).not.toContain('Utredning inleds')
  }, 30_000)

  it('sends each intake unit one morning summary of its night', async () => {
    await sql`delete from reports where municipality_code = '0186'`.execute(db)
    // Lidingö: two reports in the night before Tuesday 24 November, one of them handled by the jour.
    const first = await submit(immediateReport('0186', 'anonymous'), new Date('2026-11-23T20:00:00Z'))
    await submit({ ...professionalReport, municipalityCode: '0186', safety: { dangerNow: 'no' } }, new Date('2026-11-24T02:30:00Z'))
    await recordCasework(db, jobs, {
      scope: { role: 'jour', jourId: 'nordost', now: new Date() },
      staffId,
      reportId: first.id,
      act: { kind: 'handover', note: 'x' },
      now: new Date(),
      seal: (text) => text,
    })

    const morning = new Date('2026-11-24T07:05:00Z')
    await queueMorningSummaries(db, jobs, morning)
    await queueMorningSummaries(db, jobs, new Date('2026-11-24T07:20:00Z'))
    // The worker's own cron sends today's real summaries too; this one is the night to Tuesday 24 November.
    const ours = () => sentTo(demoIntakeAddress('0186')).filter((message) => message.subject.startsWith('Natten') && message.text.includes('till tisdag 24 november 08:00'))
    const [summary] = await smtp.waitFor(() => ours().length > 0).then(ours)
    expect(summary!.subject).toBe('Natten i Lidingö: 2 nya anmälningar')
    expect(summary!.text).toContain('från måndag 23 november 16:30')
    expect(summary!.text).toContain('Återrapporterade av jouren: 1')
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(ours()).toHaveLength(1)
  }, 30_000)

  it('notes on the timeline when a jour has nobody to page, and the configuration check names the jour', async () => {
    await db.deleteFrom('on_call_rota').where('jour_id', '=', 'stockholm').execute()
    await db.updateTable('jour_units').set({ shared_email: null, manager_email: null }).where('id', '=', 'stockholm').execute()
    const report = await submit(immediateReport('0180', 'anonymous'), NIGHT)
    await expect.poll(async () => (await timeline(report.id)).map((event) => event.kind), { timeout: 15_000, interval: 250 }).toContain('pageNobody')
    expect(await db.selectFrom('email_deliveries').where('report_id', '=', report.id).select('key').execute()).toEqual([])
    const check = await pagingGapReport(db)
    expect(check.nobodyPaged).toBe(1)
    expect(check.lines).toContain('Socialjouren i Stockholm: no on-call rota, so nobody is paged for an immediate report')
  }, 30_000)

  it('gives up at once on a mailbox that does not exist, and shows the admin the dead letter without the address', async () => {
    smtp.rejectMailbox('finns-inte@test.invalid')
    await db.updateTable('municipalities').set({ intake_email: 'finns-inte@test.invalid' }).where('code', '=', '0187').execute()
    const report = await submit(immediateReport('0187', 'anonymous'), OFFICE_HOURS)
    const dead = async () => (await operationsOverview(db, jobs, ['0187'], new Date())).deadLetters.filter((job) => job.kind === 'intakeAlert')
    await expect.poll(async () => (await dead()).length, { timeout: 20_000, interval: 500 }).toBe(1)
    const [letter] = await dead()
    expect(letter!.error).toContain('550')
    expect(letter!.error).not.toContain('finns-inte@test.invalid')
    expect(await db.selectFrom('email_deliveries').where('report_id', '=', report.id).select('key').execute()).toEqual([])
    const overview = await operationsOverview(db, jobs, ['0187'], new Date())
    expect(overview.onCall.map((jour) => jour.name)).toEqual(['Socialjouren Nordost'])
    expect(overview.onCall[0]!.primary?.email).toBe(onCallNow().primary.email)
  }, 30_000)
})
