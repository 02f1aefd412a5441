import { randomUUID } from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CompleteReport } from '~/domain/report-flow'
import type { StaffScope } from '~/domain/scope'
import { loader as driftLoader } from '~/routes/personal.drift'
import { action as preNoticeAction, loader as preNoticeLoader } from '~/routes/personal.foranmalningar.$id'
import { loader as preNoticesLoader } from '~/routes/personal.foranmalningar._index'
import { loader as auditLoader } from '~/routes/personal.granskning'
import { loader as jourLoader } from '~/routes/personal.jourer.$id'
import { loader as municipalityLoader } from '~/routes/personal.kommuner.$code'
import { loader as accountLoader } from '~/routes/personal.konton.$id'
import { loader as reportLoader } from '~/routes/personal.anmalan.$id/route'
import { startSession } from '~/server/auth.server'
import { OUT_OF_SCOPE } from '~/server/audit.server'
import { readConfig } from '~/server/config.server'
import type { Db } from '~/server/db.server'
import type { Jobs } from '~/server/jobs.server'
import { QUEUES } from '~/server/jobs.server'
import { operationsOverview } from '~/server/operations.server'
import { activePreNoticesAbout, createPreNotice, listPreNotices, readPreNotice, updatePreNotice, withdrawPreNotice } from '~/server/pre-notices.server'
import { submitReport } from '~/server/reports.server'
import { seedDemoStaff } from '~/server/seed.server'
import { staffCookie } from '~/server/staff-session.server'
import { immediateReport, professionalReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let drop: () => Promise<void>
const cipher = testCipher()
const config = readConfig({ NODE_ENV: 'test' })
const now = new Date('2026-11-24T09:10:00Z')
const staff: Record<string, string> = {}

const EMAILS = {
  taby: 'mottagning.taby@demo.orosanmalan.se',
  vellinge: 'mottagning.vellinge@demo.orosanmalan.se',
  jour: 'jour.nordost@demo.orosanmalan.se',
  adminNordost: 'admin.nordost@demo.orosanmalan.se',
  adminSyd: 'admin.syd@demo.orosanmalan.se',
  auditor: 'granskare@demo.orosanmalan.se',
} as const
type Who = keyof typeof EMAILS

const TABY: StaffScope = { role: 'intake', municipalityCodes: ['0160'] }
const VELLINGE: StaffScope = { role: 'intake', municipalityCodes: ['1233'] }
const NORDOST_JOUR: StaffScope = { role: 'jour', jourId: 'nordost', now }

const notice = (personalIdentityNumber: string) => ({
  personName: 'Ella Svensson',
  personalIdentityNumber,
  validFrom: '2026-11-20',
  validTo: '2026-11-30',
  background: 'Pappan har hotat att hämta barnen.',
  plan: 'Ring mamman först',
  contact: 'Mottagningen, 08-555 000',
})

beforeAll(async () => {
  ;({ db, jobs, drop } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
  for (const [who, email] of Object.entries(EMAILS)) {
    staff[who] = (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  }
})
afterAll(() => drop())

function appContext(): AppLoadContext {
  return { db, cipher, config, jobs, now: () => now, cspNonce: '', clientAddress: '127.0.0.1', fromLoopback: true } as unknown as AppLoadContext
}

/** A request from a signed-in staff member (both factors), as the browser sends it. */
async function signedIn(who: Who, path: string, init: { method?: string; form?: Record<string, string> } = {}) {
  const { token, session } = await startSession(db, staff[who]!, now, true)
  const headers = new Headers({ Cookie: await staffCookie(config).serialize(token) })
  if (!init.form) return new Request(`http://localhost${path}`, { method: init.method ?? 'GET', headers })
  headers.set('Content-Type', 'application/x-www-form-urlencoded')
  return new Request(`http://localhost${path}`, { method: 'POST', headers, body: new URLSearchParams({ csrf: session.csrfToken, ...init.form }).toString() })
}

async function auditOf(who: Who) {
  return db.selectFrom('audit_log').select(['action', 'report_id', 'details']).where('staff_id', '=', staff[who]!).orderBy('id').execute()
}

async function lastSecurityEvent(who: Who) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'action', 'report_id', 'details'])
    .where('staff_id', '=', staff[who]!)
    .where('action', '=', OUT_OF_SCOPE)
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

/** Runs a loader or an action that must answer 404, and returns the security event it recorded. */
async function refused(who: Who, run: () => Promise<unknown>) {
  const before = (await lastSecurityEvent(who))?.id
  await expect(run()).rejects.toMatchObject({ init: { status: 404 } })
  const event = await lastSecurityEvent(who)
  expect(event?.id, 'a new security event').not.toBe(before)
  return event!
}

async function submit(report: CompleteReport, receivedAt = now) {
  return submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report, receivedAt, language: 'sv' })
}

