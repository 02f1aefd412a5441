import { randomUUID } from 'node:crypto'
import { Validator } from '@seriousme/openapi-schema-validator'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { OPENAPI_DOCUMENT } from '~/domain/api-openapi'
import type { CompleteReport } from '~/domain/report-flow'
import { changeClient, createClient } from '~/server/api-clients.server'
import { auditEntries } from '~/server/audit.server'
import { recordCasework } from '~/server/casework.server'
import { readConfig } from '~/server/config.server'
import { createCipher } from '~/server/crypto.server'
import { createDb, type Db } from '~/server/db.server'
import { startJobs, type Jobs } from '~/server/jobs.server'
import { submitReport } from '~/server/reports.server'
import { sealText } from '~/server/staff-report.server'
import { startSession } from '~/server/auth.server'
import { staffCookie } from '~/server/staff-session.server'
import { immediateReport, professionalReport } from '../fixtures/reports'
import { startApp, type RunningApp } from '../support/app-server'
import { createEmptyDatabase } from '../support/postgres'

/**
 * The export API over HTTP against the real app and PostgreSQL: a case system's whole cycle,
 * scope, revoked and rotated clients, expired tokens, hostile input, rate limits, the audit
 * log, and the OpenAPI document checked against what the routes answer.
 */

const API_PER_MINUTE = 60

let app: RunningApp
let database: Awaited<ReturnType<typeof createEmptyDatabase>>
let db: Db
let jobs: Jobs
// The app runs with the default (demo) keys of a test configuration; the test reads and writes with the same.
const config = readConfig({ NODE_ENV: 'test' })
const cipher = createCipher(config)
const staff: Record<string, string> = {}

beforeAll(async () => {
  database = await createEmptyDatabase(inject('postgresUrl'))
  app = await startApp({
    DATABASE_URL: database.url,
    RATE_LIMIT_API_PER_MINUTE: String(API_PER_MINUTE),
    RATE_LIMIT_API_TOKENS_PER_MINUTE: '1000',
    // Request lines too, so the test can show that nothing of a report or a secret reaches the log.
    LOG_LEVEL: 'info',
  })
  db = createDb(database.url, { max: 4 })
  jobs = await startJobs(database.url, { role: 'web' }, () => {})
  const emails = {
    taby: 'mottagning.taby@demo.orosanmalan.se',
    vellinge: 'mottagning.vellinge@demo.orosanmalan.se',
    admin: 'admin.nordost@demo.orosanmalan.se',
    adminSyd: 'admin.syd@demo.orosanmalan.se',
  }
  for (const [who, email] of Object.entries(emails)) staff[who] = (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
}, 120_000)

afterAll(async () => {
  await jobs?.boss.stop({ graceful: false, timeout: 1000 })
  await db?.destroy()
  await app?.stop()
  await database?.drop()
})

/** A report submitted and, unless `decidedAt` is null, given its initial assessment at that instant. */
async function report(report: CompleteReport, decidedAt: Date | null = new Date('2026-11-25T13:00:00Z')) {
  const { id } = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report, receivedAt: new Date('2026-11-24T09:10:00Z'), language: 'sv' })
  if (decidedAt) {
    const intake = report.municipalityCode === '1233' ? staff.vellinge! : staff.taby!
    const scope = { role: 'intake' as const, municipalityCodes: [report.municipalityCode] }
    const decided = await recordCasework(db, jobs, {
      scope,
      staffId: intake,
      reportId: id,
      act: { kind: 'initialAssessment', initialAssessment: 'open', reason: 'Uppgifterna behöver utredas.' },
      now: decidedAt,
      seal: sealText(cipher),
    })
    // Täby's demo intake worker keeps only Täby: other municipalities of the region are decided in the database's own words.
    if (!decided) await db.updateTable('reports').set({ status: 'decided', decision: 'open', decided_at: decidedAt }).where('id', '=', id).execute()
  }
  const { reference } = await db.selectFrom('reports').select('reference').where('id', '=', id).executeTakeFirstOrThrow()
  return { id, reference }
}

async function client(municipalityCodes: string[], name = 'Treserva') {
  const created = await createClient(db, cipher, {
    adminId: staff.admin!,
    keeperCodes: municipalityCodes,
    name,
    municipalityCodes,
    webhookUrl: null,
    creationKey: randomUUID(),
    now: new Date(),
  })
  if (created === 'notKept' || 'already' in created) throw new Error('not made')
  return created as { id: string; clientId: string; secret: string }
}

interface Answer {
  status: number
  headers: Headers
  text: string
  json: () => Record<string, unknown>
  bytes: Buffer
}

