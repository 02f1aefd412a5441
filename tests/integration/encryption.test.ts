import { randomUUID } from 'node:crypto'
import { Migrator, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { assessDraft, type CompleteReport } from '~/domain/report-flow'
import { recordCasework } from '~/server/casework.server'
import { createCipher } from '~/server/crypto.server'
import { createDb, migrateToLatest, type Db } from '~/server/db.server'
import { findDraft, saveDraftStep } from '~/server/drafts.server'
import { reencryptAll } from '~/server/reencrypt.server'
import type { StaffScope } from '~/domain/scope'
import { activePreNoticesAbout, createPreNotice, readPreNotice } from '~/server/pre-notices.server'
import { findEarlierReportIds, submitReport } from '~/server/reports.server'
import { MUNICIPALITIES } from '../../db/seed/regions'
import { seedDemoStaff } from '~/server/seed.server'
import { readReport, reportForStaff, sealText } from '~/server/staff-report.server'
import { migrations } from '../../db/migrations'
import { neighbourDraft, professionalReport } from '../fixtures/reports'
import { testCipher, testKeys } from '../support/cipher'
import { createTestDatabase } from '../support/postgres'
import type { Jobs } from '~/server/jobs.server'

let db: Db
let drop: () => Promise<void>
let jobs: Jobs
const keys = testKeys('2026-01')
const cipher = createCipher(keys)
const now = new Date('2026-11-23T21:40:00Z')

beforeAll(async () => {
  ;({ db, jobs, drop } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
})
afterAll(() => drop())
beforeEach(async () => {
  // Not truncate: it would cascade to the append-only audit log, which refuses it.
  await sql`delete from reports where not exists (select 1 from audit_log where audit_log.report_id = reports.id)`.execute(db)
  await sql`delete from report_drafts`.execute(db)
})

function neighbourReport(): CompleteReport {
  const assessment = assessDraft(neighbourDraft, { municipalityCodes: ['0160', '1233'], today: '2026-11-23' })
  if (assessment.status !== 'complete') throw new Error(`fixture incomplete at ${assessment.missing}`)
  return assessment.report
}

/** Every row of every report table, as PostgreSQL returns it to anyone who can query it. */
async function rawRows(reportId: string): Promise<string> {
  const rows = await sql<{ row: unknown }>`
    select to_jsonb(r) as row from reports r where id = ${reportId}
    union all select to_jsonb(s) from report_subjects s where report_id = ${reportId}
    union all select to_jsonb(p) from report_reporters p where report_id = ${reportId}
    union all select to_jsonb(e) from report_events e where report_id = ${reportId}`.execute(db)
  return JSON.stringify(rows.rows)
}

const TYPED = [
  'Ella Svensson',
  'Elias',
  '201504121235',
  '20150412',
  'Storgatan',
  'Tibble skola',
  'Barnen är ensamma',
  'arabiska',
  'granne',
  'Karin Lärare',
  'karin@skola.example',
  '040-123 45 67',
  'Misstanke om våld',
  'Sara har blåmärken',
]

/** An intake scope over every municipality: these tests are about the index, not the scope. */
const EVERYWHERE: StaffScope = { role: 'intake', municipalityCodes: MUNICIPALITIES.map((municipality) => municipality.code) }

describe('a report at rest', () => {
  it('holds none of the names, personnummer, addresses or free text readable', async () => {
    const neighbour = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: neighbourReport(), receivedAt: now, language: 'sv' })
    const professional = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: professionalReport, receivedAt: now, language: 'sv' })
    const stored = (await rawRows(neighbour.id)) + (await rawRows(professional.id))
    for (const typed of TYPED) expect(stored, typed).not.toContain(typed)
    expect(stored).toMatch(/"description": ?"v1\.2026-01\./)
    // Only the two children's rows of the neighbour's report have a personnummer, hence one index.
    const indexes = await db.selectFrom('report_subjects').select('personal_identity_number_index').where('report_id', '=', neighbour.id).orderBy('position').execute()
    expect(indexes.map((row) => row.personal_identity_number_index)).toEqual([cipher.blindIndex('201504121235'), null])
  })

  it('reads back exactly what was written, with the key', async () => {
    const submitted = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: professionalReport, receivedAt: now, language: 'sv' })
    const report = await readReport(db, cipher, submitted.id)
    expect(report?.description).toBe(professionalReport.description)
    expect(report?.subjects.map((subject) => subject.name)).toEqual(['Sara'])
    expect(report?.subjects[0]).not.toHaveProperty('personal_identity_number_index')
    expect(report?.reporter).toMatchObject({
      name: 'Karin Lärare',
      phone: '040-123 45 67',
      email: 'karin@skola.example',
      guardians_not_informed_reason: 'Misstanke om våld i hemmet',
    })
    expect(await readReport(db, cipher, randomUUID())).toBeNull()
    await expect(readReport(db, testCipher(testKeys('2026-01')), submitted.id)).rejects.toThrow(/reports\.description: the value does not authenticate/)
  })

  it('keeps a birth date as the date typed', async () => {
    const report = neighbourReport()
    report.subjects[1] = { ...report.subjects[1]!, birthDate: '2022-03-01' }
    const submitted = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report, receivedAt: now, language: 'sv' })
    expect((await readReport(db, cipher, submitted.id))?.subjects[1]?.birth_date).toBe('2022-03-01')
  })

  it('has no index on any column that holds a name, a number or an address, only on the blind index', async () => {
    const indexes = await sql<{ indexdef: string }>`select indexdef from pg_indexes where tablename in ('report_subjects', 'report_reporters', 'reports')`.execute(db)
    const definitions = indexes.rows.map((row) => row.indexdef)
    expect(definitions.some((definition) => /\(personal_identity_number_index\)/.test(definition))).toBe(true)
    for (const column of ['name', 'personal_identity_number', 'birth_date', 'whereabouts', 'email', 'phone', 'description']) {
      expect(
        definitions.filter((definition) => new RegExp(`[(, ]${column}[,)]`).test(definition)),
        column,
      ).toEqual([])
    }
  })

  it('finds earlier reports about the same child through the blind index, however the number is typed', async () => {
    const first = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: neighbourReport(), receivedAt: new Date('2026-10-01T08:00:00Z'), language: 'sv' })
    const second = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: neighbourReport(), receivedAt: now, language: 'sv' })
    await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: professionalReport, receivedAt: now, language: 'sv' })

    expect(await findEarlierReportIds(db, cipher, EVERYWHERE, ['150412-1235'])).toEqual([second.id, first.id])
    expect(await findEarlierReportIds(db, cipher, EVERYWHERE, ['201504121235'], { receivedBefore: now })).toEqual([first.id])
    expect(await findEarlierReportIds(db, cipher, EVERYWHERE, ['201504121243'])).toEqual([])
    expect(await findEarlierReportIds(db, cipher, EVERYWHERE, ['not a number'])).toEqual([])
    // Another index key finds nothing: the index is worthless without BLIND_INDEX_KEY.
    expect(await findEarlierReportIds(db, testCipher(), EVERYWHERE, ['150412-1235'])).toEqual([])
  })
})