describe('pre-notices in the audit log', () => {
  it('records each create, list, read, edit and withdrawal, with the pre-notice but nothing it says', async () => {
    const id = await createPreNotice(db, cipher, { municipalityCode: '0160', staffId: staff.taby!, notice: notice('201504121235'), now })
    expect((await listPreNotices(db, cipher, TABY, { staffId: staff.taby!, now })).map((row) => row.id)).toContain(id)
    expect((await readPreNotice(db, cipher, TABY, { staffId: staff.taby!, id, now }))?.plan).toBe('Ring mamman först')
    expect(await updatePreNotice(db, cipher, TABY, { id, staffId: staff.taby!, notice: { ...notice('201504121235'), plan: 'Ring pappan' }, now })).toBe('done')
    expect(await withdrawPreNotice(db, cipher, TABY, { id, staffId: staff.taby!, now })).toBe('done')
    expect(await withdrawPreNotice(db, cipher, TABY, { id, staffId: staff.taby!, now })).toBe('notEditable')

    const entries = (await auditOf('taby')).filter((entry) => entry.action.startsWith('preNotice.'))
    expect(entries.map((entry) => entry.action)).toEqual(['preNotice.create', 'preNotice.list', 'preNotice.view', 'preNotice.edit', 'preNotice.withdraw'])
    for (const entry of entries.filter((entry) => entry.action !== 'preNotice.list')) expect(entry.details).toEqual({ preNoticeId: id, municipalityCode: '0160' })
    expect(entries[1]!.details).toMatchObject({ preNoticeIds: [id] })
    const stored = JSON.stringify(entries)
    for (const typed of ['Ella', '20150412', 'hotat', 'Ring', '555']) expect(stored).not.toContain(typed)
  })

  it("records the jour's reads of its members' pre-notices, and a pre-notice shown at the top of a report, naming that report", async () => {
    const id = await createPreNotice(db, cipher, { municipalityCode: '0160', staffId: staff.taby!, notice: notice('201803142384'), now })
    expect((await listPreNotices(db, cipher, NORDOST_JOUR, { staffId: staff.jour!, now })).map((row) => row.id)).toContain(id)
    expect(await readPreNotice(db, cipher, NORDOST_JOUR, { staffId: staff.jour!, id, now })).not.toBeNull()
    const report = await submit(immediateReport('0160'))
    const shown = await activePreNoticesAbout(db, cipher, TABY, ['201803142384'], { staffId: staff.taby!, reportId: report.id, now })
    expect(shown.map((row) => row.id)).toEqual([id])
    // Nothing shown, nothing logged.
    await activePreNoticesAbout(db, cipher, TABY, ['190001019802'], { staffId: staff.taby!, reportId: report.id, now })

    expect((await auditOf('jour')).map((entry) => entry.action)).toEqual(['preNotice.list', 'preNotice.view'])
    const onReport = (await auditOf('taby')).filter((entry) => (entry.details as { shownOnReport?: string }).shownOnReport === report.id)
    expect(onReport).toEqual([{ action: 'preNotice.view', report_id: null, details: { preNoticeId: id, municipalityCode: '0160', shownOnReport: report.id } }])
  })

  it('records the list and the read through the pages too', async () => {
    const id = await createPreNotice(db, cipher, { municipalityCode: '0160', staffId: staff.taby!, notice: notice('201504121235'), now })
    await preNoticesLoader({ request: await signedIn('taby', '/personal/foranmalningar'), context: appContext(), params: {} })
    await preNoticeLoader({ request: await signedIn('taby', `/personal/foranmalningar/${id}`), context: appContext(), params: { id } })
    const [list, read] = (await auditOf('taby')).slice(-2)
    expect(list!.action).toBe('preNotice.list')
    expect(read).toEqual({ action: 'preNotice.view', report_id: null, details: { preNoticeId: id, municipalityCode: '0160' } })
  })
})

