/**
 * Complete reports over HTTP against the real service (web process and its worker process),
 * at a fixed arrival rate (open loop: each submit starts on its tick, however many are still
 * in flight): 200/s for 60 s, then five times that for 20 s; with `--soak` instead, 20/s for
 * 10 minutes on a fresh app. Each 303 must have its row in `reports`; each immediate report (after hours, so
 * routed to Socialjouren Nordost) exactly one page to the förstajour, accepted by a real SMTP
 * server in this process. Prints the submit latencies, the page latencies (submit to SMTP
 * acceptance), what the excess got at five times the rate, and the memory (RSS) of the web
 * and the worker process. Exits 1 when a report or a page is lost or a page is sent twice.
 *
 *   npx remix build && npx tsx tests/bench/load.bench.ts [--soak]
 *
 * The submits are sent and timed by a process of their own (load-client.ts), so the SMTP server
 * and the checks in this one do not hold up its clock.
 *
 * What is timed is the final submit (POST /anmalan/kontrollera). The drafts it sends are
 * made before each timed phase: one report is walked through every step over HTTP (an
 * anonymous neighbour in Täby; immediate or not), and its encrypted answers are copied into
 * `report_drafts` once per submit, each copy with its own signed cookie, as the app keeps
 * them; then the table is vacuumed and analyzed. Walking ~9 requests
 * per report at 200 reports/s is beyond a 2-CPU machine that also runs the client,
 * PostgreSQL and the SMTP server.
 *
 * Options through the environment: BENCH_LOAD_RATE (200), BENCH_LOAD_SECONDS (60),
 * BENCH_OVERLOAD_FACTOR (5), BENCH_OVERLOAD_SECONDS (20), BENCH_IMMEDIATE_EVERY (5: one report in
 * five is immediate), BENCH_SOAK=1 (or --soak), BENCH_SOAK_RATE (20),
 * BENCH_SOAK_SECONDS (600), BENCH_PAGE_WAIT_SECONDS (60), BENCH_WARMUP_RATE (the first phase's
 * rate) and BENCH_WARMUP_SECONDS (3). For looking into a run: BENCH_APP_ENV, BENCH_CPU_PROFILE,
 * BENCH_NODE_ARGS, BENCH_APP_OUTPUT, BENCH_SUBMITS_OUTPUT, BENCH_PG_STATEMENTS, BENCH_KEEP_ALIVE,
 * BENCH_CHECKPOINT_AT_START
 * (tests/bench/README.md).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { fork } from 'node:child_process'
import { once } from 'node:events'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { onCallAt } from '../../app/domain/on-call'
import { formatReference } from '../../app/domain/reference'
import { createDb } from '../../app/server/db.server'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../app/server/embedded-postgres.server'
import { loadJourPaging } from '../../app/server/rota.server'
import { startApp, type RunningApp } from '../support/app-server'
import { statusHistogram } from '../support/form-fuzz'
import { Client, clientAddress, copyDrafts, reportSteps, walkDraft } from '../support/fuzz-targets'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import { collectGarbage, type LoadOrder, type LoadReport } from './load-client'
import { cpuMs, ms, note, percentile, runBenchmark, SESSION_SECRET, stopOnInterrupt, noteMachineLoad, failOnProblems } from './support'

const RATE = Number(process.env.BENCH_LOAD_RATE ?? 200)
const RATE_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60)
const OVERLOAD_FACTOR = Number(process.env.BENCH_OVERLOAD_FACTOR ?? 5)
const OVERLOAD_SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 20)
const IMMEDIATE_EVERY = Number(process.env.BENCH_IMMEDIATE_EVERY ?? 5)
const SOAK = process.argv.includes('--soak') || process.env.BENCH_SOAK === '1'
const SOAK_RATE = Number(process.env.BENCH_SOAK_RATE ?? 20)
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600)
const STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1'
const KEEP_ALIVE = Number(process.env.BENCH_KEEP_ALIVE ?? 0)
const CHECKPOINT_AT_START = process.env.BENCH_CHECKPOINT_AT_START === '1'
const PAGE_WAIT_MS = Number(process.env.BENCH_PAGE_WAIT_SECONDS ?? 60) * 1000
const JOUR = 'nordost'
const CONFIRMATION = '/anmalan/bekraftelse'
// What the issue asks of a refusal and of a page.
const REFUSAL_LIMIT_MS = 100
const PAGE_P99_LIMIT_MS = 2000

/** The same spread of numbers on every run, without a pattern a fixed rate could line up with (a multiplicative hash). */
const scattered = (index: number) => (Math.imul(index + 1, 0x9e3779b1) >>> 0) % 1_000_003

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(2)} s`
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`

