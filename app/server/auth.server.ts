import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import { generateTOTP, getTOTPAuthUri, verifyTOTP } from '@epic-web/totp'
import { sql } from 'kysely'
import type { StaffRole } from '../../db/schema'
import type { StaffScope } from '../domain/scope'
import type { Db, Executor } from './db.server'
import { secondsToWait, type RateLimits } from './rate-limits.server'

/** OWASP ASVS 5.0 level 2 for staff: argon2id, a second factor, short sessions, growing delays (never a lockout). */

export const SESSION_IDLE_MS = 30 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000
/** Between the password and the code: long enough to open an authenticator app. */
const HALF_LOGGED_IN_MS = 10 * 60 * 1000
const TOTP_ISSUER = 'Orosanmälan'
const TOTP_PERIOD_SECONDS = 30

export interface Staff {
  id: string
  email: string
  name: string
  role: StaffRole
  jourId: string | null
  municipalityCodes: string[]
  secondFactorEnrolled: boolean
}

export function scopeOf(staff: Staff, now: Date): StaffScope {
  switch (staff.role) {
    case 'intake':
      return { role: 'intake', municipalityCodes: staff.municipalityCodes }
    case 'jour':
      return { role: 'jour', jourId: staff.jourId!, now }
    case 'admin':
    case 'auditor':
      return { role: staff.role }
  }
}

export function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id with OWASP's recommended memory and time costs.
  return hash(password)
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
const token = () => randomBytes(32).toString('base64url')

export async function findStaff(db: Executor, id: string): Promise<Staff | null> {
  const row = await db.selectFrom('staff_users as s').select(staffColumns).where('s.id', '=', id).where('s.disabled_at', 'is', null).executeTakeFirst()
  return row ? staffOfRow(row) : null
}

/** What a Staff is read from, by `findStaff` and with a session by `findSessionAndStaff`. */
const staffColumns = [
  's.id',
  's.email',
  's.name',
  's.role',
  's.jour_id',
  's.totp_confirmed_at',
  sql<string[]>`coalesce((select array_agg(m.municipality_code order by m.municipality_code) from staff_municipalities m where m.staff_id = s.id), '{}')`.as('codes'),
] as const

function staffOfRow(row: { id: string; email: string; name: string; role: StaffRole; jour_id: string | null; totp_confirmed_at: Date | null; codes: string[] | null }): Staff {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    jourId: row.jour_id,
    municipalityCodes: row.codes ?? [],
    secondFactorEnrolled: row.totp_confirmed_at !== null,
  }
}

/** Failures of one step, for one account from one address, before each further try must wait. */
const FREE_FAILURES = 3
/**
 * Failures of one step for one account from every address, within 15 minutes, past which
 * the account is taken to be under attack: each address then waits from its first failure
 * on. The legitimate user, whose address has not failed, still tries at once.
 */
const ACCOUNT_FAILURES_UNDER_ATTACK = 10
const MAX_DELAY_SECONDS = 30

type ThrottledStep = 'password' | 'code'

/** The seconds `address` must wait before its next try at `step` of `account`; 0 to go ahead. Never checks a password. */
async function waitBefore(limits: RateLimits, step: ThrottledStep, account: string, address: string): Promise<number> {
  const { login } = limits
  const addressKey = limits.key('login-address', address)
  const pairKey = limits.key('login-pair', step, account, address)
  return limits.guarded(`login ${step}`, () => secondsToWait(login, addressKey, pairKey), 0)
}

/**
 * Counts a failure against the address, the account and the pair of them, and sets the
 * pair's next try: after FREE_FAILURES, 1 s, 2 s, 4 s ... at most 30 s. A delay, never a
 * lockout: the account itself is never refused, so nobody can keep the jour out.
 */
async function recordFailure(limits: RateLimits, step: ThrottledStep, account: string, address: string): Promise<void> {
  const { login } = limits
  const pairKey = limits.key('login-pair', step, account, address)
  await limits.guarded(
    `login ${step}`,
    async () => {
      const [, pair, everyAddress] = await Promise.all([
        login.failuresPerAddress.penalty(limits.key('login-address', address)),
        login.pairFailures.penalty(pairKey),
        login.accountFailures.penalty(limits.key('login-account', step, account)),
      ])
      const free = everyAddress.consumedPoints > ACCOUNT_FAILURES_UNDER_ATTACK ? 0 : FREE_FAILURES
      const beyond = pair.consumedPoints - free
      if (beyond > 0) await login.pairDelay.block(pairKey, Math.min(MAX_DELAY_SECONDS, 2 ** (beyond - 1)))
    },
    undefined,
  )
}

/** A success starts the pair afresh; the account's count (an attacker's doing) stays. */
async function recordSuccess(limits: RateLimits, step: ThrottledStep, account: string, address: string): Promise<void> {
  const pairKey = limits.key('login-pair', step, account, address)
  await limits.guarded(`login ${step}`, () => Promise.all([limits.login.pairFailures.delete(pairKey), limits.login.pairDelay.delete(pairKey)]), undefined)
}

