import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import type { CompleteReport } from '~/domain/report-flow'
import type { Db } from '~/server/db.server'
import { askReporter, closeFollowUp, followUpForStaff, storeReporterMessage } from '~/server/follow-up-messages.server'
import { followUpDeps, issueReplyCode, openFollowUp, reporterView, wrongCodes } from '~/server/follow-up.server'
import { jobId, QUEUES, type Jobs } from '~/server/jobs.server'
import { createLogger } from '~/server/logger.server'
import { readConfig } from '~/server/config.server'
import { createRateLimits, type RateLimits } from '~/server/rate-limits.server'
import { createMailer, deliverEmail } from '~/server/mailer.server'
import { submitReport } from '~/server/reports.server'
import { seedDemoStaff } from '~/server/seed.server'
import { immediateReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { personalDataInMail, startTestSmtp } from '../support/mail'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let url: string
let drop: () => Promise<void>
let limits: RateLimits
const cipher = testCipher()

// 21:00 on a Monday in Stockholm: Täby's intake unit is closed, Socialjouren Nordost is open.
const EVENING = new Date('2026-11-30T20:00:00Z')
// 08:30 the next morning: Täby's intake unit is open.
const MORNING = new Date('2026-12-01T07:30:00Z')
const TABY_SCOPE = { role: 'intake' as const, municipalityCodes: ['0160'] }

/** A standard report about a child alone in the evenings, from an anonymous neighbour. */
const aloneReport: CompleteReport = {
  municipalityCode: '0160',
  residenceUnknown: false,
  concerns: 'children',
  subjects: [{ kind: 'child', name: 'Elsa Berg', interpreterNeeded: false }],
  categories: ['neglect'],
  description: 'Elsa, runt 7 år, är ofta ensam hemma på kvällarna.',
  safety: { dangerNow: 'no' },
  reporter: { kind: 'private', anonymous: true, relation: 'granne' },
}

beforeAll(async () => {
  ;({ db, jobs, drop, url } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
  limits = createRateLimits({ databaseUrl: url, config: readConfig({}), logger: createLogger('silent') })
})
afterEach(() => {
  vi.useRealTimers()
})
afterAll(async () => {
  await limits.stop()
  await drop()
})

async function submitted(report: CompleteReport = aloneReport, receivedAt = EVENING) {
  const { id, reference } = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report, receivedAt, language: 'sv' })
  const code = await issueReplyCode(db, id)
  if (!code) throw new Error('no reply code')
  return { id, reference, code }
}

const staffId = async (email: string) => (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
const open = (reference: string, code: string, address = '192.0.2.10', now = () => MORNING) => openFollowUp(followUpDeps(db, limits, address, now), { reference, code })

describe('the reply code', () => {
  it('is made once, and only its argon2id hash with the small parameters is stored', async () => {
    const { id, code } = await submitted()
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{20}$/)
    expect(await issueReplyCode(db, id)).toBeNull()
    const row = await db.selectFrom('reports').select('reply_code_hash').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.reply_code_hash).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/)
    expect(row.reply_code_hash).not.toContain(code)
  })
})

