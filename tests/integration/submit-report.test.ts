import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { assessDraft, type CompleteReport } from '~/domain/report-flow'
import type { Db } from '~/server/db.server'
import { findDraft, saveDraftStep } from '~/server/drafts.server'
import { findReceipt, submitReport } from '~/server/reports.server'
import { readReport } from '~/server/staff-report.server'
import { neighbourDraft, professionalReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { createTestDatabase } from '../support/postgres'
import type { Jobs } from '~/server/jobs.server'

let db: Db
let drop: () => Promise<void>
let jobs: Jobs
const cipher = testCipher()
const now = new Date('2026-11-23T21:40:00Z')

beforeAll(async () => {
  ;({ db, jobs, drop } = await createTestDatabase(inject('postgresUrl')))
})
afterAll(() => drop())
beforeEach(async () => {
  // Not truncate: it would cascade to the append-only audit log, which refuses it.
  await sql`delete from reports`.execute(db)
  await sql`delete from report_drafts`.execute(db)
})

function neighbourReport(): CompleteReport {
  const assessment = assessDraft(neighbourDraft, { municipalityCodes: ['0160', '1233'], today: '2026-11-23' })
  if (assessment.status !== 'complete') throw new Error(`fixture incomplete at ${assessment.missing}`)
  return assessment.report
}

async function countRows() {
  const counts = await Promise.all(
    (['reports', 'report_subjects', 'report_reporters', 'report_events'] as const).map(async (table) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow()
      return [table, Number(row.count)] as const
    }),
  )
  return Object.fromEntries(counts)
}

