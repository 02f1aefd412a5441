import { randomBytes, timingSafeEqual } from 'node:crypto'
import { hash, verify, type Options } from '@node-rs/argon2'
import { sql } from 'kysely'
import { followUpAccess, followUpDelaySeconds, generateReplyCode, normalizeReplyCode, type FollowUpAccess, type ReporterView } from '../domain/follow-up'
import { parseReference, type RandomBytes } from '../domain/reference'
import { stockholmDate } from '../domain/calendar'
import type { AuditAction } from './audit.server'
import type { Cipher } from './crypto.server'
import type { Db, Executor } from './db.server'
import { secondsToWait, type RateLimits } from './rate-limits.server'

/**
 * The reply code's argon2id cost (docs/decisions/0011): the code has 100 bits from a CSPRNG,
 * so the hash need not make a weak secret expensive to guess; it only keeps a stolen table
 * from opening reports. 4 MiB and one pass cost 0.8 ms of one core (tests/bench/follow-up.bench.ts),
 * against 13-33 ms for the library's defaults, which are for passwords.
 */
export const REPLY_CODE_HASH_OPTIONS: Options = { memoryCost: 4096, timeCost: 1, parallelism: 1 }

const defaultRandom: RandomBytes = (size) => new Uint8Array(randomBytes(size))

/**
 * Makes the report's reply code and stores its hash, once: a second call (a reload, a
 * second tab) finds the hash there and gets null, so the code is shown only once.
 */
