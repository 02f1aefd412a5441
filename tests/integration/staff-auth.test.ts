import { generateTOTP } from '@epic-web/totp'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  checkPassword,
  checkSecondFactor,
  confirmEnrolment,
  endAllSessions,
  findSession,
  findStaff,
  hashPassword,
  scopeOf,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  startSession,
} from '~/server/auth.server'
import { audit } from '~/server/audit.server'
import type { Db } from '~/server/db.server'
import { listQueue } from '~/server/queue.server'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemoStaff } from '~/server/seed.server'
import { createTestDatabase } from '../support/postgres'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
})
afterAll(() => drop())

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
    const ok = await checkPassword(db, { email: ` ${TABY.toUpperCase()} `, password: DEMO_PASSWORD, address: '10.0.0.1', now })
    expect(ok.ok && ok.staff.email).toBe(TABY)
    expect(await checkPassword(db, { email: TABY, password: 'wrong', address: '10.0.0.1', now })).toEqual({ ok: false, reason: 'invalid' })
    expect(await checkPassword(db, { email: 'nobody@example.se', password: 'wrong', address: '10.0.0.1', now })).toEqual({ ok: false, reason: 'invalid' })
  })

  it('locks an account after five failures, even for the right password, for 15 minutes', async () => {
    const email = 'jour.nordost@demo.orosanmalan.se'
    for (let attempt = 0; attempt < 5; attempt++) {
      await checkPassword(db, { email, password: `guess-${attempt}`, address: `10.1.0.${attempt}`, now })
    }
    expect(await checkPassword(db, { email, password: DEMO_PASSWORD, address: '10.1.1.1', now })).toEqual({ ok: false, reason: 'locked' })
    const afterLock = await checkPassword(db, { email, password: DEMO_PASSWORD, address: '10.1.1.1', now: later(16 * 60 * 1000) })
    expect(afterLock.ok).toBe(true)
  })

  it('locks an address that tries many accounts', async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      await checkPassword(db, { email: `user${attempt}@example.se`, password: 'x', address: '192.0.2.7', now })
    }
    expect(await checkPassword(db, { email: TABY, password: DEMO_PASSWORD, address: '192.0.2.7', now })).toEqual({ ok: false, reason: 'locked' })
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
    expect(await checkSecondFactor(db, id, otp, now)).toBe('ok')
    expect(await checkSecondFactor(db, id, '000000', now)).toBe('invalid')
  })

  it('takes a TOTP code once: the same code again, even within its 30 seconds, is refused', async () => {
    const id = await staffId('jour.nordost@demo.orosanmalan.se')
    const { otp } = await generateTOTP({ secret: DEMO_TOTP_SECRET })
    expect(await checkSecondFactor(db, id, otp, now)).toBe('ok')
    expect(await checkSecondFactor(db, id, otp, now)).toBe('invalid')
    // An enrolment's code does not open the next login either.
    const enrolling = await newStaffWithoutSecondFactor()
    const { secret, otp: first } = await generateTOTP()
    expect(await confirmEnrolment(db, enrolling, secret, first, now)).toHaveLength(8)
    expect(await checkSecondFactor(db, enrolling, first, now)).toBe('invalid')
  })

  it('enrols a new second factor only with a code from it, and each recovery code works once', async () => {
    const id = await newStaffWithoutSecondFactor()
    const { secret } = await generateTOTP()
    expect(await confirmEnrolment(db, id, secret, '123456', now)).toBeNull()
    const { otp } = await generateTOTP({ secret })
    const codes = await confirmEnrolment(db, id, secret, otp, now)
    expect(codes).toHaveLength(8)
    expect((await findStaff(db, id))?.secondFactorEnrolled).toBe(true)
    expect(await checkSecondFactor(db, id, codes![0]!, now)).toBe('ok')
    expect(await checkSecondFactor(db, id, codes![0]!, now)).toBe('invalid')
    const stored = await db.selectFrom('staff_recovery_codes').select('code_hash').where('staff_id', '=', id).execute()
    expect(stored.map((row) => row.code_hash)).not.toContain(codes![1])
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
      reference: `${randomUUID().replace(/[^2-9A-HJ-NP-Z]/gi, '').toUpperCase()}23456789ABCD`.replace(/[01IO]/g, '2').slice(0, 11),
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
    await db.insertInto('reports').values([report('0160', null), report('0160', 'nordost'), report('1233', 'syd')]).execute()
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