/** The next 23:00 in Stockholm at least an hour ahead: every intake unit is closed, so an immediate report goes to the jour. */
function nextNight(now = new Date()): Date {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', hourCycle: 'h23' })
  const at = new Date(now.getTime() + 60 * 60_000)
  at.setUTCMinutes(0, 0, 0)
  while (hour.format(at) !== '23') at.setTime(at.getTime() + 60 * 60_000)
  return at
}

// ---------------------------------------------------------------------------------------
// Memory of the app's processes

interface ProcessInfo {
  pid: number
  ppid: number
  command: string
}

function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim()
      found.push({ pid: Number(entry), ppid, command })
    } catch {
      // ended meanwhile
    }
  }
  return found
}

/** The web process (the app's pid) and its worker process (a descendant started with --worker), by pid. */
function appProcesses(webPid: number): { web: number; workers: number[] } {
  return { web: webPid, workers: descendants(webPid, /\s--worker(\s|$)/) }
}

/** Every descendant of `root` whose command line matches `pattern`. */
function descendants(root: number, pattern: RegExp): number[] {
  const all = processes()
  const found = new Set([root])
  for (let grew = true; grew;) {
    grew = false
    for (const info of all) {
      if (found.has(info.ppid) && !found.has(info.pid)) {
        found.add(info.pid)
        grew = true
      }
    }
  }
  return all.filter((info) => found.has(info.pid) && info.pid !== root && pattern.test(info.command)).map((info) => info.pid)
}

/** CPU time so far of the web process, its worker, PostgreSQL (its processes alive now: a backend that ended is not counted) and this process. */
function cpuNow(webPid: number) {
  const { workers } = appProcesses(webPid)
  const usage = process.cpuUsage()
  return {
    web: cpuMs(webPid),
    worker: workers.reduce((sum, pid) => sum + cpuMs(pid), 0),
    postgres: descendants(process.pid, /postgres/).reduce((sum, pid) => sum + cpuMs(pid), 0),
    bench: (usage.user + usage.system) / 1000,
  }
}

type LoadClient = { run: (order: LoadOrder) => Promise<LoadReport>; stop: () => void }

/**
 * The load client forked and ready (its TypeScript loaded), so its start is not in a phase's
 * time; one for the whole run, so its code is warm after the warm-up (load-client.ts).
 */
async function startLoadClient(): Promise<LoadClient> {
  const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  let stopping = false
  const exited = new Promise<never>((_resolve, reject) =>
    child.once('exit', (code) => {
      if (!stopping) reject(new Error(`the load client exited (${code}) before its report`))
    }),
  )
  exited.catch(() => {})
  await Promise.race([once(child, 'message'), exited])
  return {
    run: async (order) => {
      child.send(order)
      await Promise.race([once(child, 'message'), exited])
      // Building and sending the order made tens of MB of garbage here too: collected now, not as the phase starts.
      await collectGarbage()
      child.send('go')
      const [report] = (await Promise.race([once(child, 'message'), exited])) as [LoadReport]
      return report
    },
    stop: () => {
      stopping = true
      child.kill()
    },
  }
}

