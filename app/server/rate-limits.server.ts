import { createHmac } from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'
import pg from 'pg'
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible'
import { STEP_PATHS } from '../domain/report-flow'
import { submitPace } from '../domain/token-bucket'
import type { Config } from './config.server'
import { openPool } from './db.server'
import type { Logger } from './logger.server'

/**
 * Limits on the public report flow and on staff sign-in, kept in PostgreSQL (table
 * `rate_limits`, rate-limiter-flexible's own) so that every instance of the service counts
 * the same requests. A client address is only ever a key, and a keyed hash at that: the key
 * is derived from SESSION_SECRET and the UTC date, so yesterday's rows cannot be linked to
 * today's, and an address is neither stored nor logged.
 */

export type PublicAction = 'draft' | 'step' | 'submit'
export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number }

const TABLE = 'rate_limits'
// A limiter query slower than this lets the request through: the limiter must not become the outage.
const QUERY_TIMEOUT_MS = 500
const WARN_EVERY_MS = 60_000

export interface RateLimits {
  readonly public: Record<PublicAction, { perAddress: RateLimiterPostgres[]; total: RateLimiterPostgres }>
  readonly login: LoginLimiters
  readonly followUp: FollowUpLimiters
  /** The export API (api-http.server.ts): calls per client, and token requests per address. */
  readonly api: { perClient: RateLimiterPostgres; tokensPerAddress: RateLimiterPostgres }
  /** Until when (ms since the epoch) this process knows an action's total to be spent: refused then with no query at all. */
  readonly totalSpentUntil: Record<PublicAction, number>
  /** This process's pace for submits: the total a second, at most a tenth of it (and at least two) at once. */
  readonly submitPace: { take(): number }
  /** Opens the store's connections now rather than at the first burst (`openPool`, db.server.ts). */
  open(): Promise<void>
  /** The key that stands for `parts` today (a client address, an account, or both). */
  key(...parts: string[]): string
  /** Runs `operation` on the limiter store; an error or a slow answer is reported once a minute and gives `fallback`. */
  guarded<T>(what: string, operation: () => Promise<T>, fallback: T): Promise<T>
  stop(): Promise<void>
}

/** Staff sign-in (auth.server.ts): no hard lockout, growing delays per account and address. */
export interface LoginLimiters extends DelayLimiters {
  /** Attempts (password or code) from one address a minute, whatever their outcome. */
  attemptsPerAddress: RateLimiterPostgres
  /** Failures from one address an hour, over every account. */
  failuresPerAddress: RateLimiterPostgres
  /** Failures of one step for one account from one address: counts toward that pair's delay. */
  pairFailures: RateLimiterPostgres
  /** "Try again at T" for one account from one address. */
  pairDelay: RateLimiterPostgres
  /** Failures of one step for one account from every address: a raised count only shortens the pairs' free tries. */
  accountFailures: RateLimiterPostgres
}

/**
 * The reporter's follow-up page (follow-up.server.ts): growing delays per reference and
 * address, never a lockout, like staff sign-in. Fixed rather than configured: they are what
 * makes guessing a reply code hopeless, not a capacity setting.
 */
export interface FollowUpLimiters extends DelayLimiters {
  /** Tries (right or wrong) from one address a minute: bounds the argon2 work one client causes. */
  attemptsPerAddress: RateLimiterPostgres
  /** Wrong pairs from one address an hour, over every reference. */
  failuresPerAddress: RateLimiterPostgres
  /** Wrong codes for one reference from one address: counts toward that pair's delay. */
  pairFailures: RateLimiterPostgres
  /** "Try again at T" for one reference from one address. */
  pairDelay: RateLimiterPostgres
  /** Wrong codes for one reference from every address: a raised count only takes the free tries away. */
  referenceFailures: RateLimiterPostgres
}