describe('an out-of-scope attempt by a signed-in staff member', () => {
  it("is a 404 and a security event for another municipality's report, with the report named for the auditor", async () => {
    const vellinge = await submit(professionalReport)
    const event = await refused('taby', async () =>
      reportLoader({ request: await signedIn('taby', `/personal/anmalan/${vellinge.id}`), context: appContext(), params: { id: vellinge.id } }),
    )
    expect(event).toMatchObject({ action: OUT_OF_SCOPE, report_id: vellinge.id, details: { kind: 'report', id: vellinge.id, method: 'read' } })
  })

  it("is a security event for another municipality's pre-notice, read or withdrawn", async () => {
    const id = await createPreNotice(db, cipher, { municipalityCode: '1233', staffId: staff.vellinge!, notice: notice('201504121235'), now })
    const read = await refused('taby', async () => preNoticeLoader({ request: await signedIn('taby', `/personal/foranmalningar/${id}`), context: appContext(), params: { id } }))
    expect(read.details).toEqual({ kind: 'preNotice', id, method: 'read' })
    const withdraw = await refused('taby', async () =>
      preNoticeAction({ request: await signedIn('taby', `/personal/foranmalningar/${id}`, { form: { intent: 'withdraw' } }), context: appContext(), params: { id } }),
    )
    expect(withdraw.details).toEqual({ kind: 'preNotice', id, method: 'write' })
    expect((await readPreNotice(db, cipher, VELLINGE, { staffId: staff.vellinge!, id, now }))?.withdrawn_at).toBeNull()
  })

  it('is a security event for a page of another role, named by the page, not by what follows it', async () => {
    const event = await refused('jour', async () => driftLoader({ request: await signedIn('jour', '/personal/drift?x=1'), context: appContext(), params: {} }))
    expect(event.details).toEqual({ kind: 'page', id: '/personal/drift', method: 'read' })
    const deeper = await refused('taby', async () =>
      accountLoader({ request: await signedIn('taby', '/personal/konton/19800101-1234'), context: appContext(), params: { id: '19800101-1234' } }),
    )
    expect(deeper.details).toEqual({ kind: 'page', id: '/personal/konton', method: 'read' })
  })

  it("is a security event for another region's jour, municipality or account, and a made-up id is not kept", async () => {
    const jour = await refused('adminNordost', async () =>
      jourLoader({ request: await signedIn('adminNordost', '/personal/jourer/syd'), context: appContext(), params: { id: 'syd' } }),
    )
    expect(jour.details).toEqual({ kind: 'jour', id: 'syd', method: 'read' })
    const municipality = await refused('adminNordost', async () =>
      municipalityLoader({ request: await signedIn('adminNordost', '/personal/kommuner/1233'), context: appContext(), params: { code: '1233' } }),
    )
    expect(municipality.details).toEqual({ kind: 'municipality', id: '1233', method: 'read' })
    const account = await refused('adminNordost', async () =>
      accountLoader({ request: await signedIn('adminNordost', `/personal/konton/${staff.vellinge}`), context: appContext(), params: { id: staff.vellinge! } }),
    )
    expect(account.details).toEqual({ kind: 'account', id: staff.vellinge, method: 'read' })
    // Whatever was typed in place of an id may be a personnummer: only the attempt is kept.
    const typed = await refused('taby', async () =>
      reportLoader({ request: await signedIn('taby', '/personal/anmalan/198001011234'), context: appContext(), params: { id: '198001011234' } }),
    )
    expect(typed).toMatchObject({ report_id: null, details: { kind: 'report', id: null, method: 'read' } })
    expect(JSON.stringify(await auditOf('taby'))).not.toContain('198001011234')
  })

  it('is shown to the auditor, marked as a security event, and can be listed alone', async () => {
    await refused('jour', async () => driftLoader({ request: await signedIn('jour', '/personal/drift'), context: appContext(), params: {} }))
    const all = await auditLoader({ request: await signedIn('auditor', '/personal/granskning'), context: appContext(), params: {} })
    const event = all.rows.find((row) => row.action === OUT_OF_SCOPE)
    expect(event).toMatchObject({ security: true, staff: expect.stringContaining('Jonas Jour'), subject: { kind: 'page', id: '/personal/drift' } })
    expect(all.rows.some((row) => !row.security)).toBe(true)
    const securityOnly = await auditLoader({ request: await signedIn('auditor', '/personal/granskning?sakerhet=1'), context: appContext(), params: {} })
    expect(securityOnly.rows.length).toBeGreaterThan(0)
    expect(securityOnly.rows.every((row) => row.security)).toBe(true)
    const report = securityOnly.rows.find((row) => row.subject && 'reference' in row.subject)
    expect(report, 'the report attempt names the reference').toBeDefined()
  })
})

