import { Writable } from 'node:stream'
import { sql } from 'kysely'
import pino from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { readConfig } from '~/server/config.server'
import type { Db } from '~/server/db.server'
import { freePort } from '~/server/embedded-postgres.server'
import { createLogger, type Logger } from '~/server/logger.server'
import { consume, createRateLimits, totalSpentFor, type PublicAction, type RateLimits } from '~/server/rate-limits.server'
import { createTestDatabase } from '../support/postgres'

let db: Db
let url: string
let drop: () => Promise<void>
const started: RateLimits[] = []

beforeAll(async () => {
  ;({ db, url, drop } = await createTestDatabase(inject('postgresUrl')))
})
afterEach(() => {
  vi.useRealTimers()
})
afterAll(async () => {
  await Promise.all(started.map((limits) => limits.stop()))
  await drop()
})

/** A limiter of its own (as one server process has), with the given RATE_LIMIT_* settings over the defaults. */
function limitsWith(env: Record<string, string> = {}, options: { databaseUrl?: string; logger?: Logger } = {}): RateLimits {
  const limits = createRateLimits({ databaseUrl: options.databaseUrl ?? url, config: readConfig(env), logger: options.logger ?? createLogger('silent') })
  started.push(limits)
  return limits
}

const from = (limits: RateLimits, clientAddress: string) => ({ limits, clientAddress })

/** The library reckons windows by Date.now(); only the date is faked, so PostgreSQL and the pool run as ever. */
function freezeClock(at: string) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(at))
  return (ms: number) => vi.setSystemTime(new Date(Date.now() + ms))
}

async function times<T>(count: number, action: () => Promise<T>): Promise<T[]> {
  const results: T[] = []
  for (let i = 0; i < count; i++) results.push(await action())
  return results
}