describe('submitting a report', () => {
  it('stores exactly what was answered, and nothing an anonymous reporter typed about themself', async () => {
    const draft = await saveDraftStep(db, cipher, null, 'municipality', { municipality: '0160' }, now)
    const submitted = await submitReport(db, cipher, jobs, { submissionKey: draft.id, report: neighbourReport(), receivedAt: now, language: 'sv' })

    expect(submitted.created).toBe(true)
    expect(submitted.reference).toMatch(/^[2-9A-HJ-NP-Z]{11}$/)
    const report = (await readReport(db, cipher, submitted.id))!
    expect(report).toMatchObject({
      reference: submitted.reference,
      municipality_code: '0160',
      residence_unknown: false,
      concerns: 'children',
      categories: ['neglect'],
      description: 'Barnen är ensamma hemma varje kväll.',
      status: 'new',
      language: 'sv',
    })
    expect(report.received_at.toISOString()).toBe(now.toISOString())
    expect(report.safety_answers).toMatchObject({ childAlone: 'yes', afraidToGoHome: 'unknown', dangerNow: 'no' })

    const { subjects } = report
    expect(subjects.map((subject) => [subject.position, subject.kind, subject.name, subject.personal_identity_number, subject.approximate_age])).toEqual([
      [0, 'child', 'Ella Svensson', '201504121235', null],
      [1, 'child', 'Elias Svensson', null, 4],
    ])
    expect(subjects[0]).toMatchObject({ whereabouts: 'Storgatan 1', school: 'Tibble skola', guardians: null, interpreter_needed: false })
    expect(subjects[1]).toMatchObject({ interpreter_needed: true, interpreter_language: 'arabiska' })

    expect(report.reporter).toMatchObject({ kind: 'private', anonymous: true, name: null, phone: null, email: null, relation: 'granne' })

    expect(report.events.map(({ kind, at }) => ({ kind, at }))).toEqual([
      { kind: 'received', at: now },
      { kind: 'routed', at: now },
    ])
    expect(await findDraft(db, cipher, draft.id, now)).toBeNull()
  })

  it('stores the triage, the route and the legal deadlines decided on arrival', async () => {
    // Monday 22:40 in Täby: after hours, Socialjouren Nordost is staffed until 02:00.
    const submitted = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: neighbourReport(), receivedAt: now, language: 'sv' })
    const report = await db.selectFrom('reports').selectAll().where('id', '=', submitted.id).executeTakeFirstOrThrow()
    expect(report).toMatchObject({
      level: 'immediate',
      destination: 'jour',
      destination_jour_id: 'nordost',
      routing_reason: 'after-hours',
      alert_intake_duty: false,
      ruleset_version: expect.stringMatching(/^\d{4}-\d{2}-\d{2}\.\d+$/),
    })
    expect(report.triage_rules).toEqual(['safety.childAlone.yes', 'safety.afraidToGoHome.unknown', 'safety.caregiverIntoxicated.unknown'])
    expect(report.routed_at.toISOString()).toBe(now.toISOString())
    // After hours: the protection assessment by the close of the next working day (Tuesday 16:30).
    expect(report.protection_assessment_due?.toISOString()).toBe('2026-11-24T15:30:00.000Z')
    expect(report.decision_due?.toISOString()).toBe('2026-12-07T21:40:00.000Z')
  })

  it('stores a mandated reporter with organisation, role and why guardians were not told', async () => {
    const submitted = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: professionalReport, receivedAt: now, language: 'en' })
    const { reporter } = (await readReport(db, cipher, submitted.id))!
    expect(reporter).toMatchObject({
      kind: 'professional',
      anonymous: false,
      name: 'Karin Lärare',
      organisation_type: 'school',
      organisation_name: 'Vellinge skola',
      role: 'Mentor',
      phone: '040-123 45 67',
      email: 'karin@skola.example',
      guardians_informed: 'no',
      guardians_not_informed_reason: 'Misstanke om våld i hemmet',
    })
  })

  it('makes one report of a resubmit: a double click, a reload or a resent POST', async () => {
    const submissionKey = randomUUID()
    const input = { submissionKey, report: neighbourReport(), receivedAt: now, language: 'sv' as const }
    const [first, second] = await Promise.all([submitReport(db, cipher, jobs, input), submitReport(db, cipher, jobs, input)])
    const third = await submitReport(db, cipher, jobs, input)

    expect(new Set([first.reference, second.reference, third.reference]).size).toBe(1)
    expect([first.created, second.created].sort()).toEqual([false, true])
    expect(third.created).toBe(false)
    expect(await countRows()).toEqual({ reports: 1, report_subjects: 2, report_reporters: 1, report_events: 2 })
  })

  it('draws a new reference when the first one is taken', async () => {
    const sameBytes = () => new Uint8Array(10).fill(7)
    const first = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: neighbourReport(), receivedAt: now, language: 'sv' }, { randomBytes: sameBytes })
    let calls = 0
    const clashOnce = (size: number) => (calls++ === 0 ? sameBytes() : new Uint8Array(size).fill(9))
    const second = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: neighbourReport(), receivedAt: now, language: 'sv' }, { randomBytes: clashOnce })

    expect(second.reference).not.toBe(first.reference)
    expect(calls).toBe(2)
    expect((await countRows()).reports).toBe(2)
  })

  it('stores nothing at all when any part of the report is refused', async () => {
    const draft = await saveDraftStep(db, cipher, null, 'municipality', { municipality: '0160' }, now)
    // The database is the last line of defence: a mandated reporter without a name is refused.
    const broken = { ...professionalReport, reporter: { ...professionalReport.reporter, name: null } } as unknown as CompleteReport
    await expect(submitReport(db, cipher, jobs, { submissionKey: draft.id, report: broken, receivedAt: now, language: 'sv' })).rejects.toThrow(
      /report_reporters_professional_named/,
    )
    expect(await countRows()).toEqual({ reports: 0, report_subjects: 0, report_reporters: 0, report_events: 0 })
    expect(await findDraft(db, cipher, draft.id, now)).not.toBeNull()
  })

  it('refuses, in the database itself, an anonymous professional and an anonymous reporter with a name', async () => {
    const submitted = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: professionalReport, receivedAt: now, language: 'sv' })
    await expect(db.updateTable('report_reporters').set({ anonymous: true, name: null, phone: null, email: null }).where('report_id', '=', submitted.id).execute()).rejects.toThrow(
      /report_reporters_professional_named/,
    )
    await expect(db.updateTable('report_reporters').set({ kind: 'private', anonymous: true }).where('report_id', '=', submitted.id).execute()).rejects.toThrow(
      /report_reporters_anonymous_unnamed/,
    )
  })

  it("keeps no address or fingerprint of the reporter's device in any report table", async () => {
    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and table_name like 'report%'`.execute(db)
    const tracing = columns.rows.filter((column) => /(^|_)(ip|ip_address|user_agent|fingerprint|device|remote)($|_)/.test(column.column_name))
    expect(columns.rows.length).toBeGreaterThan(20)
    expect(tracing).toEqual([])
  })

  it('gives the confirmation page the reference and municipality, and whether to urge 112', async () => {
    const report = { ...neighbourReport(), safety: { ...neighbourReport().safety, dangerNow: 'yes' as const } }
    const submitted = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report, receivedAt: now, language: 'sv' })
    expect(await findReceipt(db, submitted.id)).toEqual({
      reference: submitted.reference,
      municipalityName: 'Täby',
      someoneInDangerNow: true,
      notice: { kind: 'jour', jourName: 'Socialjouren Nordost', jourPhone: '08-410 200 40' },
    })
  })
})