export interface RateLimitsOptions {
  databaseUrl: string
  config: Pick<
    Config,
    | 'SESSION_SECRET'
    | 'RATE_LIMIT_DRAFTS_PER_MINUTE'
    | 'RATE_LIMIT_DRAFTS_PER_HOUR'
    | 'RATE_LIMIT_STEPS_PER_MINUTE'
    | 'RATE_LIMIT_STEPS_PER_HOUR'
    | 'RATE_LIMIT_SUBMITS_PER_MINUTE'
    | 'RATE_LIMIT_SUBMITS_PER_HOUR'
    | 'RATE_LIMIT_TOTAL_DRAFTS_PER_SECOND'
    | 'RATE_LIMIT_TOTAL_STEPS_PER_SECOND'
    | 'RATE_LIMIT_TOTAL_SUBMITS_PER_SECOND'
    | 'RATE_LIMIT_LOGIN_PER_MINUTE'
    | 'RATE_LIMIT_LOGIN_FAILURES_PER_HOUR'
    | 'RATE_LIMIT_FOLLOW_UP_PER_MINUTE'
    | 'RATE_LIMIT_FOLLOW_UP_FAILURES_PER_HOUR'
    | 'RATE_LIMIT_API_PER_MINUTE'
    | 'RATE_LIMIT_API_TOKENS_PER_MINUTE'
  >
  logger: Logger
  /** Connections of the limiter's own pool: its queries never wait behind the reports'. */
  poolSize?: number
}

/** Created once per process (server.ts) and handed to loaders and actions as `context.limits`. */
export function createRateLimits(options: RateLimitsOptions): RateLimits {
  const { config, logger } = options
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: QUERY_TIMEOUT_MS,
    // Kept once opened, as the app's own pool (db.server.ts).
    idleTimeoutMillis: 0,
    // A counter lost in a crash costs nothing but a few requests' worth of limit; waiting for
    // the disk on every count costs every request. Only this pool's sessions skip that wait.
    options: '-c synchronous_commit=off',
  })
  // A dropped connection is replaced by the pool; the query that needed it fails open below.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))

  let sweeping = true
  const limiter = (keyPrefix: string, points: number, duration: number) => {
    const created = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: TABLE,
      tableCreated: true,
      keyPrefix,
      points,
      duration,
      // Once a key is over its limit, this instance refuses it from memory until its window
      // ends: a script that keeps knocking costs no query, and the refusal takes no time.
      inMemoryBlockOnConsumed: points + 1,
      // One limiter sweeps the shared table of expired rows; a sweep per limiter would only repeat it.
      clearExpiredByTimeout: sweeping,
    })
    sweeping = false
    return created
  }

  const perAddress = (name: PublicAction, perMinute: number, perHour: number) => [limiter(`${name}-min`, perMinute, 60), limiter(`${name}-hour`, perHour, 3600)]
  const limits = {
    draft: {
      perAddress: perAddress('draft', config.RATE_LIMIT_DRAFTS_PER_MINUTE, config.RATE_LIMIT_DRAFTS_PER_HOUR),
      total: limiter('draft-all', config.RATE_LIMIT_TOTAL_DRAFTS_PER_SECOND, 1),
    },
    step: {
      perAddress: perAddress('step', config.RATE_LIMIT_STEPS_PER_MINUTE, config.RATE_LIMIT_STEPS_PER_HOUR),
      total: limiter('step-all', config.RATE_LIMIT_TOTAL_STEPS_PER_SECOND, 1),
    },
    submit: {
      perAddress: perAddress('submit', config.RATE_LIMIT_SUBMITS_PER_MINUTE, config.RATE_LIMIT_SUBMITS_PER_HOUR),
      total: limiter('submit-all', config.RATE_LIMIT_TOTAL_SUBMITS_PER_SECOND, 1),
    },
  }

  const login: LoginLimiters = {
    attemptsPerAddress: limiter('login-attempts', config.RATE_LIMIT_LOGIN_PER_MINUTE, 60),
    failuresPerAddress: limiter('login-failures', config.RATE_LIMIT_LOGIN_FAILURES_PER_HOUR, 3600),
    // Counters rather than limits: their points are never reached; auth.server.ts reads the count.
    pairFailures: limiter('login-pair', 1_000_000, 3600),
    pairDelay: limiter('login-delay', 1, 3600),
    accountFailures: limiter('login-account', 1_000_000, 15 * 60),
  }

  const followUp: FollowUpLimiters = {
    attemptsPerAddress: limiter('follow-up-attempts', config.RATE_LIMIT_FOLLOW_UP_PER_MINUTE, 60),
    failuresPerAddress: limiter('follow-up-failures', config.RATE_LIMIT_FOLLOW_UP_FAILURES_PER_HOUR, 3600),
    pairFailures: limiter('follow-up-pair', 1_000_000, 3600),
    pairDelay: limiter('follow-up-delay', 1, 3600),
    referenceFailures: limiter('follow-up-reference', 1_000_000, 3600),
  }

  let dayKey: { day: string; key: Buffer } | null = null
  const todaysKey = () => {
    const day = new Date().toISOString().slice(0, 10)
    if (dayKey?.day !== day) dayKey = { day, key: createHmac('sha256', config.SESSION_SECRET).update(`rate-limit-key:${day}`).digest() }
    return dayKey.key
  }

  let lastWarning = 0
  const warn = (what: string, error: unknown) => {
    const now = Date.now()
    if (now - lastWarning < WARN_EVERY_MS) return
    lastWarning = now
    // The error's name and code only: a pg error's message may quote a key, and nothing else here is worth a log line.
    const { name, code } = error as { name?: string; code?: string }
    logger.warn({ what, error: name ?? 'unknown', code }, 'rate limiter unavailable: requests pass unlimited')
  }

  const api = {
    perClient: limiter('api-client', config.RATE_LIMIT_API_PER_MINUTE, 60),
    tokensPerAddress: limiter('api-tokens', config.RATE_LIMIT_API_TOKENS_PER_MINUTE, 60),
  }

  return {
    public: limits,
    login,
    followUp,
    api,
    totalSpentUntil: { draft: 0, step: 0, submit: 0 },
    submitPace: submitPace(config.RATE_LIMIT_TOTAL_SUBMITS_PER_SECOND),
    key: (...parts) => createHmac('sha256', todaysKey()).update(parts.join('\u0000')).digest('hex'),
    async guarded(what, operation, fallback) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('rate limiter timed out'), { name: 'TimeoutError' })), QUERY_TIMEOUT_MS)
      })
      try {
        return await Promise.race([operation(), timeout])
      } catch (error) {
        warn(what, error)
        return fallback
      } finally {
        clearTimeout(timer)
      }
    },
    async open() {
      // A connection not opened now is opened when needed; the limiter fails open meanwhile.
      await openPool(pool)
    },
    stop: () => pool.end(),
  }
}