describe('rate limits of the public report flow', () => {
  it('refuses an address past its limit, says when to try again, and still lets another address in', async () => {
    freezeClock('2026-11-24T21:00:00Z')
    const limits = limitsWith({ RATE_LIMIT_DRAFTS_PER_MINUTE: '3' })
    const first = await times(3, () => consume(from(limits, '198.51.100.7'), 'draft'))
    expect(first).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }])
    expect(await consume(from(limits, '198.51.100.7'), 'draft')).toEqual({ allowed: false, retryAfterSeconds: 60 })
    // Another address, and another action from the same address, are their own counts.
    expect(await consume(from(limits, '198.51.100.8'), 'draft')).toEqual({ allowed: true })
    expect(await consume(from(limits, '198.51.100.7'), 'step')).toEqual({ allowed: true })
  })

  it('counts a refused request of an address nowhere in the total, and refuses every address once the total is spent', async () => {
    freezeClock('2026-11-24T21:05:00Z')
    const limits = limitsWith({ RATE_LIMIT_SUBMITS_PER_MINUTE: '2', RATE_LIMIT_TOTAL_SUBMITS_PER_SECOND: '5' })
    // One address knocking ten times spends two of the total, not ten.
    const busy = await times(10, () => consume(from(limits, '203.0.113.1'), 'submit'))
    expect(busy.filter((verdict) => verdict.allowed)).toHaveLength(2)
    let next = 10
    const others = await times(4, () => consume(from(limits, `203.0.113.${next++}`), 'submit'))
    expect(others.map((verdict) => verdict.allowed)).toEqual([true, true, true, false])
    expect(await consume(from(limits, '203.0.113.250'), 'submit')).toEqual({ allowed: false, retryAfterSeconds: 1 })
    // Known spent, the next submit is refused by the load shedder from its method and path alone;
    // a step, another total, and a page to read are not.
    expect(totalSpentFor(limits, 'POST', '/anmalan/kontrollera')).toBeGreaterThan(0)
    expect(totalSpentFor(limits, 'POST', '/anmalan/kontrollera')).toBeLessThanOrEqual(1000)
    expect(totalSpentFor(limits, 'POST', '/anmalan/oro')).toBe(0)
    expect(totalSpentFor(limits, 'GET', '/anmalan/kontrollera')).toBe(0)
    expect(totalSpentFor(limits, 'POST', '/personal/logga-in')).toBe(0)
    freezeClock('2026-11-24T21:05:01.001Z')
    expect(totalSpentFor(limits, 'POST', '/anmalan/kontrollera')).toBe(0)
  })

  it('lets a school of 50 staff behind one address send 20 reports in an hour, and stops a script from it', async () => {
    const advance = freezeClock('2026-11-25T07:00:00Z')
    const limits = limitsWith()
    const school = from(limits, '192.0.2.50')
    const refused: string[] = []
    const send = async (action: PublicAction, label: string) => {
      const verdict = await consume(school, action)
      if (!verdict.allowed) refused.push(label)
    }
    /** One report: a draft, the steps with two validation errors and an added person (9 posts), the submit. */
    const report = async (number: number, staffAtOnce: number) => {
      for (let person = 0; person < staffAtOnce; person++) await send('draft', `draft of report ${number + person}`)
      for (let step = 0; step < 9; step++) {
        for (let person = 0; person < staffAtOnce; person++) await send('step', `step ${step} of report ${number + person}`)
        advance(20_000)
      }
      for (let person = 0; person < staffAtOnce; person++) await send('submit', `submit of report ${number + person}`)
    }
    // The worst of a morning after an incident: ten teachers report at the same time, four
    // more a little later, then six one by one; two of them start over once (a second draft).
    await report(1, 10)
    advance(5 * 60_000)
    await report(11, 4)
    await send('draft', 'a teacher starts over')
    await send('draft', 'another teacher starts over')
    for (let number = 15; number <= 20; number++) {
      advance(5 * 60_000)
      await report(number, 1)
    }
    expect(refused).toEqual([])
    expect(Date.now() - new Date('2026-11-25T07:00:00Z').getTime()).toBeLessThan(60 * 60_000)

    // A script from the same address, in the same hour: 50 submits in a row are not 50 reports.
    advance(60_000)
    const script = await times(50, () => consume(school, 'submit'))
    const accepted = script.filter((verdict) => verdict.allowed).length
    expect(accepted).toBeGreaterThan(0)
    expect(accepted).toBeLessThanOrEqual(10)
  })

  it('holds across instances: two servers on one database share the count', async () => {
    freezeClock('2026-11-24T21:10:00Z')
    const env = { RATE_LIMIT_STEPS_PER_MINUTE: '4' }
    const [one, two] = [limitsWith(env), limitsWith(env)]
    expect(await consume(from(one, '198.51.100.20'), 'step')).toEqual({ allowed: true })
    expect(await consume(from(two, '198.51.100.20'), 'step')).toEqual({ allowed: true })
    expect(await consume(from(one, '198.51.100.20'), 'step')).toEqual({ allowed: true })
    expect(await consume(from(two, '198.51.100.20'), 'step')).toEqual({ allowed: true })
    expect((await consume(from(one, '198.51.100.20'), 'step')).allowed).toBe(false)
    expect((await consume(from(two, '198.51.100.20'), 'step')).allowed).toBe(false)
  })

  it('keeps a keyed hash of the address, never the address, under a key that changes every day', async () => {
    const advance = freezeClock('2026-11-24T22:00:00Z')
    const limits = limitsWith()
    await consume(from(limits, '198.51.100.99'), 'draft')
    const keys = (await db.selectFrom('rate_limits').select('key').execute()).map((row) => row.key)
    expect(keys.length).toBeGreaterThan(0)
    // A limiter's name, then the keyed hash (or `all`, the total's one key).
    for (const key of keys) expect(key).toMatch(/^[a-z-]+:([0-9a-f]{64}|all)$/)
    expect(JSON.stringify(await sql`select * from rate_limits`.execute(db))).not.toContain('198.51.100.99')
    const today = limits.key('address', '198.51.100.99')
    advance(24 * 60 * 60_000)
    expect(limits.key('address', '198.51.100.99')).not.toBe(today)
    expect(limits.key('address', '198.51.100.99')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('lets the request through when PostgreSQL fails, and warns without the address', async () => {
    const lines: string[] = []
    const logger = pino({ level: 'warn', base: undefined }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }))
    // No database behind the port at all.
    const nowhere = limitsWith({ RATE_LIMIT_DRAFTS_PER_MINUTE: '1' }, { databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/none`, logger })
    expect(await times(3, () => consume(from(nowhere, '198.51.100.66'), 'draft'))).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }])
    // A database whose limiter table is unhappy.
    const limits = limitsWith({ RATE_LIMIT_DRAFTS_PER_MINUTE: '1' }, { logger })
    await sql`alter table rate_limits rename to rate_limits_away`.execute(db)
    try {
      expect(await times(3, () => consume(from(limits, '198.51.100.67'), 'draft'))).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }])
    } finally {
      await sql`alter table rate_limits_away rename to rate_limits`.execute(db)
    }
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.join('')).toContain('rate limiter unavailable')
    expect(lines.join('')).not.toContain('198.51.100.6')
  })
})