async function logLogin(db: Executor, at: Date, staffId: string | null, step: 'password' | 'second-factor' | 'enrolment' | 'logout', outcome: string) {
  await db.insertInto('login_events').values({ at, staff_id: staffId, step, outcome }).execute()
}

/** Not this time: the answer is wrong, or the address must wait that many seconds before it may try again. */
export type Refusal = { ok: false; reason: 'invalid' } | { ok: false; reason: 'wait'; retryAfterSeconds: number }
export type PasswordResult = { ok: true; staff: Staff } | Refusal

/**
 * The first step. A wrong e-mail and a wrong password get the same answer and take the
 * same time (a dummy hash is verified), so the form does not reveal who has an account.
 * An address that must still wait is told so before the password is looked at.
 */
export async function checkPassword(db: Db, limits: RateLimits, input: { email: string; password: string; address: string; now: Date }): Promise<PasswordResult> {
  const email = input.email.trim().toLowerCase()
  const wait = await waitBefore(limits, 'password', email, input.address)
  if (wait > 0) {
    await logLogin(db, input.now, null, 'password', 'throttled')
    return { ok: false, reason: 'wait', retryAfterSeconds: wait }
  }
  const row = await db.selectFrom('staff_users').select(['id', 'password_hash']).where('email', '=', email).where('disabled_at', 'is', null).executeTakeFirst()
  const valid = await verify(row?.password_hash ?? (await dummyHash()), input.password).catch(() => false)
  if (!row || !valid) {
    await recordFailure(limits, 'password', email, input.address)
    await logLogin(db, input.now, row?.id ?? null, 'password', 'invalid')
    return { ok: false, reason: 'invalid' }
  }
  await recordSuccess(limits, 'password', email, input.address)
  await logLogin(db, input.now, row.id, 'password', 'ok')
  return { ok: true, staff: (await findStaff(db, row.id))! }
}

let dummy: Promise<string> | undefined
const dummyHash = () => (dummy ??= hash('not a password anyone has'))

export interface Session {
  id: string
  staffId: string
  csrfToken: string
  secondFactor: boolean
}

/**
 * A new session with a new id. Called after the password (half logged in) and again after
 * the second factor, so the id an attacker might have planted before login is worthless.
 */
export async function startSession(db: Executor, staffId: string, now: Date, secondFactor: boolean): Promise<{ token: string; session: Session }> {
  const cookieToken = token()
  const session = { id: sha256(cookieToken), staffId, csrfToken: token(), secondFactor }
  await db
    .insertInto('staff_sessions')
    .values({
      id: session.id,
      staff_id: staffId,
      csrf_token: session.csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + (secondFactor ? SESSION_ABSOLUTE_MS : HALF_LOGGED_IN_MS)),
      second_factor_at: secondFactor ? now : null,
    })
    .execute()
  return { token: cookieToken, session }
}

/** The session behind a cookie token, if it is neither idle for 30 minutes nor past its 12 hours. */
// The idle clock is moved at most once a minute: a page's loaders (the frame's and the page's)
// and an open queue's live requests would otherwise each write the same row, and requests of
// one session would wait on each other's row lock. Idle time counts from the last move, so a
// session ends at most a minute early, never late.
const SESSION_TOUCH_MS = 60_000

export async function findSession(db: Db, cookieToken: string, now: Date): Promise<Session | null> {
  return (await findSessionAndStaff(db, cookieToken, now))?.session ?? null
}

/**
 * A live session and its staff member (null when the account is disabled), in one query:
 * every staff page needs both, and a round trip to the database is a measurable part of a page.
 */
export async function findSessionAndStaff(db: Db, cookieToken: string, now: Date): Promise<{ session: Session; staff: Staff | null } | null> {
  const row = await db
    .selectFrom('staff_sessions as ss')
    .leftJoin('staff_users as s', (join) => join.onRef('s.id', '=', 'ss.staff_id').on('s.disabled_at', 'is', null))
    .select(['ss.id as session_id', 'ss.staff_id', 'ss.csrf_token', 'ss.second_factor_at', 'ss.last_seen_at', ...staffColumns])
    .where('ss.id', '=', sha256(cookieToken))
    .where('ss.expires_at', '>', now)
    .where('ss.last_seen_at', '>', new Date(now.getTime() - SESSION_IDLE_MS))
    .executeTakeFirst()
  if (!row) return null
  if (now.getTime() - row.last_seen_at.getTime() >= SESSION_TOUCH_MS) {
    await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id', '=', row.session_id).where('last_seen_at', '<', now).execute()
  }
  const { id, email, name, role, jour_id, totp_confirmed_at, codes } = row
  return {
    session: { id: row.session_id, staffId: row.staff_id, csrfToken: row.csrf_token, secondFactor: row.second_factor_at !== null },
    staff: id !== null && email !== null && name !== null && role !== null ? staffOfRow({ id, email, name, role, jour_id, totp_confirmed_at, codes }) : null,
  }
}

export async function endSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', sessionId).execute()
}

export async function endAllSessions(db: Executor, staffId: string, now: Date): Promise<void> {
  await db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute()
  await logLogin(db, now, staffId, 'logout', 'everywhere')
}