describe('key rotation', () => {
  it('re-encrypts every value under the new key, in batches, and a second run finds nothing to do', async () => {
    const oldCipher = cipher
    const reports = await Promise.all([
      submitReport(db, oldCipher, jobs, { submissionKey: randomUUID(), report: neighbourReport(), receivedAt: now, language: 'sv' }),
      submitReport(db, oldCipher, jobs, { submissionKey: randomUUID(), report: professionalReport, receivedAt: now, language: 'en' }),
    ])
    const draft = await saveDraftStep(db, oldCipher, null, 'concern', { description: 'Ella är ensam' }, now)
    const reason = sealText(oldCipher)('Redan känt av socialtjänsten')
    await db
      .insertInto('report_events')
      .values({ report_id: reports[0].id, at: now, kind: 'decision', data: JSON.stringify({ decision: 'notOpen', reason }) })
      .execute()
    const author = await db
      .insertInto('staff_users')
      .values({ email: `rotation-${randomUUID()}@example.se`, name: 'Rotation', password_hash: 'x', role: 'intake' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const notice = {
      personalIdentityNumber: '201504121235',
      validFrom: '2026-11-20',
      validTo: '2026-11-30',
      background: 'Våld i hemmet',
      plan: 'Ring mamman först',
      contact: 'Maja',
    }
    const noticeId = await createPreNotice(db, oldCipher, { municipalityCode: '0160', staffId: author.id, notice, now })
    // A case system's webhook signing secret (issue 16) is rotated with the rest.
    const client = await db
      .insertInto('api_clients')
      .values({
        name: 'Treserva',
        client_id: randomUUID(),
        secret_hash: '0'.repeat(64),
        webhook_url: 'https://case.example/hook',
        webhook_secret: oldCipher.encrypt('signing-key', 'api_clients.webhook_secret'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const before = await Promise.all(reports.map((report) => readReport(db, oldCipher, report.id)))

    // The new key first, as current; the old one still listed.
    const rotatedKeys = { ...keys, ENCRYPTION_KEYS: [testKeys('2026-11').ENCRYPTION_KEYS[0]!, ...keys.ENCRYPTION_KEYS], ENCRYPTION_KEY_ID: '2026-11' }
    const rotated = createCipher(rotatedKeys)
    const fresh = await submitReport(db, rotated, jobs, { submissionKey: randomUUID(), report: professionalReport, receivedAt: now, language: 'sv' })
    const batches: string[] = []
    const rewritten = await reencryptAll(db, rotated, { batchSize: 1, onBatch: (table) => batches.push(table) })
    expect(rewritten).toEqual({ reports: 2, report_subjects: 3, report_reporters: 2, report_events: 1, report_drafts: 1, pre_notices: 1, api_clients: 1 })
    expect(batches.filter((table) => table === 'report_subjects')).toHaveLength(3)

    // With the old key removed, everything still reads the same.
    const newOnly = createCipher({ ...rotatedKeys, ENCRYPTION_KEYS: rotatedKeys.ENCRYPTION_KEYS.slice(0, 1) })
    for (const [index, report] of reports.entries()) {
      expect(await readReport(db, newOnly, report.id)).toEqual(before[index])
      expect(before[index]?.description).toBe(index === 0 ? 'Barnen är ensamma hemma varje kväll.' : professionalReport.description)
      expect(await rawRows(report.id)).not.toContain('v1.2026-01.')
    }
    expect((await findDraft(db, newOnly, draft.id, now))?.answers).toEqual({ concern: { description: 'Ella är ensam' } })
    const { webhook_secret: webhookSecret } = await db.selectFrom('api_clients').select('webhook_secret').where('id', '=', client.id).executeTakeFirstOrThrow()
    expect(newOnly.decrypt(webhookSecret!, 'api_clients.webhook_secret')).toBe('signing-key')
    expect(await findEarlierReportIds(db, newOnly, EVERYWHERE, ['201504121235'])).toEqual([reports[0].id])
    expect((await readReport(db, newOnly, fresh.id))?.description).toBe(professionalReport.description)

    const taby: StaffScope = { role: 'intake', municipalityCodes: ['0160'] }
    expect((await readPreNotice(db, newOnly, taby, { staffId: author.id, id: noticeId, now }))?.plan).toBe('Ring mamman först')
    expect((await activePreNoticesAbout(db, newOnly, taby, ['201504121235'], { staffId: author.id, reportId: reports[0].id, now })).map((found) => found.id)).toEqual([noticeId])

    expect(await reencryptAll(db, rotated)).toEqual({ reports: 0, report_subjects: 0, report_reporters: 0, report_events: 0, report_drafts: 0, pre_notices: 0, api_clients: 0 })
    // The next test reads with the keys as they were before this rotation.
    await db.deleteFrom('pre_notices').execute()
    await db.deleteFrom('api_clients').execute()
  })

  it('rewrites every blind index after BLIND_INDEX_KEY has changed, when asked to', async () => {
    const submitted = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: neighbourReport(), receivedAt: now, language: 'sv' })
    const newIndexKey = createCipher({ ...keys, BLIND_INDEX_KEY: testKeys('x').BLIND_INDEX_KEY })
    expect(await findEarlierReportIds(db, newIndexKey, EVERYWHERE, ['201504121235'])).toEqual([])
    expect(await reencryptAll(db, newIndexKey, { reindex: true })).toMatchObject({ reports: 0, report_subjects: 1 })
    expect(await findEarlierReportIds(db, newIndexKey, EVERYWHERE, ['201504121235'])).toEqual([submitted.id])
  })
})

// Last: a report staff acted on stays, since the audit log refers to it for ever.
describe('what staff write', () => {
  it('stores what staff write on the timeline encrypted, and shows it to staff', async () => {
    const submitted = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: neighbourReport(), receivedAt: now, language: 'sv' })
    const staff = await db.selectFrom('staff_users').select('id').where('email', '=', 'mottagning.taby@demo.orosanmalan.se').executeTakeFirstOrThrow()
    const act = { kind: 'initialAssessment' as const, initialAssessment: 'notOpen' as const, reason: 'Föräldrarna har redan kontakt med Ella Svensson' }
    const scope = { role: 'intake' as const, municipalityCodes: ['0160'] }
    expect(await recordCasework(db, jobs, { scope, staffId: staff.id, reportId: submitted.id, act, now, seal: sealText(cipher) })).toBe(true)

    expect(await rawRows(submitted.id)).not.toContain('Föräldrarna')
    const view = await reportForStaff(db, cipher, submitted.id)
    expect(view.events.at(-1)?.details).toEqual({ decision: 'notOpen', reason: act.reason })
    expect(view.subjects[0]).toMatchObject({ name: 'Ella Svensson', personalIdentityNumber: '201504121235', whereabouts: 'Storgatan 1' })
    expect((await readReport(db, cipher, submitted.id))?.events.at(-1)?.data).toMatchObject({ reason: act.reason })
  })
})

describe('migrating a database with reports stored before encryption at rest', () => {
  const serverUrl = inject('postgresUrl')
  const name = `encrypt_${randomUUID().replace(/-/g, '')}`
  let old: Db

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(`create database ${name}`)
    await client.end()
    old = createDb(serverUrl.replace(/\/[^/]*$/, `/${name}`), { max: 2 })
  })
  afterAll(async () => {
    await old.destroy()
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(`drop database if exists ${name} with (force)`)
    await client.end()
  })

  it('marks the plaintext, deletes drafts, and the script encrypts every value and fills its blind index', async () => {
    const migrator = new Migrator({ db: old, provider: { getMigrations: async () => migrations } })
    const { error } = await migrator.migrateTo('0005_staff_and_audit')
    expect(error).toBeUndefined()
    await sql`insert into municipalities (code, name) values ('0160', 'Täby')`.execute(old)
    const { rows } = await sql<{ id: string }>`
      insert into reports (reference, submission_key, municipality_code, residence_unknown, concerns, categories, description, safety_answers,
        received_at, language, level, triage_rules, ruleset_version, destination, routing_reason, routed_at, alert_intake_duty, reporter_notice)
      values ('ABCDEFGHJK2', gen_random_uuid(), '0160', false, 'children', '{neglect}', 'Barnen är ensamma hemma', '{}',
        ${now}, 'sv', 'standard', '{}', 'test', 'intake', 'queue', ${now}, false, '{}')
      returning id`.execute(old)
    const reportId = rows[0]!.id
    await sql`insert into report_subjects (report_id, position, kind, name, personal_identity_number, birth_date, whereabouts)
      values (${reportId}, 0, 'child', 'Ella Svensson', '201504121235', '2015-04-12', 'Storgatan 1')`.execute(old)
    await sql`insert into report_reporters (report_id, kind, anonymous, name, phone, email, relation)
      values (${reportId}, 'private', false, 'Åsa Granne', '070-123 45 67', 'asa@example.se', 'granne')`.execute(old)
    await sql`insert into report_events (report_id, at, kind, data) values (${reportId}, ${now}, 'routed', '{"destination":"intake","reason":"queue"}'),
      (${reportId}, ${now}, 'decision', '{"decision":"notOpen","reason":"Redan känt"}')`.execute(old)
    await sql`insert into report_drafts (id, answers, started_at, updated_at) values (gen_random_uuid(), '{"concern":{"description":"Ella"}}', ${now}, ${now})`.execute(old)

    await migrateToLatest(old)
    const stored = await sql<{ description: string }>`select description from reports where id = ${reportId}`.execute(old)
    expect(stored.rows[0]?.description).toBe('plaintext.Barnen är ensamma hemma')
    expect(await old.selectFrom('report_drafts').selectAll().execute()).toEqual([])
    await expect(readReport(old, cipher, reportId)).rejects.toThrow(/not encrypted yet; run npm run crypto:reencrypt/)

    expect(await reencryptAll(old, cipher)).toMatchObject({ reports: 1, report_subjects: 1, report_reporters: 1, report_events: 1 })
    const report = await readReport(old, cipher, reportId)
    expect(report).toMatchObject({ description: 'Barnen är ensamma hemma' })
    expect(report?.subjects[0]).toMatchObject({ name: 'Ella Svensson', personal_identity_number: '201504121235', birth_date: '2015-04-12', whereabouts: 'Storgatan 1' })
    expect(report?.reporter).toMatchObject({ name: 'Åsa Granne', phone: '070-123 45 67', email: 'asa@example.se', relation: 'granne' })
    // A routing reason is a code, not something staff wrote: left as it was.
    expect(report?.events.map((event) => event.data)).toEqual([
      { destination: 'intake', reason: 'queue' },
      { decision: 'notOpen', reason: 'Redan känt' },
    ])
    expect(await findEarlierReportIds(old, cipher, EVERYWHERE, ['20150412-1235'])).toEqual([reportId])
    const raw = JSON.stringify((await sql`select to_jsonb(s) from report_subjects s`.execute(old)).rows)
    expect(raw).not.toMatch(/Ella|201504121235|2015-04-12|Storgatan|plaintext\./)
  })
})