describe('opening the follow-up', () => {
  it('opens with the right pair, in any case and grouping, and logs it as the reporter', async () => {
    const { id, reference, code } = await submitted()
    const typed = code.toLowerCase().replace(/(.{4})/g, '$1 ')
    expect(await open(reference.toLowerCase(), typed, '192.0.2.11')).toEqual({ kind: 'open', reportId: id })
    const logged = await db.selectFrom('audit_log').select(['action', 'staff_id']).where('report_id', '=', id).execute()
    expect(logged).toContainEqual({ action: 'reporter.followUpOpen', staff_id: null })
  })

  it('says the same for a wrong code and an unknown reference, and counts both', async () => {
    const { id, reference } = await submitted()
    // A count older than the 30 days staff are shown goes with the next failure.
    await db
      .insertInto('follow_up_failures')
      .values({ reference, day: '2026-10-01', failures: 7, last_at: new Date('2026-10-01T10:00:00Z') })
      .execute()
    const unknown = 'ABCDEFGHJK' // a reference nobody has
    expect(await open(reference, 'WRONGWRONGWRONGWRONG'.replace(/O/g, '2'), '192.0.2.12')).toEqual({ kind: 'notFound' })
    expect(await open(unknown, 'WRONGWRONGWRONGWRONG'.replace(/O/g, '2'), '192.0.2.12')).toEqual({ kind: 'notFound' })
    expect(await open('not a reference', 'x', '192.0.2.12')).toEqual({ kind: 'notFound' })
    expect((await wrongCodes(db, reference, MORNING)).count).toBe(1)
    expect(await db.selectFrom('follow_up_failures').select('day').where('reference', '=', reference).execute()).toEqual([{ day: '2026-12-01' }])
    const refused = await db.selectFrom('audit_log').select('report_id').where('action', '=', 'reporter.followUpRefused').execute()
    expect(refused.map((row) => row.report_id)).toContain(id)
    expect(refused.some((row) => row.report_id === null)).toBe(true)
  })

  it('slows wrong codes down with growing delays, never locks, and the right code opens once the delay has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-01T10:00:00Z'))
    const { id, reference, code } = await submitted()
    const attacker = '198.51.100.7'
    const wrong = 'ZZZZZZZZZZZZZZZZZZZZ'
    for (let attempt = 1; attempt <= 3; attempt++) expect(await open(reference, wrong, attacker)).toEqual({ kind: 'notFound' })
    // The fourth wrong code sets a wait of 1 s; the fifth, 2 s: each try before then is not even checked.
    expect(await open(reference, wrong, attacker)).toEqual({ kind: 'notFound' })
    expect(await open(reference, code, attacker)).toEqual({ kind: 'wait', retryAfterSeconds: 1 })
    vi.setSystemTime(new Date(Date.now() + 1100))
    expect(await open(reference, wrong, attacker)).toEqual({ kind: 'notFound' })
    expect(await open(reference, wrong, attacker)).toEqual({ kind: 'wait', retryAfterSeconds: 2 })
    // The reporter, from an address that has not failed, opens it at once.
    expect(await open(reference, code, '203.0.113.5')).toEqual({ kind: 'open', reportId: id })
    // And from the attacker's address too, once its wait is over.
    vi.setSystemTime(new Date(Date.now() + 2100))
    expect(await open(reference, code, attacker)).toEqual({ kind: 'open', reportId: id })
    expect((await wrongCodes(db, reference, new Date())).count).toBe(5)
  })

  it('ends six months after the last activity, and when staff close it', async () => {
    const { id, reference, code } = await submitted()
    expect(await open(reference, code, '192.0.2.20', () => new Date('2027-05-30T19:59:00Z'))).toEqual({ kind: 'open', reportId: id })
    expect(await open(reference, code, '192.0.2.20', () => new Date('2027-06-01T00:00:00Z'))).toEqual({ kind: 'ended', reportId: id, access: 'expired' })
    expect(await closeFollowUp(db, { scope: TABY_SCOPE, staffId: await staffId('mottagning.taby@demo.orosanmalan.se'), reportId: id, now: MORNING })).toBe(true)
    expect(await open(reference, code, '192.0.2.20', () => new Date(MORNING.getTime() + 1000))).toEqual({ kind: 'ended', reportId: id, access: 'closed' })
    // A wrong code for a closed report is still only "not found".
    expect(await open(reference, 'ZZZZZZZZZZZZZZZZZZZZ', '192.0.2.21', () => new Date(MORNING.getTime() + 1000))).toEqual({ kind: 'notFound' })
  })
})