/**
 * The public action a request would count as, from its method and path alone (no body, no
 * cookie): what the load shedder needs to refuse it while that action's total is spent.
 */
export function publicActionOf(method: string, pathname: string): PublicAction | null {
  if (method !== 'POST' || !pathname.startsWith('/anmalan/')) return null
  return pathname === STEP_PATHS.check ? 'submit' : 'step'
}

/**
 * Milliseconds until the total of the action `method` and `pathname` count against opens again;
 * 0 when it is open. A submit also takes a token of this process's pace, so the total's second is
 * spread over the second rather than spent in a burst at its start.
 */
export function totalSpentFor(limits: Pick<RateLimits, 'totalSpentUntil'> & Partial<Pick<RateLimits, 'submitPace'>>, method: string, pathname: string, now = Date.now()): number {
  const action = publicActionOf(method, pathname)
  if (!action) return 0
  const spent = Math.max(0, limits.totalSpentUntil[action] - now)
  if (spent > 0 || action !== 'submit' || !limits.submitPace) return spent
  return limits.submitPace.take()
}

/** Growing delays without a lockout (staff sign-in, the reporter's follow-up): attempts and failures per address, a delay per pair. */
export interface DelayLimiters {
  attemptsPerAddress: RateLimiterPostgres
  failuresPerAddress: RateLimiterPostgres
  pairDelay: RateLimiterPostgres
}

/**
 * The seconds to wait before the next try, or 0: counts this attempt from the address, and
 * waits out whichever is longest of the address's attempts, its failures, and the pair's delay.
 * Store errors are thrown, for `guarded` to let the try through.
 */