export async function issueReplyCode(db: Executor, reportId: string, random: RandomBytes = defaultRandom): Promise<string | null> {
  const code = generateReplyCode(random)
  const codeHash = await hash(code, REPLY_CODE_HASH_OPTIONS)
  const stored = await db
    .updateTable('reports')
    .set({ reply_code_hash: codeHash })
    .where('id', '=', reportId)
    .where('reply_code_hash', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return stored ? code : null
}

let dummy: Promise<string> | undefined
/** A hash with the same parameters, to verify against when no report has the reference: the same work, the same time. */
export const dummyReplyCodeHash = () => (dummy ??= hash(generateReplyCode(defaultRandom), REPLY_CODE_HASH_OPTIONS))

/** What an attempt to open the follow-up comes to. A wrong pair and an unknown reference are the same `notFound`. */
export type OpenOutcome =
  | { kind: 'open'; reportId: string }
  | { kind: 'ended'; reportId: string; access: Exclude<FollowUpAccess, 'open'> }
  | { kind: 'notFound' }
  | { kind: 'wait'; retryAfterSeconds: number }

/** The report a reference names, as the check needs it; undefined for none. */
export interface FollowUpTarget {
  id: string
  replyCodeHash: string | null
  closedAt: Date | null
  lastActivityAt: Date
}

/** The parts the check is made of, apart so a test can see it take the same steps for an unknown reference as for a wrong code. */
export interface OpenDeps {
  waitBefore(referenceKey: string): Promise<number>
  findTarget(referenceKey: string): Promise<FollowUpTarget | undefined>
  dummyHash(): Promise<string>
  verify(codeHash: string, code: string): Promise<boolean>
  recordFailure(referenceKey: string, reportId: string | null): Promise<void>
  recordSuccess(referenceKey: string, reportId: string): Promise<void>
  now(): Date
}

/** The reference as the limits and the failures count it: the bare form when it is a valid one, else what was typed, bounded. */
export function referenceKey(input: string): string {
  return parseReference(input) ?? input.toUpperCase().replace(/[\s-]/g, '').slice(0, 32)
}

/**
 * Checks a reference and reply code. Every path that does not open the report does the same
 * work in the same order (one lookup, one argon2id verification, one failure recorded), so
 * neither the answer nor its time tells an unknown reference from a wrong code. A pair that
 * must wait is answered before the code is looked at.
 */
export async function openFollowUp(deps: OpenDeps, input: { reference: string; code: string }): Promise<OpenOutcome> {
  const key = referenceKey(input.reference)
  const wait = await deps.waitBefore(key)
  if (wait > 0) return { kind: 'wait', retryAfterSeconds: wait }
  const target = await deps.findTarget(key)
  const code = normalizeReplyCode(input.code)
  const codeHash = target?.replyCodeHash ?? (await deps.dummyHash())
  // A code that cannot be one is still verified (as a string no code equals), for the time.
  const matches = await deps.verify(codeHash, code ?? '-')
  if (!matches || !target || target.replyCodeHash === null || code === null) {
    await deps.recordFailure(key, target?.id ?? null)
    return { kind: 'notFound' }
  }
  await deps.recordSuccess(key, target.id)
  const access = followUpAccess({ closedAt: target.closedAt, lastActivityAt: target.lastActivityAt }, deps.now())
  return access === 'open' ? { kind: 'open', reportId: target.id } : { kind: 'ended', reportId: target.id, access }
}

/** The real parts: PostgreSQL, the shared limiters, argon2id. */
export function followUpDeps(db: Db, limits: RateLimits, clientAddress: string, now: () => Date): OpenDeps {
  return {
    waitBefore: (key) => waitBefore(limits, key, clientAddress),
    findTarget: (key) => findTarget(db, key),
    dummyHash: dummyReplyCodeHash,
    verify: (codeHash, code) => verify(codeHash, code).catch(() => false),
    async recordFailure(key, reportId) {
      const at = now()
      await Promise.all([recordLimiterFailure(limits, key, clientAddress), countFailure(db, key, at)])
      await reporterAudit(db, { action: 'reporter.followUpRefused', reportId, at })
    },
    async recordSuccess(key, reportId) {
      await limits.guarded(
        'follow-up',
        () => Promise.all([limits.followUp.pairFailures.delete(pairKey(limits, key, clientAddress)), limits.followUp.pairDelay.delete(pairKey(limits, key, clientAddress))]),
        undefined,
      )
      await reporterAudit(db, { action: 'reporter.followUpOpen', reportId, at: now() })
    },
    now,
  }
}

async function findTarget(db: Executor, key: string): Promise<FollowUpTarget | undefined> {
  const row = await db
    .selectFrom('reports')
    .select([
      'reports.id',
      'reports.reply_code_hash',
      'reports.follow_up_closed_at',
      sql<Date>`greatest(reports.received_at, (select max(e.at) from report_events e where e.report_id = reports.id))`.as('lastActivityAt'),
    ])
    .where('reports.reference', '=', key)
    .executeTakeFirst()
  if (!row) return undefined
  return { id: row.id, replyCodeHash: row.reply_code_hash, closedAt: row.follow_up_closed_at, lastActivityAt: new Date(row.lastActivityAt) }
}

const pairKey = (limits: RateLimits, key: string, address: string) => limits.key('follow-up-pair', key, address)
const addressKey = (limits: RateLimits, address: string) => limits.key('follow-up-address', address)

/** The seconds this address must wait before its next try at this reference; 0 to go ahead. Never looks at the code. */
async function waitBefore(limits: RateLimits, key: string, address: string): Promise<number> {
  const { followUp } = limits
  return limits.guarded('follow-up', () => secondsToWait(followUp, addressKey(limits, address), pairKey(limits, key, address)), 0)
}

/** Counts a wrong pair against the address, the reference and the two together, and sets the pair's next try. */
async function recordLimiterFailure(limits: RateLimits, key: string, address: string): Promise<void> {
  const { followUp } = limits
  await limits.guarded(
    'follow-up',
    async () => {
      const [, pair, reference] = await Promise.all([
        followUp.failuresPerAddress.penalty(addressKey(limits, address)),
        followUp.pairFailures.penalty(pairKey(limits, key, address)),
        followUp.referenceFailures.penalty(limits.key('follow-up-reference', key)),
      ])
      const delay = followUpDelaySeconds(pair.consumedPoints, reference.consumedPoints)
      if (delay > 0) await followUp.pairDelay.block(pairKey(limits, key, address), delay)
    },
    undefined,
  )
}

/** Wrong codes are shown to staff for 30 days; older days go, a few at a time, with each new failure (the same work on every path). */
const FAILURE_DAYS_KEPT = 30

/** One more wrong code for the reference as typed, today: the count staff see on a report with that reference. */
async function countFailure(db: Executor, key: string, at: Date): Promise<void> {
  const oldest = stockholmDate(new Date(at.getTime() - FAILURE_DAYS_KEPT * 24 * 3600 * 1000))
  await sql`delete from follow_up_failures where ctid in (select ctid from follow_up_failures where day < ${oldest} limit 100 for update skip locked)`.execute(db)
  await db
    .insertInto('follow_up_failures')
    .values({ reference: key, day: stockholmDate(at), failures: 1, last_at: at })
    .onConflict((conflict) => conflict.columns(['reference', 'day']).doUpdateSet((eb) => ({ failures: eb('follow_up_failures.failures', '+', 1), last_at: at })))
    .execute()
}

export type ReporterAuditAction = Extract<AuditAction, `reporter.${string}`>

/** The reporter's own acts in the audit log: no staff member, no address, nothing they typed. */
export async function reporterAudit(db: Executor, entry: { action: ReporterAuditAction; reportId: string | null; at: Date; details?: Record<string, unknown> }): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: entry.at, staff_id: null, action: entry.action, report_id: entry.reportId, details: JSON.stringify(entry.details ?? {}) })
    .execute()
}