function rssKib(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

function memory(webPid: number): string {
  const { web, workers } = appProcesses(webPid)
  const worker = workers.map((pid) => `worker (pid ${pid}) ${mib(rssKib(pid) ?? Number.NaN)}`).join(', ') || 'no worker process found'
  return `web (pid ${web}) ${mib(rssKib(web) ?? Number.NaN)}, ${worker}`
}

// ---------------------------------------------------------------------------------------
// A phase: submits at a fixed rate, then the rows and the pages

interface Submit {
  id: string
  immediate: boolean
  /** When the request started, ms since the epoch. */
  at: number
  /** How late the request started against its tick. */
  lateMs: number
  status: number | string
  location: string | null
  ms: number
}

interface PhaseResult {
  label: string
  submits: Submit[]
  problems: string[]
}

/**
 * What the database's sessions are doing while a phase runs, sampled from pg_stat_activity
 * every 100 ms on a connection of its own: the wait events and statements that hold
 * sessions most often show where the time of a submit goes when CPU alone does not.
 */
function sampleDatabaseWaits(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl })
  const counts = new Map<string, number>()
  // Autovacuum's work on the CPUs the app also needs: which tables, in how many samples.
  const vacuums = new Map<string, number>()
  let samples = 0
  let busy = 0
  let running = true
  const loop = (async () => {
    await client.connect()
    while (running) {
      const { rows } = await client.query<{ wait: string; query: string; autovacuum: boolean }>(
        `select coalesce(wait_event_type || '/' || wait_event, 'cpu') as wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 80) as query,
                backend_type = 'autovacuum worker' as autovacuum
           from pg_stat_activity
          where pid <> pg_backend_pid() and state = 'active' and backend_type in ('client backend', 'autovacuum worker')`,
      )
      samples++
      for (const row of rows) {
        const into = row.autovacuum ? vacuums : counts
        if (!row.autovacuum) busy++
        into.set(`${row.wait} | ${row.query}`, (into.get(`${row.wait} | ${row.query}`) ?? 0) + 1)
      }
      await sleep(100)
    }
  })().catch(() => {})
  return {
    async stop() {
      running = false
      await loop
      await client.end().catch(() => {})
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10)
      const vacuumed = [...vacuums].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${count} × ${key.replace(/^.*\| autovacuum: /, '')}`)
      return {
        summary: `${(busy / (samples || 1)).toFixed(1)} active on average over ${samples} samples; the most frequent (count | wait | statement):`,
        top: top.map(([key, count]) => `${String(count).padStart(6)} | ${key}`),
        autovacuum: vacuumed.length > 0 ? `in ${[...vacuums.values()].reduce((sum, count) => sum + count, 0)} of ${samples} samples: ${vacuumed.join('; ')}` : 'none seen',
      }
    },
  }
}

async function runPhase(options: {
  label: string
  rate: number
  seconds: number
  app: RunningApp
  db: pg.Client
  smtp: TestSmtp
  answers: { normal: string; immediate: string }
  night: Date
  /** The förstajour's address on call at an instant: the rota changes hands at its hour, also during a run. */
  primary: (at: Date) => string
  addressOffset: number
  databaseUrl: string
  client: LoadClient
  /** False for the warm-up: its latencies are printed but are not problems. */
  timed?: boolean
}): Promise<PhaseResult> {
  const { label, rate, app, db, smtp, answers, night } = options
  const count = Math.round(rate * options.seconds)
  const problems: string[] = []
  // The warm-up's times are the process warming up (the JIT, the first connections): printed, not held against it.
  // What it stored or lost still counts.
  const latencyProblem = (problem: string) => (options.timed === false ? note(`${label}: not counted`, problem) : problems.push(problem))
  const outputBefore = app.output().length
  console.log(`\n${label}: ${count} submits at ${rate}/s for ${options.seconds} s (one in ${IMMEDIATE_EVERY} immediate, scattered)`)

  const started = Date.now()
  // One in IMMEDIATE_EVERY is immediate, scattered rather than every n-th: the submit pace admits one
  // in every rate/total arrivals, and at 200/s against 10/s that is every twentieth, the same n-th each time.
  const immediate = Array.from({ length: count }, (_, index) => scattered(index) % IMMEDIATE_EVERY === 0)
  const immediateCount = immediate.filter(Boolean).length
  const immediateDrafts = await copyDrafts(db, answers.immediate, immediateCount, SESSION_SECRET, night)
  const normalDrafts = await copyDrafts(db, answers.normal, count - immediateCount, SESSION_SECRET, night)
  const drafts = immediate.map((isImmediate) => (isImmediate ? { ...immediateDrafts.pop()!, immediate: true } : { ...normalDrafts.pop()!, immediate: false }))
  console.log(`  ${count} drafts copied into report_drafts and their cookies signed in ${ms(Date.now() - started)}`)
  // Real drafts arrive over hours, not in one insert a moment before the submits: let PostgreSQL
  // take in the new rows first (hint bits, statistics), so the phase's first second is not spent on that.
  // No checkpoint by default: one started here makes the phase's first modification of every page it
  // writes (reports, jobs, drafts, their indexes) a full-page image in the WAL, all in its first half
  // second, the worst moment a checkpoint can fall on and one a real surge meets rarely (a checkpoint
  // every 5 minutes). BENCH_CHECKPOINT_AT_START=1 puts it there, to see that moment.
  const settled = Date.now()
  await db.query('vacuum (analyze) report_drafts')
  if (CHECKPOINT_AT_START) await db.query('checkpoint')
  await sleep(1000)
  console.log(`  report_drafts vacuumed and analyzed${CHECKPOINT_AT_START ? ', a checkpoint' : ''}, and a second's pause: ${ms(Date.now() - settled)}`)
  note(`${label}: memory at start`, memory(app.pid))

  const cpuBefore = cpuNow(app.pid)
  if (STATEMENTS) await db.query('create extension if not exists pg_stat_statements; select pg_stat_statements_reset()')
  const waits = sampleDatabaseWaits(options.databaseUrl)
  // A long phase notes the memory every minute, so a trend shows rather than two points.
  const memorySamples: Array<{ at: number; web: number | null; workers: Array<number | null> }> = []
  const sampleMemory = () => {
    const { web, workers } = appProcesses(app.pid)
    memorySamples.push({ at: Date.now(), web: rssKib(web), workers: workers.map(rssKib) })
  }
  sampleMemory()
  const memoryTimer = setInterval(sampleMemory, 60_000)
  // The submits are sent and timed by a process of their own (load-client.ts): this one runs the SMTP server and the samplers.
  const load = await options.client.run({
    baseURL: app.baseURL,
    rate,
    timeoutMs: 30_000,
    keepAlive: KEEP_ALIVE,
    requests: drafts.map((draft, index) => ({
      path: '/anmalan/kontrollera',
      headers: {
        cookie: draft.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        // An address per submit: per-address limits hold for nobody here (the app trusts one proxy hop).
        'x-forwarded-for': clientAddress(options.addressOffset + index),
        'x-test-now': night.toISOString(),
      },
      body: `submissionKey=${draft.id}&website=`,
    })),
  })
  const submits: Submit[] = load.answers.map((answer, index) => ({ id: drafts[index]!.id, immediate: drafts[index]!.immediate, ...answer }))
  const { spreadMs: spread, elapsedMs: elapsed } = load
  const interval = 1000 / rate
  const cpuAfter = cpuNow(app.pid)
  cpuAfter.bench += load.cpuMs
  const waitCounts = await waits.stop()
  clearInterval(memoryTimer)
  sampleMemory()
  note(`${label}: memory at end`, memory(app.pid))

  // BENCH_SUBMITS_OUTPUT=<folder>: every submit of the phase (start, status, milliseconds) as JSON, for looking into a tail.
  if (process.env.BENCH_SUBMITS_OUTPUT) {
    writeFileSync(path.join(process.env.BENCH_SUBMITS_OUTPUT, `${label.replace(/[^a-z0-9]+/gi, '-')}.json`), JSON.stringify(submits))
  }

  // --- What the submits got ---------------------------------------------------------------
  const accepted = submits.filter((submit) => submit.status === 303 && submit.location === CONFIRMATION)
  const refused = submits.filter((submit) => submit.status === 429 || submit.status === 503)
  const failures = submits.filter((submit) => typeof submit.status !== 'number' || (submit.status >= 500 && submit.status !== 503))
  const sorted = new Set([...accepted, ...refused, ...failures])
  const others = submits.filter((submit) => !sorted.has(submit))
  const acceptedIds = new Set(accepted.map((submit) => submit.id))
  const acceptedMs = accepted.map((submit) => submit.ms).sort((a, b) => a - b)
  const refusedMs = refused.map((submit) => submit.ms).sort((a, b) => a - b)
  const late = submits.map((submit) => submit.lateMs).sort((a, b) => a - b)
  note(
    `${label}: sent`,
    `${submits.length} in ${seconds(spread + interval)} (${((submits.length - 1) / (spread / 1000) || 0).toFixed(1)}/s); start later than its tick p99 ${ms(percentile(late, 99))}, worst ${ms(late.at(-1) ?? Number.NaN)}; the client's event loop late p99 ${ms(load.loopDelayP99Ms)}, worst ${ms(load.loopDelayMaxMs)}`,
  )
  note(`${label}: statuses`, JSON.stringify(statusHistogram(submits)))
  const share = (key: keyof typeof cpuAfter) => `${key} ${((cpuAfter[key] - cpuBefore[key]) / elapsed).toFixed(2)}`
  note(
    `${label}: CPUs busy meanwhile (of ${os.cpus().length})`,
    `${share('web')}, ${share('worker')}, ${share('postgres')}, ${share('bench')} (client process + this one's SMTP server) over ${seconds(elapsed)} until the last answer; load average ${os.loadavg()[0]!.toFixed(2)}`,
  )
  note(`${label}: database sessions busy (samples every 100 ms)`, waitCounts.summary)
  for (const line of waitCounts.top) console.log(`      ${line}`)
  note(`${label}: autovacuum workers (same samples)`, waitCounts.autovacuum)
  if (STATEMENTS) {
    // Planning counted too: a statement sent unprepared is planned again on every call.
    const { rows } = await db.query<{ calls: string; total: number; plan: number; mean: number; query: string }>(
      `select calls, total_exec_time + total_plan_time as total, total_plan_time as plan, (total_exec_time + total_plan_time) / calls as mean,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query
         from pg_stat_statements where query not like '%pg_stat%' order by total desc limit 25`,
    )
    console.log('      statements by time spent, planning included (calls | total ms | of it planning | mean ms | statement):')
    for (const row of rows) {
      console.log(`      ${row.calls.padStart(7)} | ${row.total.toFixed(0).padStart(6)} | ${row.plan.toFixed(0).padStart(6)} | ${row.mean.toFixed(3).padStart(7)} | ${row.query}`)
    }
  }
  note(`${label}: 303 -> ${CONFIRMATION}`, `${accepted.length} (${(accepted.length / (options.seconds || 1)).toFixed(1)}/s accepted)`)
  note(
    `${label}: accepted submit p50 / p95 / p99`,
    `${ms(percentile(acceptedMs, 50))} / ${ms(percentile(acceptedMs, 95))} / ${ms(percentile(acceptedMs, 99))} (worst ${ms(acceptedMs.at(-1) ?? Number.NaN)})`,
  )
  if (refused.length > 0) {
    const slowRefusals = refused.filter((submit) => submit.ms > REFUSAL_LIMIT_MS).length
    note(
      `${label}: refused (429/503) p50 / p99 / worst`,
      `${ms(percentile(refusedMs, 50))} / ${ms(percentile(refusedMs, 99))} / ${ms(refusedMs.at(-1) ?? Number.NaN)}; ${slowRefusals} of ${refused.length} slower than ${REFUSAL_LIMIT_MS} ms`,
    )
    if (slowRefusals > 0) latencyProblem(`${label}: ${slowRefusals} of ${refused.length} refusals took more than ${REFUSAL_LIMIT_MS} ms (worst ${ms(refusedMs.at(-1)!)})`)
  }
  if (failures.length > 0) problems.push(`${label}: ${failures.length} answers were a 5xx other than 503 or no answer: ${JSON.stringify(statusHistogram(failures))}`)
  if (others.length > 0) {
    const what = statusHistogram(others.map((submit) => ({ status: `${submit.status}${submit.location ? ` -> ${submit.location}` : ''}` })))
    problems.push(`${label}: ${others.length} other answers: ${JSON.stringify(what)}`)
  }

  // --- Every 303 has its row --------------------------------------------------------------
  // A request the server kept working on after answering (a 503 past the request timeout) may still commit: give it a moment.
  await sleep(2000)
  const rows = (
    await db.query<{ submission_key: string; id: string; reference: string }>('select submission_key, id, reference from reports where submission_key = any($1::uuid[])', [
      submits.map((submit) => submit.id),
    ])
  ).rows
  const rowsByKey = new Map<string, Array<{ id: string; reference: string }>>()
  for (const row of rows) rowsByKey.set(row.submission_key, [...(rowsByKey.get(row.submission_key) ?? []), row])
  const lost = accepted.filter((submit) => (rowsByKey.get(submit.id)?.length ?? 0) !== 1)
  const storedAnyway = submits.filter((submit) => !acceptedIds.has(submit.id) && rowsByKey.has(submit.id))
  note(`${label}: rows in reports for the 303s`, `${accepted.length - lost.length} of ${accepted.length}${lost.length ? ` (${lost.length} LOST or doubled)` : ' (none lost)'}`)
  note(`${label}: rows for submits not answered 303`, `${storedAnyway.length}${storedAnyway.length ? ` ${JSON.stringify(statusHistogram(storedAnyway))}` : ''}`)
  // What one stored report cost, all processes together: what the machine can carry is about its CPUs' worth of this.
  const stored = accepted.length - lost.length + storedAnyway.length
  const cpuPerReport = (key: keyof typeof cpuAfter) => (cpuAfter[key] - cpuBefore[key]) / (stored || 1)
  note(
    `${label}: CPU per stored report`,
    `web ${ms(cpuPerReport('web'))}, worker ${ms(cpuPerReport('worker'))}, postgres ${ms(cpuPerReport('postgres'))} (${stored} reports stored, ${(stored / (elapsed / 1000)).toFixed(1)}/s over the phase)`,
  )
  if (lost.length > 0) problems.push(`${label}: ${lost.length} submits answered 303 have no row (or more than one) in reports`)

  // --- Every immediate report stored: one page to the förstajour --------------------------------
  // Stored whatever the answer said: a report stored after its 503 pages the jour all the same.
  const expected = new Map<string, { at: number; acceptedAt: number | null; pages: number; id: string; answered303: boolean }>()
  const paged = new Set<string>()
  for (const submit of submits) {
    if (!submit.immediate) continue
    const row = rowsByKey.get(submit.id)?.[0]
    if (row) expected.set(formatReference(row.reference), { at: submit.at, acceptedAt: null, pages: 0, id: row.id, answered303: acceptedIds.has(submit.id) })
  }
  let scanned = 0
  const scan = () => {
    for (; scanned < smtp.messages.length; scanned++) {
      const message = smtp.messages[scanned]!
      const reference = /\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]+\b/.exec(message.subject)?.[0]
      const page = reference ? expected.get(reference) : undefined
      if (!page) continue
      // The worker pages whoever is on call when its step runs: some instant between the submit and the acceptance.
      const onCall = [options.primary(new Date(page.at)), options.primary(new Date(message.acceptedAt))].find((address) => message.to.includes(address))
      if (!onCall) continue
      paged.add(onCall)
      page.pages++
      page.acceptedAt ??= message.acceptedAt
    }
    return [...expected.values()].every((page) => page.pages > 0)
  }
  const waitStarted = Date.now()
  const allIn = await smtp.waitFor(scan, PAGE_WAIT_MS).then(
    () => true,
    () => false,
  )
  // A page sent twice would come in late: give it a moment, then count every page.
  await sleep(2000)
  scan()
  const pages = [...expected.values()]
  const missing = pages.filter((page) => page.pages === 0).length
  const twice = pages.filter((page) => page.pages > 1).length
  const pageMs = pages.map((page) => (page.acceptedAt === null ? Infinity : page.acceptedAt - page.at)).sort((a, b) => a - b)
  const pageMs303 = pages
    .filter((page) => page.answered303)
    .map((page) => (page.acceptedAt === null ? Infinity : page.acceptedAt - page.at))
    .sort((a, b) => a - b)
  const pageFigure = (value: number) => (Number.isFinite(value) ? ms(value) : `> ${seconds(PAGE_WAIT_MS)}`)
  const deliveries = Number(
    (await db.query<{ count: string }>('select count(*) from email_deliveries where key = any($1::text[])', [pages.map((page) => `page:${page.id}:0:primary:email`)])).rows[0]!
      .count,
  )
  note(
    `${label}: immediate reports stored and paged`,
    `${pages.length - missing} of ${pages.length} (${pageMs303.length} of them answered 303); ${twice} paged more than once; email_deliveries rows ${deliveries}; förstajour ${[...paged].join(', then ') || 'none'}`,
  )
  note(
    `${label}: submit -> page accepted p50 / p99`,
    `${pageFigure(percentile(pageMs, 50))} / ${pageFigure(percentile(pageMs, 99))} (worst ${pageFigure(pageMs.at(-1) ?? Number.NaN)}; all in ${allIn ? `${seconds(Date.now() - waitStarted - 2000)} after the last answer` : 'NOT within the wait'})`,
  )
  if (options.seconds >= 120) {
    // Minute by minute: submits, their p99, the pages' p99 and the memory at the minute's end.
    const phaseStart = Math.min(...submits.map((submit) => submit.at))
    const minute = (at: number) => Math.floor((at - phaseStart) / 60_000)
    console.log('  minute  submits  accepted p99  page p99   web RSS  worker RSS')
    for (let index = 0; index <= minute(Math.max(...submits.map((submit) => submit.at))); index++) {
      const inMinute = submits.filter((submit) => minute(submit.at) === index)
      const acceptedInMinute = inMinute
        .filter((submit) => acceptedIds.has(submit.id))
        .map((submit) => submit.ms)
        .sort((a, b) => a - b)
      const pagesInMinute = pages
        .filter((page) => minute(page.at) === index)
        .map((page) => (page.acceptedAt === null ? Infinity : page.acceptedAt - page.at))
        .sort((a, b) => a - b)
      const sample = memorySamples.find((candidate) => candidate.at >= phaseStart + (index + 1) * 60_000) ?? memorySamples.at(-1)!
      console.log(
        `  ${String(index + 1).padStart(6)}  ${String(inMinute.length).padStart(7)}  ${ms(percentile(acceptedInMinute, 99)).padStart(12)}  ${pageFigure(percentile(pagesInMinute, 99)).padStart(9)}  ${mib(sample.web ?? Number.NaN).padStart(8)}  ${sample.workers
          .map((kib) => mib(kib ?? Number.NaN))
          .join(', ')
          .padStart(10)}`,
      )
    }
  }
  if (pageMs303.length !== pageMs.length) {
    note(`${label}: the same, reports answered 303 only`, `${pageFigure(percentile(pageMs303, 50))} / ${pageFigure(percentile(pageMs303, 99))}`)
  }
  if (missing > 0 || twice > 0) problems.push(`${label}: ${missing} immediate reports without a page, ${twice} paged more than once`)
  // What the app logged meanwhile (it runs at LOG_LEVEL=warn: warnings and errors): the kinds of message, counted.
  const logged = app
    .output()
    .slice(outputBefore)
    .split('\n')
    .filter((line) => /"level":(40|50|60)/.test(line))
    .map((line) => `${/"level":(\d+)/.exec(line)?.[1] === '40' ? 'warn' : 'error'}: ${/"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 120)}`)
  note(`${label}: app warnings and errors logged`, logged.length === 0 ? '0' : JSON.stringify(statusHistogram(logged.map((message) => ({ status: message })))).slice(0, 600))
  if (pages.length > 0 && !(percentile(pageMs, 99) < PAGE_P99_LIMIT_MS))
    latencyProblem(`${label}: page p99 ${pageFigure(percentile(pageMs, 99))}, not under ${seconds(PAGE_P99_LIMIT_MS)}`)
  return { label, submits, problems }
}