export function csrfMatches(session: Session, submitted: FormDataEntryValue | null): boolean {
  if (typeof submitted !== 'string') return false
  // Compared as bytes: a token of the right length with a non-ASCII character is longer in bytes.
  const given = Buffer.from(submitted)
  const expected = Buffer.from(session.csrfToken)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Enrolment: a fresh TOTP secret (30 s, 6 digits, SHA-1: what every authenticator app reads). */
async function newTotpSecret(): Promise<string> {
  return (await generateTOTP()).secret
}

/**
 * The secret being enrolled: the one already shown, or a new one kept on the account
 * unconfirmed. One transaction with the row locked, so two tabs opened at once show the
 * same secret rather than one that a later write has replaced.
 */
export async function pendingTotpSecret(db: Db, staffId: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('staff_users').select('totp_secret').where('id', '=', staffId).forUpdate().executeTakeFirstOrThrow()
    if (row.totp_secret) return row.totp_secret
    const secret = await newTotpSecret()
    await trx.updateTable('staff_users').set({ totp_secret: secret }).where('id', '=', staffId).execute()
    return secret
  })
}

/** The otpauth:// address of a secret, shown as a QR code. */
export function totpUri(email: string, secret: string): string {
  return getTOTPAuthUri({ secret, period: 30, digits: 6, algorithm: 'SHA-1', accountName: email, issuer: TOTP_ISSUER })
}

/**
 * The 30-second step a code belongs to, within one step either side of the server's clock
 * (a phone a little fast or slow), or null when it is no code of the secret.
 */
async function totpStep(secret: string, code: string): Promise<number | null> {
  const match = await verifyTOTP({ otp: code, secret, window: 1 })
  return match ? Math.floor(Date.now() / (TOTP_PERIOD_SECONDS * 1000)) + match.delta : null
}

/** Takes the step for this login, once: a code seen over a shoulder or in a proxy log cannot be used again. */
async function takeTotpStep(db: Executor, staffId: string, step: number | null): Promise<boolean> {
  if (step === null) return false
  const taken = await db
    .updateTable('staff_users')
    .set({ totp_last_step: step })
    .where('id', '=', staffId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst()
  return Number(taken.numUpdatedRows) === 1
}

/**
 * Confirms the pending secret with a code from it and hands out eight recovery codes. The
 * secret is read, checked and confirmed in one transaction with the row locked, so a secret
 * replaced meanwhile is never the one confirmed. Null when there is no pending secret or the
 * code is not one of its.
 */
export async function confirmEnrolment(db: Db, staffId: string, code: string, now: Date): Promise<string[] | null> {
  const codes = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('staff_users').select('totp_secret').where('id', '=', staffId).forUpdate().executeTakeFirst()
    const step = row?.totp_secret ? await totpStep(row.totp_secret, code.replace(/\s/g, '')) : null
    if (step === null) return null
    const codes = Array.from({ length: 8 }, () => randomBytes(5).toString('hex'))
    // The enrolment's code is used: it does not also open the next login.
    await trx.updateTable('staff_users').set({ totp_confirmed_at: now, totp_last_step: step }).where('id', '=', staffId).execute()
    await trx.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute()
    await trx
      .insertInto('staff_recovery_codes')
      .values(codes.map((code) => ({ staff_id: staffId, code_hash: sha256(code) })))
      .execute()
    return codes
  })
  await logLogin(db, now, staffId, 'enrolment', codes ? 'ok' : 'invalid')
  return codes
}

/** The second step: a code from the authenticator app, or one unused recovery code. Throttled like passwords. */
export async function checkSecondFactor(db: Db, limits: RateLimits, input: { staffId: string; code: string; address: string; now: Date }): Promise<{ ok: true } | Refusal> {
  const { staffId, code, now } = input
  const wait = await waitBefore(limits, 'code', staffId, input.address)
  if (wait > 0) {
    await logLogin(db, now, staffId, 'second-factor', 'throttled')
    return { ok: false, reason: 'wait', retryAfterSeconds: wait }
  }
  const cleaned = code.replace(/[\s-]/g, '').toLowerCase()
  const row = await db.selectFrom('staff_users').select('totp_secret').where('id', '=', staffId).executeTakeFirst()
  let valid = Boolean(row?.totp_secret && /^\d{6}$/.test(cleaned) && (await takeTotpStep(db, staffId, await totpStep(row.totp_secret, cleaned))))
  if (!valid && /^[0-9a-f]{10}$/.test(cleaned)) {
    const used = await db
      .updateTable('staff_recovery_codes')
      .set({ used_at: now })
      .where('staff_id', '=', staffId)
      .where('code_hash', '=', sha256(cleaned))
      .where('used_at', 'is', null)
      .executeTakeFirst()
    valid = Number(used.numUpdatedRows) === 1
  }
  if (!valid) {
    await recordFailure(limits, 'code', staffId, input.address)
    await logLogin(db, now, staffId, 'second-factor', 'invalid')
    return { ok: false, reason: 'invalid' }
  }
  await recordSuccess(limits, 'code', staffId, input.address)
  await logLogin(db, now, staffId, 'second-factor', 'ok')
  return { ok: true }
}
