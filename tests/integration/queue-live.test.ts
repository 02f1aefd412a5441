import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { StaffScope } from '~/domain/scope'
import type { Db } from '~/server/db.server'
import { countQueue, decodeCursor, listQueue } from '~/server/intake-queue.server'
import type { Jobs } from '~/server/jobs.server'
import { queueKeys, startQueueFeed, type QueueFeed } from '~/server/queue-events.server'
import { searchQueue } from '~/server/queue-search.server'
import { submitReport } from '~/server/reports.server'
import { immediateReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let url: string
let drop: () => Promise<void>
const cipher = testCipher()

const TABY = '0160'
const DANDERYD = '0162'
const VELLINGE = '1233'
const NOW = new Date('2026-11-25T12:00:00Z')
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000)
const CHILD = '201403161233'
const several: Extract<StaffScope, { role: 'intake' }> = { role: 'intake', municipalityCodes: [TABY, DANDERYD] }

async function report(municipalityCode: string, receivedAt: Date, change: Record<string, unknown> = {}) {
  const fixture = immediateReport(municipalityCode, 'anonymous')
  // The same child in every report, by a personnummer that passes its check digit.
  const child = { ...fixture.subjects[0]!, personalIdentityNumber: CHILD }
  const { id } = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: { ...fixture, subjects: [child] }, receivedAt, language: 'sv' })
  if (Object.keys(change).length > 0) await db.updateTable('reports').set(change).where('id', '=', id).execute()
  return id
}

beforeAll(async () => {
  ;({ db, jobs, url, drop } = await createTestDatabase(inject('postgresUrl')))
  // 120 reports over Täby, Danderyd and Vellinge, levels mixed, some decided, some overdue.
  for (let n = 0; n < 120; n++) {
    const municipality = [TABY, DANDERYD, VELLINGE][n % 3]!
    await report(municipality, hoursBefore(n + 1), {
      level: (['immediate', 'urgent', 'standard'] as const)[n % 4 === 0 ? 0 : n % 4 === 1 ? 1 : 2],
      status: n % 5 === 0 ? 'decided' : n % 5 === 1 ? 'in_progress' : 'new',
      protection_assessment_due: hoursBefore(n - 3),
      protection_assessed_at: n % 2 === 0 ? hoursBefore(n) : null,
    })
  }
})
afterAll(() => drop())