// ---------------------------------------------------------------------------------------

async function main() {
  let pgDir: string | undefined
  let database: EmbeddedDatabase | undefined
  let app: RunningApp | undefined
  let db: pg.Client | undefined
  let smtp: TestSmtp | undefined
  let client: LoadClient | undefined
  const cleanup = async () => {
    client?.stop()
    client = undefined
    await db?.end().catch(() => {})
    if (app && process.env.BENCH_APP_OUTPUT) writeFileSync(process.env.BENCH_APP_OUTPUT, app.output())
    await app?.stop().catch((error: unknown) => console.error('stopping the app failed:', error))
    await smtp?.stop().catch(() => {})
    await database?.stop().catch((error: unknown) => console.error('stopping PostgreSQL failed:', error))
    if (pgDir) await rm(pgDir, { recursive: true, force: true })
    db = undefined
    app = undefined
    smtp = undefined
    database = undefined
    pgDir = undefined
  }
  const stopHandling = stopOnInterrupt(cleanup)
  const problems: string[] = []

  try {
    console.log(`Orosanmälan load benchmark (Node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'})`)
    noteMachineLoad('at start')
    console.log('  timed: the final submit only; each draft is a copy, made in report_drafts before the phase, of one report walked over HTTP (see the header of this file)')
    pgDir = await mkdtemp(path.join(os.tmpdir(), 'oro-bench-pg-'))
    // As root, the server runs as the `postgres` user, which must be able to reach the folder.
    await chmod(pgDir, 0o755)
    // BENCH_PG_STATEMENTS=1: pg_stat_statements loaded, and each phase prints its statements by time spent.
    database = await startEmbeddedPostgres({ dataDir: pgDir, settings: STATEMENTS ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track_planning=on'] : [] })
    smtp = await startTestSmtp({ bodies: false })
    // The web process itself is the pid (no tsx wrapper), so its RSS and its worker's are read from /proc.
    // Shedding as in production: startApp loosens the event-loop limit for tests, this puts the default (500 ms) back.
    app = await startApp(
      {
        FORM_MIN_FILL_SECONDS: '0',
        SESSION_SECRET,
        DATABASE_URL: database.url,
        SMTP_URL: smtp.url,
        TRUST_PROXY: '1',
        EVENT_LOOP_DELAY_LIMIT_MS: '500',
        ...(process.env.BENCH_APP_ENV ? (JSON.parse(process.env.BENCH_APP_ENV) as Record<string, string>) : {}),
      },
      // BENCH_CPU_PROFILE=<folder>: a CPU profile of the web process (not its worker), written there when it stops.
      // BENCH_NODE_ARGS: more options for the web process's node (e.g. `--trace-gc`); with BENCH_APP_OUTPUT=<file> its output is kept there.
      {
        withoutWrapper: true,
        nodeArgs: [
          ...(process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []),
          ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        ],
      },
    )
    note('app processes', `${JSON.stringify(appProcesses(app.pid))}; rate limits and overload limits the production defaults, none raised`)
    db = new pg.Client({ connectionString: database.url })
    await db.connect()

    const night = nextNight()
    note('reports received at (X-Test-Now)', `${night.toISOString()} (23:00 in Stockholm: every intake unit closed; Täby's jour is Socialjouren Nordost)`)
    const walker = (address: string) => new Client(app!.baseURL, { 'x-forwarded-for': address })
    const answers = {
      normal: await walkDraft(walker('10.255.0.1'), db, reportSteps({ anonymous: true }), SESSION_SECRET),
      immediate: await walkDraft(walker('10.255.0.2'), db, reportSteps({ anonymous: true, danger: true }), SESSION_SECRET),
    }
    // The worker pages whoever is on call at the real time; read as it reads it.
    const kysely = createDb(database.url, { max: 1 })
    const { rota } = await loadJourPaging(kysely, JOUR)
    await kysely.destroy()
    const primary = (at: Date) => {
      const pair = onCallAt(rota, at)
      if (!pair) throw new Error(`${JOUR} has no rota`)
      return pair.primary.email
    }

    client = await startLoadClient()
    let addressOffset = 0
    const phase = async (label: string, rate: number, duration: number, timed = true) => {
      const result = await runPhase({
        label,
        rate,
        seconds: duration,
        app: app!,
        db: db!,
        smtp: smtp!,
        answers,
        night,
        primary,
        addressOffset,
        databaseUrl: database!.url,
        client: client!,
        timed,
      })
      addressOffset += result.submits.length
      problems.push(...result.problems)
      return result
    }

    // The first requests pay for cold code paths (and the JIT compiles them on the same CPUs); not counted. At the
    // phase's rate, so refusals are warmed too, as on a service that has been up for a while.
    const warmUp = await phase('warm-up', Number(process.env.BENCH_WARMUP_RATE ?? (SOAK ? SOAK_RATE : RATE)), Number(process.env.BENCH_WARMUP_SECONDS ?? 3), false)
    problems.splice(0, problems.length, ...warmUp.problems.map((problem) => `(warm-up) ${problem}`))

    if (SOAK) {
      // Alone, on a fresh app: its memory at the start is not what an earlier overload left.
      await phase(`soak ${SOAK_RATE}/s`, SOAK_RATE, SOAK_SECONDS)
    } else {
      await phase(`${RATE}/s`, RATE, RATE_SECONDS)
      await phase(`${RATE * OVERLOAD_FACTOR}/s (${OVERLOAD_FACTOR}x)`, RATE * OVERLOAD_FACTOR, OVERLOAD_SECONDS)
      console.log(`\n(the ${SOAK_SECONDS / 60}-minute run at ${SOAK_RATE}/s for memory runs alone with --soak or BENCH_SOAK=1)`)
    }
    noteMachineLoad('at the end')
  } finally {
    await cleanup()
    stopHandling()
  }
  failOnProblems(problems)
}

runBenchmark(main)