describe('dead letters on the operations page', () => {
  it("shows an administrator only their region's: reports of their municipalities or jours, their intake units' summaries, invitations to their accounts", async () => {
    const taby = await submit(immediateReport('0160'))
    const vellinge = await submit(professionalReport)
    // Monday 22:40 in Lidingö: after hours, to the Nordost jour.
    const lidingo = await submit(immediateReport('0186'), new Date('2026-11-23T21:40:00Z'))
    expect((await db.selectFrom('reports').select('destination_jour_id').where('id', '=', lidingo.id).executeTakeFirstOrThrow()).destination_jour_id).toBe('nordost')
    const invitation = async (email: string) =>
      (
        await db
          .insertInto('staff_invitations')
          .values({ staff_id: (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id, created_at: now, expires_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const letters = {
      tabyPage: { reportId: taby.id, step: 0, anchor: now.toISOString() },
      lidingoPage: { reportId: lidingo.id, step: 1, anchor: now.toISOString() },
      tabyAlert: { kind: 'intakeAlert', key: `intake-alert:${taby.id}`, reportId: taby.id, to: 'x@test.invalid' },
      vellingeFeedback: { kind: 'feedback', key: `feedback:${vellinge.id}:open`, reportId: vellinge.id },
      tabySummary: { kind: 'morningSummary', key: 'summary:0160', municipalityCode: '0160', to: 'x@test.invalid', windowStart: '', windowEnd: '' },
      vellingeSummary: { kind: 'morningSummary', key: 'summary:1233', municipalityCode: '1233', to: 'x@test.invalid', windowStart: '', windowEnd: '' },
      tabyInvitation: { kind: 'invitation', key: 'invitation:taby', invitationId: await invitation(EMAILS.taby), to: 'x@test.invalid' },
      vellingeInvitation: { kind: 'invitation', key: 'invitation:vellinge', invitationId: await invitation(EMAILS.vellinge), to: 'x@test.invalid' },
      jourInvitation: { kind: 'invitation', key: 'invitation:jour', invitationId: await invitation(EMAILS.jour), to: 'x@test.invalid' },
      auditorInvitation: { kind: 'invitation', key: 'invitation:auditor', invitationId: await invitation(EMAILS.auditor), to: 'x@test.invalid' },
    }
    const ids = new Map<string, string>()
    for (const [name, data] of Object.entries(letters)) ids.set((await jobs.boss.send(QUEUES.deadLetter, data))!, name)
    const seen = async (codes: string[]) =>
      (await operationsOverview(db, jobs, codes, now)).deadLetters
        .map((letter) => ids.get(letter.id))
        .filter(Boolean)
        .sort()

    const nordost = ['0115', '0117', '0160', '0162', '0186', '0187', '0188']
    const syd = ['1233', '1291', '1265', '1264', '1230', '1263', '1270', '1286', '1287']
    expect(await seen(nordost)).toEqual(['jourInvitation', 'lidingoPage', 'tabyAlert', 'tabyInvitation', 'tabyPage', 'tabySummary'])
    expect(await seen(syd)).toEqual(['vellingeFeedback', 'vellingeInvitation', 'vellingeSummary'])
    // The jour and its accounts are its host municipality's (Vallentuna) to keep; a member municipality sees its own reports' failures.
    expect(await seen(['0115'])).toEqual(['jourInvitation', 'lidingoPage'])
    expect(await seen(['0160'])).toEqual(['tabyAlert', 'tabyInvitation', 'tabyPage', 'tabySummary'])
  })
})
