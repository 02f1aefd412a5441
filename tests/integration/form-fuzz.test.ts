import http from 'node:http'
import os from 'node:os'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startApp, type RunningApp } from '../support/app-server'
import { generateCases, percentile, problemsOf, runCases, send, startHealthSampler, statusHistogram } from '../support/form-fuzz'
import { Client, FUZZ_SESSION_SECRET, prepareFuzzTargets } from '../support/fuzz-targets'
import { createEmptyDatabase } from '../support/postgres'

/**
 * Issue 11: no request can take the service down. Generated posts to every form route,
 * public and staff (signed in), over HTTP to the real app: field names with far and deep
 * indexes, unknown and very long; values huge, with control characters, right-to-left
 * overrides, emoji and encodings that do not decode; form, multipart, JSON, text/plain, no
 * content type and broken multipart bodies. None may be answered with a 5xx or take more
 * than a second, and /healthz, sampled meanwhile from a thread of its own, answers within
 * 100 ms throughout.
 *
 * FUZZ_RUNS (3000), FUZZ_SEED and FUZZ_CONCURRENCY (2) change the run; tests/bench/fuzz.bench.ts
 * runs the same generator ten thousand times and more.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000)
const SEED = Number(process.env.FUZZ_SEED ?? 20261130)
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 2)
const RESPONSE_LIMIT_MS = 1000
const HEALTH_LIMIT_MS = 100

let app: RunningApp
let database: Awaited<ReturnType<typeof createEmptyDatabase>>
let db: pg.Client

beforeAll(async () => {
  database = await createEmptyDatabase(inject('postgresUrl'))
  // TRUST_PROXY=1: each case comes from an address of its own (X-Forwarded-For), so per-address limits answer for nobody.
  app = await startApp({ FORM_MIN_FILL_SECONDS: '0', SESSION_SECRET: FUZZ_SESSION_SECRET, DATABASE_URL: database.url, TRUST_PROXY: '1' })
  db = new pg.Client({ connectionString: database.url })
  await db.connect()
}, 120_000)

afterAll(async () => {
  await db?.end()
  await app?.stop()
  await database?.drop()
})

describe('a list index far beyond the form', () => {
  it('people[5000].name=x with a draft at the people step is refused in under 100 ms, and /healthz answers right after', async () => {
    const person = new Client(app.baseURL, { 'x-forwarded-for': '10.250.0.1' })
    await person.post('/anmalan/kommun', { municipality: '0160' }, '/anmalan/vem')
    await person.post('/anmalan/vem', { concerns: 'children' }, '/anmalan/personer')
    await person.get('/anmalan/personer')
    const agent = new http.Agent({ keepAlive: true })
    try {
      // As a browser encodes the name, and as `curl -d` sends it.
      for (const body of ['people%5B5000%5D.name=x', 'people[5000].name=x']) {
        const answer = await send(agent, app.baseURL, {
          url: '/anmalan/personer',
          headers: { cookie: person.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.250.0.1' },
          body: Buffer.from(body),
        })
        const health = await send(agent, app.baseURL, { method: 'GET', url: '/healthz', headers: {} })
        // Refused by the form reader itself (400, or 413 for too much), not by a limit in front of it.
        expect({ body, status: answer.status, refused: answer.status === 400 || answer.status === 413 }).toMatchObject({ body, refused: true })
        expect(answer.ms, `${body} took ${answer.ms.toFixed(1)} ms`).toBeLessThan(100)
        expect(health.status).toBe(200)
      }
    } finally {
      agent.destroy()
    }
    // Nothing was stored: the people step is still the one to answer.
    const next = await person.request('/anmalan/oro')
    expect([next.status, next.location]).toEqual([303, '/anmalan/personer'])
  })
})

describe('generated posts to every form route', () => {
  it(`${RUNS} cases (seed ${SEED}): no 5xx, every answer within 1 s, /healthz under 100 ms meanwhile`, async () => {
    const prepared = await prepareFuzzTargets({ baseURL: app.baseURL, db, sessionSecret: FUZZ_SESSION_SECRET })
    const cases = generateCases(prepared.targets, { seed: SEED, count: RUNS })
    await prepared.prepareDrafts(cases)

    const sampler = startHealthSampler(app.baseURL)
    const started = Date.now()
    const outcomes = await runCases({ baseURL: app.baseURL, cases, concurrency: CONCURRENCY, headersFor: prepared.headersFor })
    const seconds = (Date.now() - started) / 1000
    const health = await sampler.stop()

    const latencies = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b)
    const healthLatencies = health.map((sample) => sample.ms).sort((a, b) => a - b)
    console.log(
      [
        `form fuzz: ${outcomes.length} cases over ${prepared.targets.length} routes in ${seconds.toFixed(1)} s (concurrency ${CONCURRENCY}, load average ${os
          .loadavg()
          .map((load) => load.toFixed(2))
          .join(' ')})`,
        `  statuses ${JSON.stringify(statusHistogram(outcomes))}`,
        `  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, worst ${latencies.at(-1)?.toFixed(1)} ms`,
        `  /healthz ${health.length} samples, p99 ${percentile(healthLatencies, 99).toFixed(1)} ms, worst ${healthLatencies.at(-1)?.toFixed(1)} ms`,
      ].join('\n'),
    )

    const problems = problemsOf({ outcomes, cases, health, targets: prepared.targets }, { responseLimitMs: RESPONSE_LIMIT_MS, healthLimitMs: HEALTH_LIMIT_MS })

    // No case signed its session out, so the staff forms were fuzzed as staff until the end.
    for (const [index, target] of prepared.targets.entries()) {
      const session = prepared.sessionOf(index)
      if (!session) continue
      const page = await fetch(`${app.baseURL}${session.page}`, { headers: { cookie: session.cookie }, redirect: 'manual' })
      await page.arrayBuffer()
      if (page.headers.get('location') === '/personal/logga-in') problems.push(`the session of ${target.label} was signed out during the run`)
    }
    expect(problems.join('\n')).toBe('')
  }, 600_000)
})
