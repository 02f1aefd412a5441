import { generateTOTP } from '@epic-web/totp'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import {
  checkPassword,
  checkSecondFactor,
  confirmEnrolment,
  endAllSessions,
  findSession,
  findStaff,
  hashPassword,
  pendingTotpSecret,
  scopeOf,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  startSession,
} from '~/server/auth.server'
import { audit } from '~/server/audit.server'
import { readConfig } from '~/server/config.server'
import type { Db } from '~/server/db.server'
import { createLogger } from '~/server/logger.server'
import { createRateLimits, type RateLimits } from '~/server/rate-limits.server'
import { listQueue } from '~/server/intake-queue.server'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemoStaff } from '~/server/seed.server'
import { createTestDatabase } from '../support/postgres'

let db: Db
let url: string
let drop: () => Promise<void>
let limits: RateLimits
const started: RateLimits[] = []
beforeAll(async () => {
  ;({ db, url, drop } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
  limits = limitsWith()
})
afterEach(() => {
  vi.useRealTimers()
})
afterAll(async () => {
  await Promise.all(started.map((started) => started.stop()))
  await drop()
})

function limitsWith(env: Record<string, string> = {}): RateLimits {
  const created = createRateLimits({ databaseUrl: url, config: readConfig(env), logger: createLogger('silent') })
  started.push(created)
  return created
}

/** The delays are reckoned by Date.now() (the limiter library's clock); only the date is faked. */
function freezeClock(at: Date) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(at)
  return (ms: number) => vi.setSystemTime(new Date(Date.now() + ms))
}

const wrong = { ok: false, reason: 'invalid' }
const waitFor = (seconds: number) => ({ ok: false, reason: 'wait', retryAfterSeconds: seconds })

const now = new Date('2026-11-24T07:10:00Z')
const later = (ms: number) => new Date(now.getTime() + ms)
const TABY = 'mottagning.taby@demo.orosanmalan.se'