async function call(
  path: string,
  init: { method?: string; token?: string; body?: string | Uint8Array; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json'
  const response = await fetch(`${app.baseURL}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body as BodyInit | undefined,
    redirect: 'manual',
  })
  const bytes = Buffer.from(await response.arrayBuffer())
  const text = bytes.toString('utf8')
  return { status: response.status, headers: response.headers, text, bytes, json: () => JSON.parse(text) as Record<string, unknown> }
}

const basic = (clientId: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`

async function token(credentials: { clientId: string; secret: string }): Promise<string> {
  const answer = await call('/token', {
    body: 'grant_type=client_credentials',
    contentType: 'application/x-www-form-urlencoded',
    headers: { authorization: basic(credentials.clientId, credentials.secret) },
  })
  expect(answer.status, answer.text).toBe(200)
  return answer.json().access_token as string
}

const register = (id: string, accessToken: string, body: unknown) => call(`/reports/${id}/registration`, { token: accessToken, body: JSON.stringify(body) })

async function readyIds(accessToken: string, query = ''): Promise<string[]> {
  const answer = await call(`/reports?status=ready${query}`, { token: accessToken })
  expect(answer.status, answer.text).toBe(200)
  return (answer.json().items as Array<{ id: string }>).map((item) => item.id)
}

async function auditOf(apiClientId: string) {
  return db.selectFrom('audit_log').select(['action', 'report_id', 'details', 'staff_id']).where('api_client_id', '=', apiClientId).orderBy('id').execute()
}

// One validator of every schema in the OpenAPI document, as a client generated from it would check.
const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addSchema({ $id: 'https://orosanmalan.invalid/openapi.json', components: OPENAPI_DOCUMENT.components })
function expectSchema(name: string, body: unknown) {
  const validate = ajv.compile({ $ref: `https://orosanmalan.invalid/openapi.json#/components/schemas/${name}` })
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true)
}

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise
  const pages: string[] = []
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  await pdf.loadingTask.destroy()
  return pages.join('\n')
}

describe('a case system registers a decided report', () => {
  it('takes a token, lists, reads the JSON and the PDF, registers, and the report leaves the list and shows on the staff page', async () => {
    const undecided = await report(immediateReport('0160'), null)
    const older = await report(immediateReport('0160'), new Date('2026-11-25T08:00:00Z'))
    const ready = await report(immediateReport('0160'), new Date('2026-11-25T09:00:00Z'))
    const elsewhere = await report(professionalReport)
    const treserva = await client(['0160'], 'Treserva Täby')
    const accessToken = await token(treserva)

    const listed = await readyIds(accessToken)
    expect(listed.indexOf(older.id)).toBeGreaterThanOrEqual(0)
    // Oldest decision first; neither the undecided report nor Vellinge's is there.
    expect(listed.indexOf(older.id)).toBeLessThan(listed.indexOf(ready.id))
    expect(listed).not.toContain(undecided.id)
    expect(listed).not.toContain(elsewhere.id)

    const read = await call(`/reports/${ready.id}`, { token: accessToken })
    expect(read.status).toBe(200)
    expect(read.headers.get('content-type')).toMatch(/^application\/json/)
    const json = read.json()
    expectSchema('Report', json)
    expect(json).toMatchObject({
      id: ready.id,
      municipality: { code: '0160', name: 'Täby' },
      status: 'decided',
      description: 'Jag hör skrik och slag från lägenheten bredvid just nu, ett barn gråter.',
      triage: { level: 'immediate' },
      initialAssessment: { decision: 'open', decidedAt: '2026-11-25T09:00:00.000Z' },
      reporter: { kind: 'private', anonymous: false, name: 'Bodil Granne', phone: '070-111 22 33', relation: 'granne' },
      registration: null,
    })
    expect((json.people as Array<Record<string, unknown>>)[0]).toMatchObject({
      name: 'Noah Andersson',
      personalIdentityNumber: '201803142384',
      whereabouts: 'Lindvägen 7, lgh 1102',
    })
    expect((json.triage as { rules: Array<{ id: string; description: string }> }).rules).toContainEqual({
      id: 'safety.dangerNow.yes',
      description: expect.stringContaining('fara'),
    })
    expect((json.timeline as Array<{ kind: string }>).map((event) => event.kind)).toEqual(expect.arrayContaining(['decision']))

    const pdf = await call(`/reports/${ready.id}/pdf`, { token: accessToken })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(await pdfText(pdf.bytes)).toContain(json.reference as string)

    const registration = { diaryNumber: 'SN 2026/1234', caseId: 'TRE-998877' }
    const first = await register(ready.id, accessToken, registration)
    expect(first.status, first.text).toBe(200)
    expectSchema('RegistrationResponse', first.json())
    expect(first.json()).toMatchObject({ reportId: ready.id, ...registration, clientName: 'Treserva Täby' })
    // A retry after a lost answer is the same registration; other values are a conflict.
    const again = await register(ready.id, accessToken, registration)
    expect(again.status).toBe(200)
    expect(again.json()).toEqual(first.json())
    const other = await register(ready.id, accessToken, { diaryNumber: 'SN 2026/9999', caseId: 'TRE-1' })
    expect(other.status).toBe(409)
    expect(other.json()).toMatchObject({ code: 'already_registered' })
    const notDecided = await register(undecided.id, accessToken, registration)
    expect(notDecided.status).toBe(409)
    expect(notDecided.json()).toMatchObject({ code: 'not_ready' })

    expect(await readyIds(accessToken)).not.toContain(ready.id)
    const registered = (await call(`/reports/${ready.id}`, { token: accessToken })).json()
    expect(registered.registration).toMatchObject({ ...registration, clientName: 'Treserva Täby' })
    expect((registered.timeline as Array<{ kind: string; details: Record<string, unknown> }>).at(-1)).toMatchObject({ kind: 'registered', details: { ...registration } })

    // The intake unit sees the registration on the report's page and its timeline.
    const { token: session } = await startSession(db, staff.taby!, new Date(), true)
    const page = await fetch(`${app.baseURL}/personal/anmalan/${ready.id}`, { headers: { cookie: await staffCookie(config).serialize(session) } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('SN 2026/1234')
    expect(html).toContain('TRE-998877')
    expect(html).toContain('Registrerades i verksamhetssystemet')

    // Every call is in the audit log under the client, with the report it concerned.
    const entries = await auditOf(treserva.id)
    expect(entries.every((entry) => entry.staff_id === null)).toBe(true)
    expect(entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['api.token', 'api.list', 'api.read', 'api.pdf', 'api.registration']))
    expect(entries.filter((entry) => entry.action === 'api.registration' && entry.report_id === ready.id).map((entry) => (entry.details as { outcome: string }).outcome)).toEqual([
      'registered',
      'repeated',
      'conflict',
    ])
    // The auditor reads the client as who made the call, by its name and client id.
    const { rows } = await auditEntries(db, { limit: 10, filter: { action: 'api.registration' } })
    const byClient = rows.filter((row) => row.staffName === 'Treserva Täby')
    expect(byClient.map((row) => row.staffEmail)).toEqual(byClient.map(() => treserva.clientId))
    expect(byClient.map((row) => row.subject)).toContainEqual({ reference: json.reference })
    // Nothing of the report's content is in the audit log, nor anything of it or of the client's secrets in the service's log.
    expect(JSON.stringify(entries)).not.toMatch(/Noah|201803142384|SN 2026/)
    const log = app.output()
    expect(log).toContain(`/api/v1/reports/${ready.id}/registration`)
    for (const secret of ['Noah', '201803142384', 'SN 2026', 'TRE-998877', treserva.secret, accessToken]) expect(log).not.toContain(secret)
  })

  it('pages the ready list by an opaque cursor, in order, without gaps or repeats', async () => {
    const ids: string[] = []
    // Two municipalities' lists merged into one; the same instant for two of them: the id breaks the tie.
    const decisions = [
      [1, '0186'],
      [2, '0115'],
      [2, '0186'],
      [3, '0115'],
      [4, '0186'],
    ] as const
    for (const [minute, code] of decisions) ids.push((await report(immediateReport(code), new Date(`2026-11-26T10:0${minute}:00Z`))).id)
    const combine = await client(['0186', '0115'], 'Combine')
    const accessToken = await token(combine)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const answer = await call(`/reports?status=ready&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: accessToken })
      expect(answer.status).toBe(200)
      expectSchema('ReadyList', answer.json())
      const body = answer.json() as { items: Array<{ id: string; decidedAt: string }>; nextCursor: string | null }
      expect(body.items.length).toBeLessThanOrEqual(2)
      seen.push(...body.items.map((item) => item.id))
      cursor = body.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
    expect(seen.slice(0, 1)).toEqual(ids.slice(0, 1))
    expect(seen.slice(3)).toEqual(ids.slice(3))
    expect(new Set(seen.slice(1, 3))).toEqual(new Set(ids.slice(1, 3)))
  })

  it('refuses a cursor it did not write, a limit out of range and an unknown parameter with 400 problems', async () => {
    const accessToken = await token(await client(['0187'], 'Viva'))
    const genuine = Buffer.from(`2026-11-26T10:01:00.000000Z|${randomUUID()}`).toString('base64url')
    expect((await call(`/reports?cursor=${genuine}`, { token: accessToken })).status).toBe(200)
    for (const query of [
      'cursor=nonsense',
      `cursor=${Buffer.from('2026-11-26T10:01:00.000Z|x').toString('base64url')}`,
      `cursor=${Buffer.from(`2026-13-26T10:01:00.000000Z|${randomUUID()}`).toString('base64url')}`,
      `cursor=${genuine}&cursor=${genuine}`,
      'cursor=%00',
      'limit=0',
      'limit=201',
      'limit=1e2',
      'limit=-1',
      'status=registered',
      'order=desc',
    ]) {
      const answer = await call(`/reports?${query}`, { token: accessToken })
      expect(answer.status, query).toBe(400)
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expectSchema('Problem', answer.json())
      expect(answer.json().code).toBe('invalid_parameter')
    }
  })
})

describe('registrations at the same moment', () => {
  it('keeps exactly one of two different registrations sent at once, and the same one twice is one', async () => {
    const target = await report(immediateReport('0117'))
    const first = await token(await client(['0117'], 'Case system A'))
    const second = await token(await client(['0117'], 'Case system B'))
    const answers = await Promise.all([
      register(target.id, first, { diaryNumber: 'A-1', caseId: 'A' }),
      register(target.id, second, { diaryNumber: 'B-1', caseId: 'B' }),
      register(target.id, first, { diaryNumber: 'A-1', caseId: 'A' }),
    ])
    const { diary_number } = await db.selectFrom('reports').select('diary_number').where('id', '=', target.id).executeTakeFirstOrThrow()
    const winner = diary_number === 'A-1' ? 'A' : 'B'
    expect(answers.map((answer) => answer.status)).toEqual(winner === 'A' ? [200, 409, 200] : [409, 200, 409])
    const events = await db.selectFrom('report_events').select('kind').where('report_id', '=', target.id).where('kind', '=', 'registered').execute()
    expect(events).toHaveLength(1)
  })
})

describe('scope, as for staff', () => {
  it("answers 404 for another municipality's report, an unknown id and a malformed one, and logs the attempt", async () => {
    const vellinge = await report(professionalReport)
    const taby = await client(['0160'], 'Lifecare Täby')
    const accessToken = await token(taby)
    for (const path of [`/reports/${vellinge.id}`, `/reports/${vellinge.id}/pdf`, `/reports/${randomUUID()}`, '/reports/not-a-uuid', '/reports/201803142384/pdf']) {
      const answer = await call(path, { token: accessToken })
      expect(answer.status, path).toBe(404)
      expect(answer.json()).toMatchObject({ status: 404, code: 'not_found' })
    }
    const refused = await register(vellinge.id, accessToken, { diaryNumber: 'X-1', caseId: 'Y-1' })
    expect(refused.status).toBe(404)
    const { registered_at } = await db.selectFrom('reports').select('registered_at').where('id', '=', vellinge.id).executeTakeFirstOrThrow()
    expect(registered_at).toBeNull()

    const security = (await auditOf(taby.id)).filter((entry) => entry.action === 'security.outOfScope')
    expect(security.filter((entry) => entry.report_id === vellinge.id)).toHaveLength(3)
    // A made-up id is not a report; a personnummer typed into the address is never recorded.
    expect(JSON.stringify(security)).not.toContain('201803142384')
  })
})

describe('a client that is revoked or rotated, and an expired token', () => {
  it('stops a revoked client at once: its token and its secret', async () => {
    const credentials = await client(['0160'], 'Revoked')
    const accessToken = await token(credentials)
    expect((await call('/reports', { token: accessToken })).status).toBe(200)
    await changeClient(db, cipher, { adminId: staff.admin!, keeperCodes: ['0160'], id: credentials.id, change: 'revoke', now: new Date() })
    const refused = await call('/reports', { token: accessToken })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"')
    const again = await call('/token', {
      body: 'grant_type=client_credentials',
      contentType: 'application/x-www-form-urlencoded',
      headers: { authorization: basic(credentials.clientId, credentials.secret) },
    })
    expect(again.status).toBe(401)
    expect(again.json()).toMatchObject({ error: 'invalid_client' })
  })

  it('stops the old secret and its tokens when the secret is rotated; the new one works', async () => {
    const credentials = await client(['0160'], 'Rotated')
    const oldToken = await token(credentials)
    const rotated = await changeClient(db, cipher, { adminId: staff.admin!, keeperCodes: ['0160'], id: credentials.id, change: 'rotate', now: new Date() })
    expect((await call('/reports', { token: oldToken })).status).toBe(401)
    const withOld = await call('/token', {
      body: `grant_type=client_credentials&client_id=${credentials.clientId}&client_secret=${credentials.secret}`,
      contentType: 'application/x-www-form-urlencoded',
    })
    expect(withOld.status).toBe(401)
    const newToken = await token({ clientId: credentials.clientId, secret: rotated!.secret! })
    expect((await call('/reports', { token: newToken })).status).toBe(200)
  })

  it('refuses a token after it expires by the request clock, and a token that was tampered with', async () => {
    const accessToken = await token(await client(['0160'], 'Expiring'))
    const issued = await call('/reports', { token: accessToken })
    expect(issued.status).toBe(200)
    const later = new Date(Date.now() + 301_000).toISOString()
    const expired = await call('/reports', { token: accessToken, headers: { 'x-test-now': later } })
    expect(expired.status).toBe(401)
    expect(expired.json()).toMatchObject({ code: 'invalid_token', detail: 'The access token has expired' })
    const [header, payload, signature] = accessToken.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: (claims.exp as number) + 86_400 })).toString('base64url')}.${signature}`
    expect((await call('/reports', { token: forged })).status).toBe(401)
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`
    expect((await call('/reports', { token: none })).status).toBe(401)
    const missing = await call('/reports')
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer realm=/)
  })
})

describe('the token endpoint (RFC 6749)', () => {
  it('issues a short Bearer token by Basic and by form, and answers errors in OAuth JSON', async () => {
    const credentials = await client(['0160'], 'Token checks')
    const byForm = await call('/token', {
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.secret }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    })
    expect(byForm.status).toBe(200)
    expect(byForm.headers.get('cache-control')).toBe('no-store')
    expect(byForm.json()).toMatchObject({ token_type: 'Bearer', expires_in: 300 })
    expectSchema('TokenResponse', byForm.json())

    const form = 'application/x-www-form-urlencoded'
    const cases: Array<[string, Parameters<typeof call>[1], number, string]> = [
      ['wrong secret', { body: 'grant_type=client_credentials', contentType: form, headers: { authorization: basic(credentials.clientId, 'wrong') } }, 401, 'invalid_client'],
      ['unknown client', { body: 'grant_type=client_credentials&client_id=oro_nobody&client_secret=x', contentType: form }, 401, 'invalid_client'],
      ['no credentials', { body: 'grant_type=client_credentials', contentType: form }, 401, 'invalid_client'],
      ['another grant', { body: 'grant_type=password&username=a&password=b', contentType: form }, 400, 'unsupported_grant_type'],
      ['no grant', { body: 'client_id=x', contentType: form }, 400, 'invalid_request'],
      ['repeated parameter', { body: 'grant_type=client_credentials&grant_type=client_credentials', contentType: form }, 400, 'invalid_request'],
      ['JSON body', { body: '{"grant_type":"client_credentials"}', contentType: 'application/json' }, 400, 'invalid_request'],
      [
        'two ways at once',
        { body: `grant_type=client_credentials&client_id=${credentials.clientId}`, contentType: form, headers: { authorization: basic(credentials.clientId, credentials.secret) } },
        400,
        'invalid_request',
      ],
      ['a bad Basic header', { body: 'grant_type=client_credentials', contentType: form, headers: { authorization: 'Basic %%%' } }, 401, 'invalid_client'],
    ]
    for (const [name, init, status, error] of cases) {
      const answer = await call('/token', init)
      expect(answer.status, name).toBe(status)
      expect(answer.json(), name).toMatchObject({ error })
      expectSchema('OAuthError', answer.json())
      if (status === 401) expect(answer.headers.get('www-authenticate'), name).toMatch(/^Basic /)
    }
    expect((await call('/token')).status).toBe(405)
  })
})

describe('hostile input', () => {
  it('answers every malformed registration with 400, 413 or 415 in problem JSON, never 5xx', async () => {
    const target = await report(immediateReport('0188'))
    const accessToken = await token(await client(['0188'], 'Hostile'))
    const cases: Array<[string, { body: string | Uint8Array; contentType?: string }, number]> = [
      ['not JSON', { body: '{"diaryNumber":' }, 400],
      ['an array', { body: '[]' }, 400],
      ['null', { body: 'null' }, 400],
      ['a missing field', { body: JSON.stringify({ diaryNumber: 'A-1' }) }, 400],
      ['an extra field', { body: JSON.stringify({ diaryNumber: 'A-1', caseId: 'B-1', note: 'x' }) }, 400],
      ['a number', { body: JSON.stringify({ diaryNumber: 12, caseId: 'B-1' }) }, 400],
      ['a control character', { body: JSON.stringify({ diaryNumber: 'A\u0000 1', caseId: 'B-1' }) }, 400],
      ['a right-to-left override', { body: JSON.stringify({ diaryNumber: 'A\u202E1', caseId: 'B-1' }) }, 400],
      ['a space at the end', { body: JSON.stringify({ diaryNumber: 'A-1 ', caseId: 'B-1' }) }, 400],
      ['too long', { body: JSON.stringify({ diaryNumber: 'A'.repeat(65), caseId: 'B-1' }) }, 400],
      ['empty', { body: JSON.stringify({ diaryNumber: '', caseId: 'B-1' }) }, 400],
      ['not UTF-8', { body: Buffer.concat([Buffer.from('{"diaryNumber":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","caseId":"B"}')]) }, 400],
      ['a form', { body: 'diaryNumber=A-1&caseId=B-1', contentType: 'application/x-www-form-urlencoded' }, 415],
      ['text', { body: '{}', contentType: 'text/plain' }, 415],
      ['another charset', { body: '{}', contentType: 'application/json; charset=latin1' }, 415],
      ['too large', { body: JSON.stringify({ diaryNumber: 'A-1', caseId: 'B-1', padding: 'x'.repeat(5000) }) }, 413],
      // Refused by the server's own bound on every body before any route reads it.
      ['larger than any body', { body: JSON.stringify({ padding: 'x'.repeat(70_000) }) }, 413],
    ]
    for (const [name, init, status] of cases) {
      const answer = await call(`/reports/${target.id}/registration`, { token: accessToken, ...init })
      expect(answer.status, name).toBe(status)
      expect(answer.headers.get('content-type'), name).toMatch(/^application\/problem\+json/)
      expect(answer.text, name).not.toContain('A'.repeat(65))
    }
    // A body sent in chunks, without its length, is refused before it is read (server.ts).
    const chunked = await fetch(`${app.baseURL}/api/v1/reports/${target.id}/registration`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ diaryNumber: 'A-1', caseId: 'B-1' })]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(411)
    expect(chunked.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(((await chunked.json()) as { code: string }).code).toBe('length_required')
    const { registered_at } = await db.selectFrom('reports').select('registered_at').where('id', '=', target.id).executeTakeFirstOrThrow()
    expect(registered_at).toBeNull()
  })

  it('never answers 5xx to odd paths, methods and headers', async () => {
    const accessToken = await token(await client(['0188'], 'Odd'))
    const probes: Array<[string, Parameters<typeof call>[1]]> = [
      ['/reports/%00', { token: accessToken }],
      ['/reports/..%2F..%2Fetc', { token: accessToken }],
      [`/reports/${'a'.repeat(2000)}`, { token: accessToken }],
      ['/reports', { token: accessToken, method: 'DELETE' }],
      ['/reports', { token: accessToken, body: '{}' }],
      [`/reports/${randomUUID()}/registration`, { token: accessToken }],
      ['/reports', { token: 'x'.repeat(5000) }],
      ['/reports', { headers: { authorization: 'Bearer' } }],
      ['/reports', { headers: { authorization: `Bearer ${accessToken}, Bearer ${accessToken}` } }],
      ['/nothing-here', { token: accessToken }],
      ['/openapi.json', { method: 'POST', body: '{}' }],
    ]
    for (const [path, init] of probes) {
      const answer = await call(path, init)
      expect(answer.status, path).toBeGreaterThanOrEqual(400)
      expect(answer.status, path).toBeLessThan(500)
    }
  })
})

describe("the administrator's pages", () => {
  /** A signed-in staff member's form post to a page, as the browser sends it without JavaScript. */
  async function post(who: string, path: string, form: Record<string, string>) {
    const { token: session, session: row } = await startSession(db, staff[who]!, new Date(), true)
    const response = await fetch(app.baseURL + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: await staffCookie(config).serialize(session), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: row.csrfToken, ...form }).toString(),
    })
    return { status: response.status, location: response.headers.get('location'), html: await response.text() }
  }
  const shownSecret = (html: string, which: 'client' | 'webhook') => new RegExp(`<code data-secret="${which}">([A-Za-z0-9_-]{43})</code>`).exec(html)?.[1]

  it('creates a client and shows its secret once; rotating shows a new one, which alone works', async () => {
    const created = await post('admin', '/personal/api-klienter/ny', { name: 'Treserva via sidan', municipalityCodes: '0160', creationKey: 'form-key-of-the-first-page-0001' })
    expect(created.status).toBe(200)
    const secret = shownSecret(created.html, 'client')!
    const clientId = /<code>(oro_[0-9a-f]{24})<\/code>/.exec(created.html)![1]!
    const row = await db.selectFrom('api_clients').select(['id', 'secret_hash', 'webhook_secret']).where('client_id', '=', clientId).executeTakeFirstOrThrow()
    // Only the hash is kept.
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(row)).not.toContain(secret)
    expect(row.webhook_secret).toBeNull()
    const before = await token({ clientId, secret })

    // The same form again (a reload without JavaScript): no second client, no secret shown again.
    const again = await post('admin', '/personal/api-klienter/ny', { name: 'Treserva via sidan', municipalityCodes: '0160', creationKey: 'form-key-of-the-first-page-0001' })
    expect(again.status).toBe(200)
    expect(again.html).toContain(`/personal/api-klienter/${row.id}`)
    expect(shownSecret(again.html, 'client')).toBeUndefined()
    expect(await db.selectFrom('api_clients').select('id').where('name', '=', 'Treserva via sidan').execute()).toHaveLength(1)
    // A form without its key is refused, and makes nothing.
    expect((await post('admin', '/personal/api-klienter/ny', { name: 'Utan nyckel', municipalityCodes: '0160' })).status).toBe(400)
    expect(await db.selectFrom('api_clients').select('id').where('name', '=', 'Utan nyckel').execute()).toHaveLength(0)

    const rotated = await post('admin', `/personal/api-klienter/${row.id}`, { intent: 'rotate' })
    expect(rotated.status).toBe(200)
    const newSecret = shownSecret(rotated.html, 'client')!
    expect(newSecret).not.toBe(secret)
    expect((await call('/reports', { token: before })).status).toBe(401)
    expect((await call('/reports', { token: await token({ clientId, secret: newSecret }) })).status).toBe(200)

    // A webhook address given for the first time makes a signing key, shown once and kept encrypted.
    const hooked = await post('admin', `/personal/api-klienter/${row.id}`, { intent: 'webhook', webhookUrl: 'http://127.0.0.1:9/hook' })
    expect(hooked.status).toBe(200)
    const webhookSecret = shownSecret(hooked.html, 'webhook')!
    const stored = await db.selectFrom('api_clients').select(['webhook_url', 'webhook_secret']).where('id', '=', row.id).executeTakeFirstOrThrow()
    expect(stored.webhook_url).toBe('http://127.0.0.1:9/hook')
    expect(stored.webhook_secret).not.toContain(webhookSecret)
    expect(cipher.decrypt(stored.webhook_secret!, 'api_clients.webhook_secret')).toBe(webhookSecret)
    // Changing the address keeps the key; the page shows nothing secret again.
    const moved = await post('admin', `/personal/api-klienter/${row.id}`, { intent: 'webhook', webhookUrl: 'http://127.0.0.1:9/other' })
    expect(moved.status).toBe(303)
    const page = await fetch(`${app.baseURL}${moved.location}`, {
      headers: { cookie: await staffCookie(config).serialize((await startSession(db, staff.admin!, new Date(), true)).token) },
    })
    const html = await page.text()
    expect(html).toContain('http://127.0.0.1:9/other')
    for (const value of [secret, newSecret, webhookSecret]) expect(html).not.toContain(value)

    const changes = await db.selectFrom('audit_log').select('details').where('staff_id', '=', staff.admin!).where('action', '=', 'config.apiClient').orderBy('id').execute()
    expect(changes.filter((entry) => (entry.details as { apiClientId: string }).apiClientId === row.id).map((entry) => (entry.details as { change: string }).change)).toEqual([
      'created',
      'rotate',
      'webhook',
      'webhook',
    ])
  })

  it("answers another region's administrator 404 for a client, and changes nothing", async () => {
    const credentials = await client(['0160'], 'Nordost only')
    const { token: session } = await startSession(db, staff.adminSyd!, new Date(), true)
    const page = await fetch(`${app.baseURL}/personal/api-klienter/${credentials.id}`, { headers: { cookie: await staffCookie(config).serialize(session) } })
    expect(page.status).toBe(404)
    const list = await (await fetch(`${app.baseURL}/personal/api-klienter`, { headers: { cookie: await staffCookie(config).serialize(session) } })).text()
    expect(list).not.toContain('Nordost only')
    expect((await post('adminSyd', `/personal/api-klienter/${credentials.id}`, { intent: 'revoke' })).status).toBe(404)
    expect((await post('adminSyd', '/personal/api-klienter/ny', { name: 'Sneaky', municipalityCodes: '0160', creationKey: 'form-key-of-the-sneaky-page-01' })).status).toBe(400)
    expect((await call('/reports', { token: await token(credentials) })).status).toBe(200)
    const security = await db.selectFrom('audit_log').select('details').where('staff_id', '=', staff.adminSyd!).where('action', '=', 'security.outOfScope').execute()
    expect(security.map((entry) => entry.details)).toContainEqual({ kind: 'apiClient', id: credentials.id, method: 'write' })
  })
})

describe('rate limits per client', () => {
  it('answers 429 with Retry-After past the limit, and another client goes on', async () => {
    const busy = await token(await client(['0160'], 'Busy'))
    const calm = await token(await client(['0160'], 'Calm'))
    let refused: Answer | undefined
    for (let attempt = 0; attempt <= API_PER_MINUTE + 1 && !refused; attempt++) {
      const answer = await call('/reports?limit=1', { token: busy })
      if (answer.status === 429) refused = answer
      else expect(answer.status).toBe(200)
    }
    expect(refused, 'the limit is reached').toBeDefined()
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused!.json()).toMatchObject({ status: 429, code: 'rate_limited' })
    expect((await call('/reports?limit=1', { token: calm })).status).toBe(200)
  })
})

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document, served as it is written', async () => {
    const served = await call('/openapi.json')
    expect(served.status).toBe(200)
    expect(served.json()).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)))
    const result = await new Validator().validate(served.json())
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('answers every path and method in it with a documented status, content type and schema', async () => {
    const ready = await report(immediateReport('0162'))
    const credentials = await client(['0162'], 'Documented')
    const accessToken = await token(credentials)
    const goodCall: Record<string, () => Promise<Answer>> = {
      'post /token': () =>
        call('/token', {
          body: 'grant_type=client_credentials',
          contentType: 'application/x-www-form-urlencoded',
          headers: { authorization: basic(credentials.clientId, credentials.secret) },
        }),
      'get /reports': () => call('/reports?status=ready&limit=5', { token: accessToken }),
      'get /reports/{id}': () => call(`/reports/${ready.id}`, { token: accessToken }),
      'get /reports/{id}/pdf': () => call(`/reports/${ready.id}/pdf`, { token: accessToken }),
      'post /reports/{id}/registration': () => register(ready.id, accessToken, { diaryNumber: 'D-1', caseId: 'C-1' }),
      'get /openapi.json': () => call('/openapi.json'),
    }
    const badCalls: Record<string, Array<() => Promise<Answer>>> = {
      'post /token': [() => call('/token', { body: 'grant_type=password', contentType: 'application/x-www-form-urlencoded' })],
      'get /reports': [() => call('/reports?limit=0', { token: accessToken }), () => call('/reports')],
      'get /reports/{id}': [() => call(`/reports/${randomUUID()}`, { token: accessToken }), () => call(`/reports/${ready.id}`)],
      'get /reports/{id}/pdf': [() => call(`/reports/${randomUUID()}/pdf`, { token: accessToken })],
      'post /reports/{id}/registration': [
        () => register(ready.id, accessToken, { diaryNumber: 'D-2', caseId: 'C-2' }),
        () => call(`/reports/${ready.id}/registration`, { token: accessToken, body: 'x', contentType: 'text/plain' }),
        () => call(`/reports/${ready.id}/registration`, { token: accessToken, body: '{' }),
      ],
      'get /openapi.json': [],
    }
    const operations = Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${path}`, operation })),
    )
    expect(operations.map((operation) => operation.key).sort()).toEqual(Object.keys(goodCall).sort())
    for (const { key, operation } of operations) {
      for (const run of [goodCall[key]!, ...(badCalls[key] ?? [])]) {
        const answer = await run()
        const documented = (operation.responses as Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>)[String(answer.status)]
        expect(documented, `${key} answered ${answer.status}`).toBeDefined()
        const [mediaType, { schema }] = Object.entries(documented!.content ?? {})[0]!
        expect(answer.headers.get('content-type')?.split(';')[0], key).toBe(mediaType)
        if (mediaType.includes('json')) {
          const validate = ajv.compile(fixRefs(schema))
          expect(validate(answer.json()), `${key} ${answer.status}: ${JSON.stringify(validate.errors)}`).toBe(true)
        }
      }
    }
  })
})

/** A response schema of the document with its `#/components/…` references made absolute, so ajv finds them. */
function fixRefs(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"https://orosanmalan.invalid/openapi.json#/components/')) as Record<string, unknown>
}