describe('questions, answers and additions', () => {
  it('a question from Täby, the answer and an addition: encrypted on the timeline, the report back in the queue', async () => {
    const { id } = await submitted()
    const taby = await staffId('mottagning.taby@demo.orosanmalan.se')
    await db.updateTable('reports').set({ status: 'decided', decision: 'notOpen', decided_at: MORNING }).where('id', '=', id).execute()
    expect(await askReporter(db, cipher, jobs, { scope: TABY_SCOPE, staffId: taby, reportId: id, question: 'Vilken skola går Elsa i?', now: MORNING })).toBe('asked')
    const view = await reporterView(db, cipher, id)
    expect(view.openQuestions.map((question) => question.text)).toEqual(['Vilken skola går Elsa i?'])
    expect(view.read).toBe(false)

    const later = new Date(MORNING.getTime() + 3600_000)
    const answer = { kind: 'answer' as const, questionId: view.openQuestions[0]!.id, text: 'Hon går i Näsbyskolan, tror jag.' }
    const key = randomUUID()
    expect(await storeReporterMessage(db, cipher, jobs, { reportId: id, message: answer, submissionKey: key, now: later })).toBe('stored')
    // A reload sends the same key: stored once.
    expect(await storeReporterMessage(db, cipher, jobs, { reportId: id, message: answer, submissionKey: key, now: later })).toBe('duplicate')
    expect(
      await storeReporterMessage(db, cipher, jobs, {
        reportId: id,
        message: { kind: 'addition', text: 'Elsa var ensam i trappuppgången igen i kväll.', dangerNow: false },
        submissionKey: randomUUID(),
        now: later,
      }),
    ).toBe('stored')

    const events = await db.selectFrom('report_events').select(['kind', 'data']).where('report_id', '=', id).orderBy('id').execute()
    const fromReporter = events.filter((event) => event.kind === 'reporterAnswer' || event.kind === 'reporterAddition')
    expect(fromReporter).toHaveLength(2)
    for (const event of fromReporter) {
      expect(event.data.fromReporter).toBe(true)
      expect(JSON.stringify(event.data)).not.toMatch(/Näsbyskolan|trappuppgången/)
    }
    const report = await db.selectFrom('reports').select(['status', 'reporter_update_at', 'level']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(report).toEqual({ status: 'in_progress', reporter_update_at: later, level: 'standard' })
    const staffView = await followUpForStaff(db, cipher, id)
    expect(staffView.questions).toEqual([expect.objectContaining({ askedBy: 'Maja Mottagning (Täby)', answeredAt: later, text: 'Vilken skola går Elsa i?' })])
    expect((await reporterView(db, cipher, id)).openQuestions).toEqual([])
  })

  it('an addition at night that someone is in danger now makes the report immediate and pages the jour from step 0, as a new report would', async () => {
    const { id } = await submitted(aloneReport, EVENING)
    const before = await db.selectFrom('reports').select(['destination', 'level']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(before).toEqual({ destination: 'intake', level: 'standard' })
    const night = new Date('2026-11-30T22:10:00Z')
    const countReports = async () =>
      Number(
        (
          await db
            .selectFrom('reports')
            .select((eb) => eb.fn.countAll<string>().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      )
    const reportsBefore = await countReports()
    await storeReporterMessage(db, cipher, jobs, {
      reportId: id,
      message: { kind: 'addition', text: 'Nu skriker någon därinne och Elsa gråter.', dangerNow: true },
      submissionKey: randomUUID(),
      now: night,
    })
    const after = await db.selectFrom('reports').select(['destination', 'destination_jour_id', 'level', 'triage_rules']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(after).toEqual({ destination: 'jour', destination_jour_id: 'nordost', level: 'immediate', triage_rules: ['addition.dangerNow'] })
    expect(await jobs.boss.getJobById(QUEUES.page, jobId(`page:${id}:0`))).toMatchObject({ data: { reportId: id, step: 0 } })
    // No new report: the same one, raised and routed.
    expect(await countReports()).toBe(reportsBefore)
  })

  it('pages again from step 0 when the jour had already acknowledged the immediate report', async () => {
    const { id } = await submitted(immediateReport('0160', 'anonymous'), EVENING)
    // The report's first round: step 0 fired and acknowledged.
    await db.insertInto('page_steps').values({ report_id: id, step: 0, fired_at: EVENING }).execute()
    await db
      .updateTable('reports')
      .set({ acknowledged_at: EVENING, acknowledged_by: await staffId('jour.nordost@demo.orosanmalan.se') })
      .where('id', '=', id)
      .execute()
    const firstJob = await jobs.boss.getJobById(QUEUES.page, jobId(`page:${id}:0`))
    expect(firstJob).not.toBeNull()
    await storeReporterMessage(db, cipher, jobs, {
      reportId: id,
      message: { kind: 'addition', text: 'Han är tillbaka.', dangerNow: true },
      submissionKey: randomUUID(),
      now: new Date('2026-11-30T22:30:00Z'),
    })
    const after = await db.selectFrom('reports').select(['acknowledged_at']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(after.acknowledged_at).toBeNull()
    expect(await db.selectFrom('page_steps').select('step').where('report_id', '=', id).execute()).toEqual([])
    const again = await jobs.boss.getJobById(QUEUES.page, jobId(`page:${id}:0`))
    expect(again?.createdOn.getTime()).toBeGreaterThanOrEqual(firstJob!.createdOn.getTime())
    expect(again?.state).toBe('created')
  })

  it('tells a named reporter with an e-mail that there is a question, and nothing more; an anonymous one gets nothing', async () => {
    const named = immediateReport('0160', { email: 'bodil@example.org' })
    const { id, reference, code } = await submitted({ ...named, safety: { dangerNow: 'no' } }, MORNING)
    const taby = await staffId('mottagning.taby@demo.orosanmalan.se')
    const question = 'Hörde du vem som skrek, och vilken lägenhet det var?'
    expect(await askReporter(db, cipher, jobs, { scope: TABY_SCOPE, staffId: taby, reportId: id, question, now: MORNING })).toBe('asked')
    const [row] = await db.selectFrom('reporter_questions').select('id').where('report_id', '=', id).execute()
    const job = await jobs.boss.getJobById(QUEUES.email, jobId(`reporter-question:${row!.id}`))
    expect(job?.data).toEqual({ kind: 'reporterQuestion', key: `reporter-question:${row!.id}`, reportId: id })

    const smtp = await startTestSmtp()
    const mailer = createMailer({ MAIL_FROM: 'Orosanmälan <no-reply@test.invalid>' }, smtp.url)
    try {
      expect(await deliverEmail({ db, cipher, mailer, baseUrl: 'https://oro.test', now: () => MORNING }, job!.data as never)).toBe('sent')
      const [message] = smtp.messages
      expect(message?.to).toContain('bodil@example.org')
      expect(message?.subject).toContain('fråga')
      expect(message?.text).toContain('https://oro.test/folj-din-anmalan')
      const content = [message?.subject, message?.text, message?.html].join('\n')
      for (const secret of [question, code, code.slice(0, 4), 'lägenhet']) expect(content).not.toContain(secret)
      expect(content).toContain(reference.slice(0, 4))
      expect(personalDataInMail(smtp.messages, [named])).toEqual([])
    } finally {
      // The pooled connection first, or the server waits for it to close.
      mailer.transport.close()
      await smtp.stop()
    }

    const anonymous = await submitted(aloneReport, MORNING)
    await askReporter(db, cipher, jobs, { scope: TABY_SCOPE, staffId: taby, reportId: anonymous.id, question: 'Något mer?', now: MORNING })
    const [anonymousQuestion] = await db.selectFrom('reporter_questions').select('id').where('report_id', '=', anonymous.id).execute()
    expect(await jobs.boss.getJobById(QUEUES.email, jobId(`reporter-question:${anonymousQuestion!.id}`))).toBeNull()
  })

  it('lets the jour ask only while it holds the report, and another municipality not at all', async () => {
    const { id } = await submitted(immediateReport('0160', 'anonymous'), EVENING)
    const jour = await staffId('jour.nordost@demo.orosanmalan.se')
    const jourScope = { role: 'jour' as const, jourId: 'nordost', now: EVENING }
    expect(await askReporter(db, cipher, jobs, { scope: jourScope, staffId: jour, reportId: id, question: 'Vilken port?', now: EVENING })).toBe('asked')
    await db.updateTable('reports').set({ handed_over_at: MORNING }).where('id', '=', id).execute()
    expect(await askReporter(db, cipher, jobs, { scope: { ...jourScope, now: MORNING }, staffId: jour, reportId: id, question: 'En till?', now: MORNING })).toBe('notFound')
    const vellinge = await staffId('mottagning.vellinge@demo.orosanmalan.se')
    expect(await askReporter(db, cipher, jobs, { scope: { role: 'intake', municipalityCodes: ['1233'] }, staffId: vellinge, reportId: id, question: 'x', now: MORNING })).toBe(
      'notFound',
    )
  })

  it('stores nothing after the follow-up was closed', async () => {
    const { id } = await submitted()
    await closeFollowUp(db, { scope: TABY_SCOPE, staffId: await staffId('mottagning.taby@demo.orosanmalan.se'), reportId: id, now: MORNING })
    const outcome = await storeReporterMessage(db, cipher, jobs, {
      reportId: id,
      message: { kind: 'addition', text: 'Något mer.', dangerNow: false },
      submissionKey: randomUUID(),
      now: new Date(MORNING.getTime() + 1000),
    })
    expect(outcome).toBe('ended')
    const audit = await sql<{ count: string }>`select count(*) from audit_log where report_id = ${id} and action = 'report.closeFollowUp'`.execute(db)
    expect(Number(audit.rows[0]!.count)).toBe(1)
  })
})
