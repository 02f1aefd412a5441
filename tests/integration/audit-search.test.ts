import { randomUUID } from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { formatReference } from '~/domain/reference'
import { loader as auditLoader } from '~/routes/personal.granskning'
import { loader as auditCsvLoader } from '~/routes/personal.granskning[.csv]'
import { startSession } from '~/server/auth.server'
import { audit, auditEntries, listAudit, type AuditAction } from '~/server/audit.server'
import { readConfig } from '~/server/config.server'
import type { Db } from '~/server/db.server'
import type { Jobs } from '~/server/jobs.server'
import { submitReport } from '~/server/reports.server'
import { seedDemoStaff } from '~/server/seed.server'
import { staffCookie } from '~/server/staff-session.server'
import { immediateReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let drop: () => Promise<void>
const cipher = testCipher()
const config = readConfig({ NODE_ENV: 'test' })
const now = new Date('2026-11-24T09:10:00Z')
const staff: Record<string, string> = {}
const EMAILS = { taby: 'mottagning.taby@demo.orosanmalan.se', jour: 'jour.nordost@demo.orosanmalan.se', auditor: 'granskare@demo.orosanmalan.se' } as const
type Who = keyof typeof EMAILS
let first: { id: string; reference: string }
let second: { id: string; reference: string }

beforeAll(async () => {
  ;({ db, jobs, drop } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
  for (const [who, email] of Object.entries(EMAILS)) staff[who] = (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  const submit = () => submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: immediateReport('0160', 'anonymous'), receivedAt: now, language: 'sv' })
  first = await submit()
  second = await submit()
  // Three days of Täby's intake and the jour: 22, 23 and 24 November, Stockholm time.
  const entry = (who: Who, action: AuditAction, at: string, reportId: string | null = null) => audit(db, { staffId: staff[who]!, action, reportId, at: new Date(at) })
  await entry('taby', 'queue.list', '2026-11-22T08:00:00Z')
  await entry('taby', 'report.view', '2026-11-22T08:01:00Z', first.id)
  await entry('jour', 'report.view', '2026-11-22T22:30:00Z', second.id)
  await entry('taby', 'report.print', '2026-11-23T09:00:00Z', first.id)
  await entry('jour', 'report.acknowledge', '2026-11-23T22:59:59Z', second.id)
  await entry('taby', 'report.view', '2026-11-24T07:00:00Z', second.id)
  await db
    .insertInto('audit_log')
    .values({
      at: new Date('2026-11-24T08:00:00Z'),
      staff_id: staff.jour!,
      action: 'security.outOfScope',
      report_id: first.id,
      details: JSON.stringify({ kind: 'report', id: first.id, method: 'read' }),
    })
    .execute()
})
afterAll(() => drop())

function appContext(): AppLoadContext {
  return { db, cipher, config, jobs, now: () => now, cspNonce: '', clientAddress: '127.0.0.1', fromLoopback: true } as unknown as AppLoadContext
}

async function asAuditor(path: string) {
  const { token } = await startSession(db, staff.auditor!, now, true)
  return new Request(`http://localhost${path}`, { headers: { Cookie: await staffCookie(config).serialize(token) } })
}

const actionsOf = (rows: Array<{ action: string }>) => rows.map((row) => row.action)

describe('searching the audit log', () => {
  it('narrows by staff member, reference, kind of event and days, each alone and together', async () => {
    const search = async (filter: Parameters<typeof listAudit>[1]['filter']) => actionsOf(await listAudit(db, { limit: 100, filter }))
    expect(await search({ staffId: staff.jour })).toEqual(['security.outOfScope', 'report.acknowledge', 'report.view'])
    expect(await search({ reference: first.reference })).toEqual(['security.outOfScope', 'report.print', 'report.view'])
    expect(await search({ action: 'report.view' })).toHaveLength(3)
    expect(await search({ securityOnly: true })).toEqual(['security.outOfScope'])
    // 23 November in Stockholm: from its midnight (22nd, 23:00 UTC) up to the next.
    expect(await search({ from: new Date('2026-11-22T23:00:00Z'), to: new Date('2026-11-23T23:00:00Z') })).toEqual(['report.acknowledge', 'report.print'])
    expect(await search({ staffId: staff.taby, reference: second.reference, action: 'report.view' })).toEqual(['report.view'])
    expect(await search({ staffId: staff.auditor, reference: first.reference })).toEqual([])
  })

  it('pages by keyset, newest first, every entry once', async () => {
    const seen: string[] = []
    let before: string | undefined
    for (;;) {
      const page = await auditEntries(db, { limit: 2, before, filter: { staffId: staff.taby } })
      seen.push(...page.rows.map((row) => row.id))
      if (!page.older) break
      before = page.older
    }
    expect(seen).toHaveLength(4)
    expect(new Set(seen).size).toBe(4)
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen)
  })

  it("is the auditor's page: a GET search, logged with its filters, its errors said per field", async () => {
    const reference = formatReference(first.reference)
    const page = await auditLoader({
      request: await asAuditor(`/personal/granskning?arende=${reference.toLowerCase()}&fran=2026-11-23&till=2026-11-24`),
      context: appContext(),
      params: {},
    })
    expect(page.errors).toEqual([])
    expect(page.rows.map((row) => [row.action, row.subject])).toEqual([
      ['security.outOfScope', { reference }],
      ['report.print', { reference }],
    ])
    const logged = await db.selectFrom('audit_log').select('details').where('action', '=', 'audit.view').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(logged.details).toEqual({ reference: reference.toLowerCase(), from: '2026-11-23', to: '2026-11-24' })

    const wrong = await auditLoader({ request: await asAuditor('/personal/granskning?arende=198001011234&till=igar'), context: appContext(), params: {} })
    expect(wrong.errors.map((error) => error.field)).toEqual(['reference', 'to'])
    expect(wrong.rows).toEqual([])
    // A cursor the service did not write is a bad address.
    await expect(auditLoader({ request: await asAuditor('/personal/granskning?fore=1;drop'), context: appContext(), params: {} })).rejects.toMatchObject({ init: { status: 400 } })
  })

  it('exports the search as CSV, and the export is itself in the log', async () => {
    const response = await auditCsvLoader({ request: await asAuditor(`/personal/granskning.csv?personal=${staff.jour}`), context: appContext(), params: {} })
    expect(response.headers.get('Content-Type')).toContain('text/csv')
    const bytes = new Uint8Array(await response.arrayBuffer())
    // A byte-order mark first, so Excel reads å, ä and ö.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).split('\r\n')
    expect(lines[0]).toBe('Tid;Namn;E-postadress;Händelse;Säkerhetshändelse;Ärende eller det händelsen gällde')
    expect(lines.slice(1, -1)).toEqual([
      `2026-11-24 09:00:00;Jonas Jour (Nordost);${EMAILS.jour};Försökte nå något utanför sin behörighet;Ja;${formatReference(first.reference)}`,
      `2026-11-23 23:59:59;Jonas Jour (Nordost);${EMAILS.jour};Kvitterade anmälan;;${formatReference(second.reference)}`,
      `2026-11-22 23:30:00;Jonas Jour (Nordost);${EMAILS.jour};Läste anmälan;;${formatReference(second.reference)}`,
    ])
    const logged = await db.selectFrom('audit_log').select(['staff_id', 'details']).where('action', '=', 'audit.export').executeTakeFirstOrThrow()
    expect(logged).toEqual({ staff_id: staff.auditor, details: { staffId: staff.jour, rows: 3 } })
    await expect(auditCsvLoader({ request: await asAuditor('/personal/granskning.csv?fran=i-morgon'), context: appContext(), params: {} })).rejects.toMatchObject({
      init: { status: 400 },
    })
  })
})
