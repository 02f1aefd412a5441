import { readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../app/server/embedded-postgres.server'
import { startApp, type RunningApp, type StartAppOptions } from '../support/app-server'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import autocannon from 'autocannon'

/** What the benchmarks share: settings, the printed summary, percentiles, load runs, a cookie-keeping client. */

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
export const WARMUP_SECONDS = 1
export const SESSION_SECRET = 'bench-session-secret-0123456789-abcdefghij'

export const summary: Array<[string, string]> = []
export function note(label: string, value: string) {
  summary.push([label, value])
  console.log(`  ${label.padEnd(44)} ${value}`)
}
/** The machine's load, at the start or end of a run: other work on it moves every figure. */
export function noteMachineLoad(when: 'at start' | 'at the end') {
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')
  note('machine', when === 'at start' ? `${os.cpus().length} CPUs, load average ${load} at start` : `load average ${load} at the end`)
}

/** Ends a benchmark whose goals were missed: each on a WARNING line, and a non-zero exit. */
export function failOnProblems(problems: readonly string[]) {
  if (problems.length === 0) return
  console.log('')
  for (const problem of problems) console.log(`WARNING: ${problem}`)
  throw new Error(`${problems.length} problem(s): see the WARNING lines`)
}

export const ms = (value: number) => `${value.toFixed(1)} ms`
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export interface LoadResult {
  result: autocannon.Result
  latencies: number[]
}

/** An autocannon run that keeps every response's latency, for exact percentiles. */
export async function load(options: autocannon.Options): Promise<LoadResult> {
  const latencies: number[] = []
  const instance = autocannon(options)
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime))
  const result = await instance
  latencies.sort((a, b) => a - b)
  return { result, latencies }
}

export function describeLoad(label: string, { result, latencies }: LoadResult, unit = 'req/s') {
  note(`${label}: responses`, `${latencies.length} in ${result.duration.toFixed(1)} s (errors ${result.errors}, timeouts ${result.timeouts})`)
  note(`${label}: throughput`, `${(latencies.length / result.duration).toFixed(1)} ${unit}`)
  note(
    `${label}: latency p50 / p95 / p99`,
    `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))} (max ${ms(latencies.at(-1) ?? Number.NaN)})`,
  )
}

/** A browser-like client: keeps cookies, does not follow redirects. */
export class Browser {
  private jar = new Map<string, string>()
  constructor(private baseURL: string) {}

  get cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name)
  }

  async request(pathname: string, init: { method?: string; form?: Record<string, string | string[]> } = {}) {
    const headers: Record<string, string> = { cookie: this.cookieHeader }
    let body: string | undefined
    if (init.form) {
      const params = new URLSearchParams()
      for (const [name, value] of Object.entries(init.form)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(name, item)
      }
      body = params.toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    const response = await fetch(this.baseURL + pathname, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const [name, ...rest] = pair!.split('=')
      const value = rest.join('=')
      const expired = attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute)) || value === ''
      if (expired) this.jar.delete(name!.trim())
      else this.jar.set(name!.trim(), value)
    }
    return { status: response.status, location: response.headers.get('location'), html: await response.text() }
  }

  async get(pathname: string) {
    const response = await this.request(pathname)
    if (response.status !== 200) throw new Error(`GET ${pathname}: ${response.status} -> ${response.location}`)
    return response.html
  }

  /** Posts a form and expects the 303 to the given next page. */
  async post(pathname: string, form: Record<string, string | string[]>, expectedNext: string) {
    const response = await this.request(pathname, { form })
    if (response.status !== 303 || response.location !== expectedNext) {
      throw new Error(`POST ${pathname}: ${response.status} -> ${response.location}, expected 303 -> ${expectedNext}\n${response.html.slice(0, 500)}`)
    }
  }
}

/**
 * Ctrl-C or SIGTERM stops what a benchmark started, by its own handles, before exiting.
 * Returns the function that takes the handlers away again once the benchmark has cleaned up.
 */
export function stopOnInterrupt(cleanup: () => Promise<void>): () => void {
  const interrupted = () => {
    console.error('\ninterrupted: stopping what the benchmark started')
    cleanup().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  return () => {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
  }
}

/** Runs a benchmark's main function, prints the summary block, and exits 0, or 1 on an error. */
export function runBenchmark(main: () => Promise<void>) {
  const started = Date.now()
  main().then(
    () => {
      console.log('\n==================== summary ====================')
      for (const [label, value] of summary) console.log(`${label.padEnd(44)} ${value}`)
      console.log(`${'total benchmark time'.padEnd(44)} ${((Date.now() - started) / 1000).toFixed(1)} s`)
      console.log('=================================================')
      process.exit(0)
    },
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}

/**
 * The settings the app needs to run as production does (NODE_ENV=production: React's
 * production build, the production defaults), with keys made for the run: figures about
 * page rendering should be about what production runs, not React's development build.
 */
export function productionEnv(smtpUrl: string): Record<string, string> {
  const key = () => randomBytes(32).toString('base64')
  return {
    NODE_ENV: 'production',
    BASE_URL: 'http://127.0.0.1',
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Orosanmälan <bench@orosanmalan.invalid>',
    ENCRYPTION_KEYS: `bench:${key()}`,
    BLIND_INDEX_KEY: key(),
    SEED_DEMO_DATA: 'true',
  }
}

// Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks.
const TICKS_PER_SECOND = 100

/** CPU time (user + system) in ms a process has used so far; 0 when it cannot be read. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/**
 * A fresh embedded PostgreSQL in a temporary folder, the real app on it (its database given
 * through DATABASE_URL) and a client of the bench's own. `stop` ends whatever has started, by
 * the handles it holds, and deletes the folder: hand it to `stopOnInterrupt` before `start`.
 */
export function benchServices() {
  let pgDir: string | undefined
  let database: EmbeddedDatabase | undefined
  let app: RunningApp | undefined
  let db: pg.Client | undefined
  return {
    async start(env: Record<string, string>, options: StartAppOptions = {}): Promise<{ database: EmbeddedDatabase; app: RunningApp; db: pg.Client }> {
      pgDir = await mkdtemp(path.join(os.tmpdir(), 'oro-bench-pg-'))
      // As root, the server runs as the `postgres` user, which must be able to reach the folder.
      await chmod(pgDir, 0o755)
      database = await startEmbeddedPostgres({ dataDir: pgDir })
      app = await startApp({ ...env, DATABASE_URL: database.url }, options)
      db = new pg.Client({ connectionString: database.url })
      await db.connect()
      return { database, app, db }
    },
    async stop(): Promise<void> {
      await db?.end().catch(() => {})
      await app?.stop().catch((error: unknown) => console.error('stopping the app failed:', error))
      await database?.stop().catch((error: unknown) => console.error('stopping PostgreSQL failed:', error))
      if (pgDir) await rm(pgDir, { recursive: true, force: true })
      db = undefined
      app = undefined
      database = undefined
      pgDir = undefined
    },
  }
}