async function newStaffWithoutSecondFactor() {
  const { id } = await db
    .insertInto('staff_users')
    .values({ email: `ny-${randomUUID()}@example.se`, name: 'Ny', password_hash: await hashPassword('x'), role: 'intake' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

async function staffId(email: string) {
  return (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
}

describe('staff login', () => {
  it('accepts the right password and gives the same answer for a wrong password and an unknown account', async () => {
    const ok = await checkPassword(db, limits, { email: ` ${TABY.toUpperCase()} `, password: DEMO_PASSWORD, address: '10.0.0.1', now })
    expect(ok.ok && ok.staff.email).toBe(TABY)
    expect(await checkPassword(db, limits, { email: TABY, password: 'wrong', address: '10.0.0.1', now })).toEqual(wrong)
    expect(await checkPassword(db, limits, { email: 'nobody@example.se', password: 'wrong', address: '10.0.0.1', now })).toEqual(wrong)
  })

  it('after three failures makes the address wait 1, 2, 4 ... at most 30 seconds, answering "wait" without looking at the password', async () => {
    const advance = freezeClock(new Date('2026-11-24T22:00:00Z'))
    const email = 'jour.nordost@demo.orosanmalan.se'
    const attempt = (password: string) => checkPassword(db, limits, { email, password, address: '10.1.0.1', now })
    for (let failure = 1; failure <= 3; failure++) expect(await attempt(`guess-${failure}`)).toEqual(wrong)
    const delays: number[] = []
    for (let failure = 4; failure <= 10; failure++) {
      expect(await attempt(`guess-${failure}`)).toEqual(wrong)
      // Before the time is up even the right password is not looked at.
      const refused = await attempt(DEMO_PASSWORD)
      expect(refused.ok).toBe(false)
      if (!refused.ok && refused.reason === 'wait') delays.push(refused.retryAfterSeconds)
      advance(delays.at(-1)! * 1000)
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 30, 30])
    // Once the time is up, the right password signs in, and the address starts afresh: once the
    // account's own count has passed (15 minutes), a slip is no longer held against it.
    expect((await attempt(DEMO_PASSWORD)).ok).toBe(true)
    advance(16 * 60_000)
    expect(await attempt('guess-again')).toEqual(wrong)
    expect((await attempt(DEMO_PASSWORD)).ok).toBe(true)
  })

  it('signs the jour in with the right password and code while another address hammers the account', async () => {
    // A jour worker of their own, so no other test takes this half-minute's code.
    const email = `jour-${randomUUID()}@example.se`
    const { secret } = await generateTOTP()
    const { id } = await db
      .insertInto('staff_users')
      .values({ email, name: 'Jour', password_hash: await hashPassword(DEMO_PASSWORD), role: 'jour', jour_id: 'nordost', totp_secret: secret, totp_confirmed_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    freezeClock(new Date('2026-11-24T22:30:00Z'))
    // One address without pause, and a dozen more now and then: the account is under attack.
    const hammering = []
    for (let attempt = 0; attempt < 40; attempt++) {
      hammering.push(await checkPassword(db, limits, { email, password: `guess-${attempt}`, address: attempt < 28 ? '203.0.113.66' : `203.0.113.${attempt}`, now }))
    }
    expect(hammering.every((result) => !result.ok)).toBe(true)
    expect(hammering.some((result) => !result.ok && result.reason === 'wait')).toBe(true)
    expect((await checkPassword(db, limits, { email, password: DEMO_PASSWORD, address: '203.0.113.66', now })).ok).toBe(false)

    // The jour worker, from the jour's own address: neither a lockout nor a wait.
    const signedIn = await checkPassword(db, limits, { email, password: DEMO_PASSWORD, address: '198.51.100.10', now })
    expect(signedIn.ok).toBe(true)
    vi.useRealTimers()
    const { otp } = await generateTOTP({ secret })
    expect(await checkSecondFactor(db, limits, { staffId: id, code: otp, address: '198.51.100.10', now })).toEqual({ ok: true })
  })

  it('makes an address that fails too often, over any accounts, wait for its hour to end', async () => {
    freezeClock(new Date('2026-11-24T23:00:00Z'))
    const strict = limitsWith({ RATE_LIMIT_LOGIN_FAILURES_PER_HOUR: '5' })
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await checkPassword(db, strict, { email: `user${attempt}@example.se`, password: 'x', address: '192.0.2.7', now })).toEqual(wrong)
    }
    expect(await checkPassword(db, strict, { email: TABY, password: DEMO_PASSWORD, address: '192.0.2.7', now })).toEqual(waitFor(3600))
    expect((await checkPassword(db, strict, { email: TABY, password: DEMO_PASSWORD, address: '192.0.2.8', now })).ok).toBe(true)
  })

  it('limits the attempts an address makes a minute, right or wrong', async () => {
    freezeClock(new Date('2026-11-24T23:30:00Z'))
    const strict = limitsWith({ RATE_LIMIT_LOGIN_PER_MINUTE: '2' })
    const attempt = () => checkPassword(db, strict, { email: TABY, password: DEMO_PASSWORD, address: '192.0.2.9', now })
    expect((await attempt()).ok).toBe(true)
    expect((await attempt()).ok).toBe(true)
    expect(await attempt()).toEqual(waitFor(60))
  })

  it('makes wrong codes wait the same way, per account and address', async () => {
    const advance = freezeClock(new Date('2026-11-25T00:00:00Z'))
    const id = await staffId('mottagning.vellinge@demo.orosanmalan.se')
    const code = (value: string, address: string) => checkSecondFactor(db, limits, { staffId: id, code: value, address, now })
    for (let failure = 1; failure <= 4; failure++) expect(await code('000000', '10.2.0.1')).toEqual(wrong)
    expect(await code('000000', '10.2.0.1')).toEqual(waitFor(1))
    advance(1000)
    expect(await code('000000', '10.2.0.1')).toEqual(wrong)
    expect(await code('000000', '10.2.0.1')).toEqual(waitFor(2))
    // The same account from its own address is not held up.
    expect(await code('000000', '10.2.0.2')).toEqual(wrong)
  })

  it('logs every attempt, and never a password or a code', async () => {
    const events = await db.selectFrom('login_events').selectAll().execute()
    expect(events.length).toBeGreaterThan(20)
    const text = JSON.stringify(events)
    expect(text).not.toContain(DEMO_PASSWORD)
    expect(text).not.toContain('guess-')
  })

  it('needs a current TOTP code or an unused recovery code as the second factor', async () => {
    const id = await staffId('mottagning.vellinge@demo.orosanmalan.se')
    const { otp } = await generateTOTP({ secret: DEMO_TOTP_SECRET })
    expect(await checkSecondFactor(db, limits, { staffId: id, code: otp, address: '10.3.0.1', now })).toEqual({ ok: true })
    expect(await checkSecondFactor(db, limits, { staffId: id, code: '000000', address: '10.3.0.1', now })).toEqual(wrong)
  })

  it('takes a TOTP code once: the same code again, even within its 30 seconds, is refused', async () => {
    const id = await staffId('jour.nordost@demo.orosanmalan.se')
    const { otp } = await generateTOTP({ secret: DEMO_TOTP_SECRET })
    expect(await checkSecondFactor(db, limits, { staffId: id, code: otp, address: '10.3.0.2', now })).toEqual({ ok: true })
    expect(await checkSecondFactor(db, limits, { staffId: id, code: otp, address: '10.3.0.2', now })).toEqual(wrong)
    // An enrolment's code does not open the next login either.
    const enrolling = await newStaffWithoutSecondFactor()
    const { otp: first } = await generateTOTP({ secret: await pendingTotpSecret(db, enrolling) })
    expect(await confirmEnrolment(db, enrolling, first, now)).toHaveLength(8)
    expect(await checkSecondFactor(db, limits, { staffId: enrolling, code: first, address: '10.3.0.2', now })).toEqual(wrong)
  })

  it('enrols a new second factor only with a code from it, and each recovery code works once', async () => {
    const id = await newStaffWithoutSecondFactor()
    const secret = await pendingTotpSecret(db, id)
    expect(await confirmEnrolment(db, id, '123456', now)).toBeNull()
    const { otp } = await generateTOTP({ secret })
    const codes = await confirmEnrolment(db, id, otp, now)
    expect(codes).toHaveLength(8)
    expect((await findStaff(db, id))?.secondFactorEnrolled).toBe(true)
    expect(await checkSecondFactor(db, limits, { staffId: id, code: codes![0]!, address: '10.3.0.3', now })).toEqual({ ok: true })
    expect(await checkSecondFactor(db, limits, { staffId: id, code: codes![0]!, address: '10.3.0.3', now })).toEqual(wrong)
    const stored = await db.selectFrom('staff_recovery_codes').select('code_hash').where('staff_id', '=', id).execute()
    expect(stored.map((row) => row.code_hash)).not.toContain(codes![1])
  })

  it('confirms nothing before a secret is shown, then shows one pending secret in every tab', async () => {
    const id = await newStaffWithoutSecondFactor()
    const { otp } = await generateTOTP()
    expect(await confirmEnrolment(db, id, otp, now)).toBeNull()
    const [first, second] = await Promise.all([pendingTotpSecret(db, id), pendingTotpSecret(db, id)])
    expect(second).toBe(first)
    expect(await pendingTotpSecret(db, id)).toBe(first)
  })
})

describe('staff sessions', () => {
  it('ends after 30 idle minutes', async () => {
    const id = await staffId(TABY)
    const { token } = await startSession(db, id, now, true)
    expect(await findSession(db, token, later(SESSION_IDLE_MS - 60_000))).not.toBeNull()
    expect(await findSession(db, token, later(2 * SESSION_IDLE_MS - 120_000))).not.toBeNull()
    expect(await findSession(db, token, later(3 * SESSION_IDLE_MS))).toBeNull()
  })

  it('ends after 12 hours however active', async () => {
    const id = await staffId(TABY)
    const { token } = await startSession(db, id, now, true)
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) expect(await findSession(db, token, later(minutes * 60_000))).not.toBeNull()
    expect(await findSession(db, token, later(SESSION_ABSOLUTE_MS))).toBeNull()
  })

  it('keeps only a hash of the token, and logging out everywhere ends every session', async () => {
    const id = await staffId(TABY)
    const first = await startSession(db, id, now, true)
    const second = await startSession(db, id, now, true)
    const ids = (await db.selectFrom('staff_sessions').select('id').where('staff_id', '=', id).execute()).map((row) => row.id)
    expect(ids).not.toContain(first.token)
    await endAllSessions(db, id, now)
    expect(await findSession(db, first.token, now)).toBeNull()
    expect(await findSession(db, second.token, now)).toBeNull()
  })
})

describe('the audit log', () => {
  it('cannot be changed or deleted, not even by the service', async () => {
    const id = await staffId(TABY)
    await audit(db, { staffId: id, action: 'queue.list', at: now })
    await expect(sql`update audit_log set action = 'nothing'`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`truncate audit_log cascade`.execute(db)).rejects.toThrow(/append-only/)
  })
})

describe('scope', () => {
  it('gives an intake unit only its own municipality, a jour only what was routed to it, admins and auditors nothing', async () => {
    const report = (municipality: string, jour: string | null) => ({
      reference: `${randomUUID()
        .replace(/[^2-9A-HJ-NP-Z]/gi, '')
        .toUpperCase()}23456789ABCD`
        .replace(/[01IO]/g, '2')
        .slice(0, 11),
      submission_key: randomUUID(),
      municipality_code: municipality,
      residence_unknown: false,
      concerns: 'children' as const,
      categories: ['neglect'],
      description: 'x',
      safety_answers: '{}',
      received_at: now,
      language: 'sv' as const,
      level: 'standard' as const,
      triage_rules: [],
      ruleset_version: 'test',
      destination: jour ? ('jour' as const) : ('intake' as const),
      destination_jour_id: jour,
      routing_reason: jour ? ('after-hours' as const) : ('queue' as const),
      routed_at: now,
      alert_intake_duty: false,
      reporter_notice: '{}',
    })
    await db
      .insertInto('reports')
      .values([report('0160', null), report('0160', 'nordost'), report('1233', 'syd')])
      .execute()
    const rowsFor = async (email: string) => {
      const staff = (await findStaff(db, await staffId(email)))!
      const { rows } = await listQueue(db, scopeOf(staff, now), { status: 'all', level: 'all', after: null })
      return rows.map((row) => row.municipalityName + (row.destination === 'jour' ? '/jour' : ''))
    }
    expect((await rowsFor(TABY)).sort()).toEqual(['Täby', 'Täby/jour'])
    expect(await rowsFor('mottagning.vellinge@demo.orosanmalan.se')).toEqual(['Vellinge/jour'])
    expect(await rowsFor('jour.nordost@demo.orosanmalan.se')).toEqual(['Täby/jour'])
    expect(await rowsFor('admin.nordost@demo.orosanmalan.se')).toEqual([])
    expect(await rowsFor('granskare@demo.orosanmalan.se')).toEqual([])
  })
})