export async function secondsToWait(limiters: DelayLimiters, addressKey: string, pairKey: string): Promise<number> {
  const [attempt, failures, delay] = await Promise.allSettled([
    limiters.attemptsPerAddress.consume(addressKey),
    limiters.failuresPerAddress.get(addressKey),
    limiters.pairDelay.get(pairKey),
  ])
  let waitMs = 0
  if (attempt.status === 'rejected') {
    if (!(attempt.reason instanceof RateLimiterRes)) throw attempt.reason
    waitMs = attempt.reason.msBeforeNext
  }
  if (failures.status === 'rejected') throw failures.reason
  if (failures.value && failures.value.consumedPoints >= limiters.failuresPerAddress.points) waitMs = Math.max(waitMs, failures.value.msBeforeNext)
  if (delay.status === 'rejected') throw delay.reason
  if (delay.value && delay.value.consumedPoints > limiters.pairDelay.points) waitMs = Math.max(waitMs, delay.value.msBeforeNext)
  return waitMs > 0 ? retryAfterSeconds(waitMs) : 0
}

/** What a limiter refusal says: how long until the window that refused it ends. */
function refusal(results: PromiseSettledResult<unknown>[]): Verdict | null {
  const refused = results.flatMap((result) => (result.status === 'rejected' && result.reason instanceof RateLimiterRes ? [result.reason] : []))
  if (refused.length === 0) return null
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(Math.max(...refused.map((res) => res.msBeforeNext))) }
}

export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000))
}

/**
 * One point of `limiter` for `key`: 0 when it is allowed, otherwise the seconds to wait. A
 * store that fails or is slow lets it through (`guarded`), as every limit here does.
 */
export function secondsBeforeNext(limits: Pick<RateLimits, 'guarded'>, what: string, limiter: RateLimiterPostgres, key: string): Promise<number> {
  return limits.guarded(
    what,
    async () => {
      try {
        await limiter.consume(key)
        return 0
      } catch (error) {
        if (error instanceof RateLimiterRes) return retryAfterSeconds(error.msBeforeNext)
        throw error
      }
    },
    0,
  )
}

/** The first error that is not a refusal: the store failed, and the caller fails open. */
function storeError(results: PromiseSettledResult<unknown>[]): unknown {
  const failed = results.find((result) => result.status === 'rejected' && !(result.reason instanceof RateLimiterRes))
  return failed?.status === 'rejected' ? failed.reason : undefined
}

/**
 * Counts one public request of `action` against its limits: first the client address's
 * (a minute and an hour), then, only if those allow it, the total over every address (a
 * second). A request the address's limit refuses does not count in the total, so one
 * busy address cannot spend everybody's share. If PostgreSQL fails or is slow, the
 * request is allowed: a person in danger must not be turned away because a counter is.
 */
export async function consume(context: Pick<AppLoadContext, 'clientAddress' | 'limits'>, action: PublicAction): Promise<Verdict> {
  const { limits } = context
  const { perAddress, total } = limits.public[action]
  const key = limits.key('address', context.clientAddress)
  const settle = async (promises: Promise<unknown>[]) => {
    const results = await Promise.allSettled(promises)
    const refused = refusal(results)
    if (refused) return refused
    const error = storeError(results)
    if (error !== undefined) throw error
    return null
  }
  // Under overload most requests meet a spent total: they are refused before any query.
  const spentFor = limits.totalSpentUntil[action] - Date.now()
  if (spentFor > 0) return { allowed: false, retryAfterSeconds: retryAfterSeconds(spentFor) }
  return limits.guarded(
    `public ${action}`,
    async () => {
      const byAddress = await settle(perAddress.map((limiter) => limiter.consume(key)))
      if (byAddress) return byAddress
      try {
        await total.consume('all')
        return { allowed: true as const }
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error
        limits.totalSpentUntil[action] = Date.now() + error.msBeforeNext
        return { allowed: false as const, retryAfterSeconds: retryAfterSeconds(error.msBeforeNext) }
      }
    },
    { allowed: true } as Verdict,
  )
}