/** Every report a scope may see, in queue order, read the plain way: what the merged pages must equal. */
async function expectedOrder(codes: string[], status: 'open' | 'all') {
  const rows = await db
    .selectFrom('reports')
    .select(['id'])
    .where('municipality_code', 'in', codes)
    .$if(status === 'open', (query) => query.where('status', 'in', ['new', 'in_progress']))
    .orderBy('level_rank')
    .orderBy('received_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => row.id)
}

describe('the intake queue of a staff member of several municipalities', () => {
  it.each(['open', 'all'] as const)('merges each municipality’s page into one queue order (%s), page after page', async (status) => {
    const shown: string[] = []
    let after: ReturnType<typeof decodeCursor> = null
    for (let page = 1; page <= 5; page++) {
      const { rows, next } = await listQueue(db, several, { status, level: 'all', after }, NOW)
      shown.push(...rows.map((row) => row.id))
      if (!next) break
      after = decodeCursor(next)
    }
    const expected = await expectedOrder([TABY, DANDERYD], status)
    // More than a page of 50, so the cursor is crossed at least once.
    expect(expected.length).toBeGreaterThan(50)
    expect(shown).toEqual(expected)
  })

  it('narrows to one municipality, and to none outside the scope', async () => {
    const { rows } = await listQueue(db, several, { status: 'all', level: 'all', municipality: DANDERYD, after: null }, NOW)
    expect(rows.map((row) => row.id)).toEqual(await expectedOrder([DANDERYD], 'all'))
    expect((await listQueue(db, several, { status: 'all', level: 'all', municipality: VELLINGE, after: null }, NOW)).rows).toEqual([])
  })

  it('counts the open reports by level, the overdue among them and the immediate ones not taken', async () => {
    const counts = await countQueue(db, several, {}, NOW)
    const open = await db
      .selectFrom('reports')
      .select(['level', 'status', 'protection_assessment_due', 'protection_assessed_at'])
      .where('municipality_code', 'in', [TABY, DANDERYD])
      .where('status', 'in', ['new', 'in_progress'])
      .execute()
    const overdue = open.filter((row) => row.protection_assessed_at === null && row.protection_assessment_due! < NOW)
    expect(counts).toEqual({
      immediate: open.filter((row) => row.level === 'immediate').length,
      urgent: open.filter((row) => row.level === 'urgent').length,
      standard: open.filter((row) => row.level === 'standard').length,
      overdue: overdue.length,
      waitingImmediate: open.filter((row) => row.level === 'immediate' && row.status === 'new').length,
    })
    expect(counts.overdue).toBeGreaterThan(0)
    // The overdue filter shows the same reports the count counts.
    const { rows } = await listQueue(db, several, { status: 'open', level: 'all', overdue: true, after: null }, NOW)
    expect(rows.length).toBe(Math.min(50, overdue.length))
    for (const row of rows) expect(row.protection_assessed_at === null && row.protection_assessment_due! < NOW).toBe(true)
  })
})

describe('the "new information" mark', () => {
  it('shows when the reporter added information, until a staff member reads the report', async () => {
    const id = await report(VELLINGE, hoursBefore(1), { level: 'immediate', reporter_update_at: hoursBefore(0.5) })
    const vellinge: Extract<StaffScope, { role: 'intake' }> = { role: 'intake', municipalityCodes: [VELLINGE] }
    const mark = async () => (await listQueue(db, vellinge, { status: 'open', level: 'immediate', after: null }, NOW)).rows.find((row) => row.id === id)?.newInformationAt
    expect(await mark()).toEqual(hoursBefore(0.5))
    // A read from before the addition does not count; one after it does.
    const staff = await staffId()
    await db
      .insertInto('audit_log')
      .values({ at: hoursBefore(0.75), staff_id: staff, action: 'report.view', report_id: id, details: '{}' })
      .execute()
    expect(await mark()).toEqual(hoursBefore(0.5))
    await db
      .insertInto('audit_log')
      .values({ at: hoursBefore(0.25), staff_id: staff, action: 'report.view', report_id: id, details: '{}' })
      .execute()
    expect(await mark()).toBeNull()
  })
})

describe('the search', () => {
  it('finds by personnummer only within the scope, and logs the search without the number', async () => {
    const found = await searchQueue(db, cipher, { scope: several, staffId: await staffId(), search: { kind: 'personalIdentityNumber', personalIdentityNumber: CHILD }, now: NOW })
    if (found.kind !== 'personalIdentityNumber') throw new Error('not a personnummer search')
    // The 50 newest of the 80 reports about the child in Täby and Danderyd; none of Vellinge's.
    const inScope = await db.selectFrom('reports').select('id').where('municipality_code', 'in', [TABY, DANDERYD]).orderBy('received_at', 'desc').limit(50).execute()
    expect(found.reports.map((row) => row.id)).toEqual(inScope.map((row) => row.id))
    const entry = await db.selectFrom('audit_log').select(['action', 'details']).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(entry.action).toBe('queue.search')
    expect(JSON.stringify(entry.details)).not.toContain('1403161233')
  })
})

describe('reading the intake queue', () => {
  it('records each read in the audit log, in the same statement, with what was asked and how many were shown', async () => {
    const staff = await staffId()
    const at = new Date('2026-11-25T12:00:01Z')
    const details = { status: 'all', level: 'all', municipality: null, overdue: false }
    const full = await listQueue(db, several, { status: 'all', level: 'all', after: null }, NOW, { staffId: staff, details, at })
    const empty = await listQueue(db, several, { status: 'all', level: 'all', municipality: VELLINGE, after: null }, NOW, {
      staffId: staff,
      details: { ...details, municipality: VELLINGE },
      at: new Date(at.getTime() + 1000),
    })
    // In scope, but past the last report: the statement still writes its row.
    const pastTheEnd = await listQueue(db, several, { status: 'all', level: 'all', after: { rank: 9, receivedAt: NOW.toISOString(), id: randomUUID() } }, NOW, {
      staffId: staff,
      details,
      at: new Date(at.getTime() + 2000),
    })
    expect(pastTheEnd.rows).toEqual([])
    // The same page as without the audit, in the same order.
    expect(full.rows.map((row) => row.id)).toEqual((await listQueue(db, several, { status: 'all', level: 'all', after: null }, NOW)).rows.map((row) => row.id))
    expect(full.rows).toHaveLength(50)
    expect(empty.rows).toEqual([])
    const logged = await db.selectFrom('audit_log').select(['staff_id', 'action', 'report_id', 'details', 'at']).where('at', '>=', at).orderBy('at').execute()
    expect(logged).toEqual([
      { staff_id: staff, action: 'queue.list', report_id: null, details: { ...details, shown: 50 }, at },
      { staff_id: staff, action: 'queue.list', report_id: null, details: { ...details, municipality: VELLINGE, shown: 0 }, at: new Date(at.getTime() + 1000) },
      { staff_id: staff, action: 'queue.list', report_id: null, details: { ...details, shown: 0 }, at: new Date(at.getTime() + 2000) },
    ])
  })
})

async function staffId() {
  const row = await db.selectFrom('staff_users').select('id').where('role', '=', 'intake').executeTakeFirst()
  if (row) return row.id
  return (
    await db.insertInto('staff_users').values({ email: 'intake@test.invalid', name: 'Intake Test', password_hash: 'x', role: 'intake' }).returning('id').executeTakeFirstOrThrow()
  ).id
}

describe('the change feed', () => {
  let feed: QueueFeed
  beforeAll(() => {
    feed = startQueueFeed(url, (error) => console.error(error))
  })
  afterAll(() => feed.stop())

  it("tells a queue's listeners within a second that a report arrived or changed, and nobody else", async () => {
    const heard: string[] = []
    const stopTaby = feed.subscribe(queueKeys({ role: 'intake', municipalityCodes: [TABY] }), () => heard.push('taby'))
    const stopJour = feed.subscribe(queueKeys({ role: 'jour', jourId: 'nordost', now: NOW }), () => heard.push('nordost'))
    const stopVellinge = feed.subscribe(queueKeys({ role: 'intake', municipalityCodes: [VELLINGE] }), () => heard.push('vellinge'))
    // The LISTEN is set up asynchronously: wait until a change is heard at all (Danderyd's queue, which none of the three is).
    const probe: string[] = []
    const stopProbe = feed.subscribe(queueKeys({ role: 'intake', municipalityCodes: [DANDERYD] }), () => probe.push('danderyd'))
    await expect.poll(async () => (await report(DANDERYD, NOW), probe.length), { timeout: 5000 }).toBeGreaterThan(0)
    stopProbe()
    expect(heard).toEqual([])
    const id = await report(TABY, NOW)
    await expect.poll(() => heard.includes('taby'), { timeout: 1000 }).toBe(true)
    expect(heard).not.toContain('vellinge')
    heard.length = 0
    // Handed to the jour: its queue hears it too; a transfer is heard by both municipalities.
    await db.updateTable('reports').set({ destination: 'jour', destination_jour_id: 'nordost', routing_reason: 'after-hours' }).where('id', '=', id).execute()
    await expect.poll(() => heard.includes('nordost'), { timeout: 1000 }).toBe(true)
    heard.length = 0
    await db.updateTable('reports').set({ municipality_code: VELLINGE }).where('id', '=', id).execute()
    await expect.poll(() => heard.includes('vellinge') && heard.includes('taby'), { timeout: 1000 }).toBe(true)
    stopTaby()
    stopJour()
    stopVellinge()
  })

  it('carries nothing about the report: only which queue changed', async () => {
    const pg = await import('pg')
    const client = new pg.default.Client({ connectionString: url })
    await client.connect()
    const payloads: string[] = []
    client.on('notification', (message) => payloads.push(message.payload ?? ''))
    await client.query('listen queue_changed')
    await report(TABY, NOW)
    await expect.poll(() => payloads.length, { timeout: 1000 }).toBeGreaterThan(0)
    await client.end()
    for (const payload of payloads) expect(payload).toMatch(/^(m:\d{4}|j:[a-z0-9-]+)$/)
  })
})