/*
 * Between the page that opened the report and the reporter's next form, the page carries a
 * short-lived token (the report's id, an expiry, a keyed MAC) rather than the code: the code
 * is typed once and never written back into a page.
 */
const ACCESS_MINUTES = 30

export function accessToken(cipher: Pick<Cipher, 'keyedHash'>, reportId: string, now: Date): string {
  const expires = now.getTime() + ACCESS_MINUTES * 60_000
  const body = `${reportId}.${expires}`
  return `${body}.${cipher.keyedHash('follow-up-access', body)}`
}

/** The report a token from our own page names, while it is fresh; null for anything else. */
export function readAccessToken(cipher: Pick<Cipher, 'keyedHash'>, token: string, now: Date): string | null {
  const match = /^([0-9a-f-]{36})\.(\d{1,15})\.([0-9a-f]{64})$/.exec(token)
  if (!match) return null
  const [, reportId, expires, mac] = match
  const expected = Buffer.from(cipher.keyedHash('follow-up-access', `${reportId}.${expires}`), 'hex')
  if (!timingSafeEqual(expected, Buffer.from(mac!, 'hex'))) return null
  return Number(expires) > now.getTime() ? reportId! : null
}

/** Whether the report's follow-up is still open now (closed or expired since the page was shown ends it). */
export async function followUpAccessNow(db: Executor, reportId: string, now: Date): Promise<FollowUpAccess | null> {
  const row = await db
    .selectFrom('reports')
    .select(['reports.follow_up_closed_at', sql<Date>`greatest(reports.received_at, (select max(e.at) from report_events e where e.report_id = reports.id))`.as('lastActivityAt')])
    .where('reports.id', '=', reportId)
    .executeTakeFirst()
  if (!row) return null
  return followUpAccess({ closedAt: row.follow_up_closed_at, lastActivityAt: new Date(row.lastActivityAt) }, now)
}

/** The municipality a report is with now: for the jour's number when the reporter is asked to wait. */
export async function reportMunicipality(db: Executor, reportId: string): Promise<string | null> {
  const row = await db.selectFrom('reports').select('municipality_code').where('id', '=', reportId).executeTakeFirst()
  return row?.municipality_code ?? null
}

/** What the reporter sees: received when, read or not, the open questions. Nothing the report says, nothing staff decided. */
export async function reporterView(db: Executor, cipher: Cipher, reportId: string): Promise<ReporterView> {
  const [report, read, questions, additions] = await Promise.all([
    db.selectFrom('reports').select('received_at').where('id', '=', reportId).executeTakeFirstOrThrow(),
    db
      .selectFrom('audit_log')
      .select('id')
      .where('report_id', '=', reportId)
      .where('action', 'in', ['report.view', 'report.print'])
      .where('staff_id', 'is not', null)
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('reporter_questions as q')
      .innerJoin('report_events as e', 'e.id', 'q.question_event_id')
      .select(['q.id', 'q.asked_at', 'q.answered_at', 'e.data'])
      .where('q.report_id', '=', reportId)
      .orderBy('q.asked_at')
      .execute(),
    db
      .selectFrom('report_events')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('report_id', '=', reportId)
      .where('kind', '=', 'reporterAddition')
      .executeTakeFirstOrThrow(),
  ])
  return {
    receivedAt: report.received_at,
    read: read !== undefined,
    openQuestions: questions
      .filter((question) => question.answered_at === null)
      .map((question) => ({ id: question.id, askedAt: question.asked_at, text: cipher.decrypt(String(question.data.note), 'report_events.data') })),
    answeredQuestions: questions.filter((question) => question.answered_at !== null).length,
    additions: Number(additions.count),
  }
}

/** Wrong reply codes typed for this report's reference over the last 30 days, and the latest. */
export async function wrongCodes(db: Executor, reference: string, now: Date): Promise<{ count: number; lastAt: Date | null }> {
  const since = stockholmDate(new Date(now.getTime() - FAILURE_DAYS_KEPT * 24 * 3600 * 1000))
  const row = await db
    .selectFrom('follow_up_failures')
    .select((eb) => [eb.fn.sum<string>('failures').as('count'), eb.fn.max('last_at').as('lastAt')])
    .where('reference', '=', reference)
    .where('day', '>=', since)
    .executeTakeFirst()
  return { count: Number(row?.count ?? 0), lastAt: row?.lastAt ? new Date(row.lastAt) : null }
}
