/**
 * Paging the jour. (1) How long from an immediate report's submit until the mail server has
 * accepted the page to the förstajour, at 1, 10 and 50 submits per second, with one worker
 * in this process. (2) How long a page waits when the worker process sending it is killed
 * (kill -9) in the middle of the send: until a new worker process runs the job again, and
 * until the page is accepted. It prints figures and asserts nothing about timing; it exits 1
 * when a page is missing or sent twice.
 *
 *   npx tsx tests/bench/paging.bench.ts
 *
 * Options through the environment: BENCH_SECONDS (10: seconds at 1/s and 10/s; 50/s runs at
 * most 6 s), BENCH_PAGE_WAIT_SECONDS (60: how long the pages of one rate may take before the
 * missing ones count as missing), BENCH_KILL_RUNS (2: kill -9 runs).
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { onCallAt } from '../../app/domain/on-call'
import { formatReference } from '../../app/domain/reference'
import { readConfig } from '../../app/server/config.server'
import { SERVICE_NODE_OPTIONS } from '../../app/server/node-options'
import { createCipher, type Cipher } from '../../app/server/crypto.server'
import { createDb, type Db } from '../../app/server/db.server'
import { QUEUES, startJobs, type Jobs } from '../../app/server/jobs.server'
import { createLogger } from '../../app/server/logger.server'
import { createMailer } from '../../app/server/mailer.server'
import { submitReport } from '../../app/server/reports.server'
import { loadJourPaging } from '../../app/server/rota.server'
import { startWorker } from '../../app/server/worker.server'
import { immediateReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { startTestSmtp, type CaughtMessage, type TestSmtp } from '../support/mail'
import { createTestDatabase, startTestPostgres } from '../support/postgres'
import { ms, note, percentile, runBenchmark, SECONDS, stopOnInterrupt } from './support'

const ROOT = path.resolve(import.meta.dirname, '../..')
const RATES = [
  { perSecond: 1, seconds: SECONDS },
  { perSecond: 10, seconds: SECONDS },
  { perSecond: 50, seconds: Math.min(SECONDS, 6) },
]
const KILL_RUNS = Number(process.env.BENCH_KILL_RUNS ?? 2)
// 22:40 on a Monday in Stockholm: Täby's intake is closed, so an immediate report goes to Socialjouren Nordost.
const NIGHT = new Date('2026-11-23T21:40:00Z')
const TABY = '0160'
const JOUR = 'nordost'
// The defaults: no escalation step (bakjour after 10 min) comes due during the run.
const POLICY = { page_backup_after_seconds: 600, page_everyone_after_seconds: 1500, page_repeat_seconds: 600 }
const MAIL_FROM = 'Orosanmälan <no-reply@test.invalid>'
// How long the pages of one rate may take to come in before the missing ones are given up on.
const PAGE_WAIT_MS = Number(process.env.BENCH_PAGE_WAIT_SECONDS ?? 60) * 1000

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(2)} s`

/** What is open now (databases, the in-process worker): closed by its owner, or at the end or on Ctrl-C; each once. */
const open = new Set<() => Promise<void>>()
function closeLater(what: string, close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  const once = () => {
    open.delete(once)
    closing ??= close().catch((error: unknown) => console.error(`closing ${what} failed:`, error))
    return closing
  }
  open.add(once)
  return once
}

/** Polls `condition` every 5 ms; `check` may throw to give up early (a child that died). */
async function until(condition: () => boolean, timeoutMs: number, what: string, check?: () => void): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (condition()) return Date.now()
    check?.()
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(5)
  }
}

/** The förstajour of Nordost at an instant, from the rota in the database (as the worker reads it). */
async function primaryOnCall(db: Db): Promise<(instant: Date) => string> {
  const { rota } = await loadJourPaging(db, JOUR)
  return (instant) => {
    const pair = onCallAt(rota, instant)
    if (!pair) throw new Error(`${JOUR} has no rota`)
    return pair.primary.email
  }
}

const isPageFor = (message: CaughtMessage, formattedReference: string, primary: string) => message.to.includes(primary) && message.subject.includes(formattedReference)

// ---------------------------------------------------------------------------------------
// Part 1: submit -> SMTP accepted, one worker in this process.

interface Submitted {
  id: string
  formatted: string
  primary: string
  /** Date.now() just before submitReport was called. */
  submittedAt: number
  submitMs: number
  /** When the first page to the förstajour was accepted. */
  acceptedAt: number | null
  pages: number
}

/** Finds each submitted report's page to the förstajour among the caught messages, reading each message once. */
class PageTracker {
  private byReference = new Map<string, Submitted>()
  private primaries = new Set<string>()
  private scanned = 0
  constructor(private smtp: TestSmtp) {}

  expect(report: Submitted) {
    this.byReference.set(report.formatted, report)
    this.primaries.add(report.primary)
  }

  scan() {
    for (; this.scanned < this.smtp.messages.length; this.scanned++) {
      const message = this.smtp.messages[this.scanned]!
      if (!message.to.some((address) => this.primaries.has(address))) continue
      for (const report of this.byReference.values()) {
        if (!isPageFor(message, report.formatted, report.primary)) continue
        report.pages++
        report.acceptedAt ??= message.acceptedAt
      }
    }
  }
}

async function submitAtNight(db: Db, cipher: Cipher, jobs: Jobs, primaryAt: (instant: Date) => string): Promise<Submitted> {
  const primary = primaryAt(new Date())
  const submittedAt = Date.now()
  const started = performance.now()
  const report = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: immediateReport(TABY, 'anonymous'), receivedAt: NIGHT, language: 'sv' })
  return { id: report.id, formatted: formatReference(report.reference), primary, submittedAt, submitMs: performance.now() - started, acceptedAt: null, pages: 0 }
}

/** Submits at a steady rate (open loop: each submit starts on time, whether or not earlier ones have finished). */
async function submitAtRate(perSecond: number, count: number, submit: () => Promise<Submitted>) {
  const reports: Submitted[] = []
  const failures: unknown[] = []
  const inFlight: Array<Promise<void>> = []
  const intervalMs = 1000 / perSecond
  const start = performance.now()
  let lastStart = start
  for (let i = 0; i < count; i++) {
    const wait = start + i * intervalMs - performance.now()
    if (wait > 0) await sleep(wait)
    lastStart = performance.now()
    inFlight.push(
      submit().then(
        (report) => void reports.push(report),
        (error: unknown) => void failures.push(error),
      ),
    )
  }
  await Promise.all(inFlight)
  return { reports, failures, spreadMs: lastStart - start }
}

/** The e-mail jobs created since `since`: how many, the longest a started one waited for a worker, and how many wait still. */
async function emailQueue(db: Db, since: Date) {
  const result = await sql<{ jobs: number; waiting: number; longest_wait: number | null }>`
    select count(*)::int as jobs,
      (count(*) filter (where state = 'created'))::int as waiting,
      max(extract(epoch from started_on - created_on))::float8 as longest_wait
    from pgboss.job where name = ${QUEUES.email} and created_on >= ${since}`.execute(db)
  const row = result.rows[0]!
  return { jobs: row.jobs, waiting: row.waiting, longestWait: row.longest_wait }
}

async function measureLatency(problems: string[], serverUrl: string, smtp: TestSmtp) {
  console.log('\nPart 1: submit -> page to the förstajour accepted by the SMTP server (one worker in this process)')
  const database = await createTestDatabase(serverUrl)
  const dropDatabase = closeLater('the part 1 database', database.drop)
  let workerDb: Db | undefined
  let workerJobs: Jobs | undefined
  let worker: { stop: () => Promise<void> } | undefined
  const stopWorker = closeLater('the in-process worker', async () => {
    await worker?.stop().catch(() => {})
    await workerJobs?.boss.stop({ graceful: false, timeout: 1000 }).catch(() => {})
    await workerDb?.destroy().catch(() => {})
  })
  try {
    await database.db.updateTable('jour_units').set(POLICY).where('id', '=', JOUR).execute()
    const primaryAt = await primaryOnCall(database.db)
    const cipher = testCipher()
    // The worker's own pool and pg-boss, as in a worker process (server.ts: createDb(url), startJobs role 'worker').
    workerDb = createDb(database.url)
    workerJobs = await startJobs(database.url, { role: 'worker' }, (error) => console.error('pg-boss (worker)', error))
    worker = await startWorker({
      db: workerDb,
      cipher,
      jobs: workerJobs,
      mailer: createMailer({ MAIL_FROM }, smtp.url),
      baseUrl: 'https://oro.test',
      logger: createLogger('silent'),
    })
    const tracker = new PageTracker(smtp)
    const submit = async () => {
      const report = await submitAtNight(database.db, cipher, database.jobs, primaryAt)
      tracker.expect(report)
      return report
    }
    const allPaged = (reports: Submitted[]) => () => {
      tracker.scan()
      return reports.every((report) => report.pages > 0)
    }

    // The first page of a process pays for cold code paths (templates, i18n, JIT); it is not counted.
    const warmUp = await submit()
    await smtp.waitFor(allPaged([warmUp]), PAGE_WAIT_MS)
    note('warm-up: one submit -> page accepted (cold)', ms(warmUp.acceptedAt! - warmUp.submittedAt))

    const phases: Array<{ label: string; count: number; reports: Submitted[] }> = []
    for (const { perSecond, seconds: duration } of RATES) {
      const label = `${perSecond}/s`
      const count = perSecond * duration
      console.log(`\n${label}: ${count} submits over ${duration} s`)
      const phaseStart = new Date()
      const { reports, failures, spreadMs } = await submitAtRate(perSecond, count, submit)
      for (const failure of failures) console.error(`  submit failed: ${(failure as Error).message ?? String(failure)}`)
      if (failures.length > 0) problems.push(`${label}: ${failures.length} of ${count} submits failed`)
      // Every page of this rate is in (or given up on) before the next rate starts.
      const allIn = await smtp.waitFor(allPaged(reports), PAGE_WAIT_MS).then(
        () => true,
        () => false,
      )
      const submitSorted = reports.map((report) => report.submitMs).sort((a, b) => a - b)
      note(
        `${label}: submits`,
        `${reports.length} in ${seconds(spreadMs + 1000 / perSecond)} (${((reports.length - 1) / (spreadMs / 1000) || 0).toFixed(1)}/s), submitReport p50 ${ms(percentile(submitSorted, 50))}, p99 ${ms(percentile(submitSorted, 99))}`,
      )
      phases.push({ label, count, reports })
      // A page still missing counts as slower than the wait, so the percentiles are not flattered.
      const latencies = reports.map((report) => (report.acceptedAt === null ? Infinity : report.acceptedAt - report.submittedAt)).sort((a, b) => a - b)
      const latency = (value: number) => (Number.isFinite(value) ? ms(value) : `> ${seconds(PAGE_WAIT_MS)}`)
      note(
        `${label}: submit -> page accepted p50 / p99`,
        `${latency(percentile(latencies, 50))} / ${latency(percentile(latencies, 99))} (max ${latency(latencies.at(-1) ?? Number.NaN)}, n = ${latencies.length})`,
      )
      const queue = await emailQueue(database.db, phaseStart)
      note(
        `${label}: e-mail jobs (pg-boss)`,
        `${queue.jobs} queued (${(queue.jobs / reports.length).toFixed(1)} per report), longest wait for a worker ${queue.longestWait === null ? '-' : seconds(queue.longestWait * 1000)}, ${queue.waiting} still waiting${allIn ? '' : ` after ${seconds(PAGE_WAIT_MS)}`}`,
      )
    }

    // A page sent twice would show up late: give it a moment, then count every page.
    await sleep(2000)
    tracker.scan()
    console.log('')
    for (const { label, count, reports } of phases) {
      const pages = reports.reduce((sum, report) => sum + report.pages, 0)
      const missing = reports.filter((report) => report.pages === 0).length
      const twice = reports.filter((report) => report.pages > 1).length
      note(`${label}: pages to the förstajour / reports`, `${pages} / ${count}`)
      if (pages !== count || missing > 0 || twice > 0) {
        const problem = `${label}: ${pages} pages for ${count} submitted reports (${missing} without a page, ${twice} paged more than once)`
        console.log(`  WARNING: ${problem}`)
        problems.push(problem)
      }
    }
  } finally {
    await stopWorker()
    await dropDatabase()
  }
}

// ---------------------------------------------------------------------------------------
// Part 2: kill -9 of a worker process in the middle of a send.

interface ChildWorker {
  /** The pid of `npx`, which leads its own process group (npx, tsx and the node running server.ts). */
  pid: number
  spawnedAt: number
  exited: () => boolean
  output: () => string
}

const children = new Set<ChildWorker>()

/** Whether any process of group `pgid` is still running (zombies not counted). */
function groupAlive(pgid: number): boolean {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    try {
      process.kill(-pgid, 0)
      return true
    } catch {
      return false
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (state !== 'Z' && Number(pgrp) === pgid) return true
  }
  return false
}

/** `npx tsx server.ts --worker` with the demo keys (no ENCRYPTION_KEYS / BLIND_INDEX_KEY), in a process group of its own. */
function spawnWorker(databaseUrl: string, smtpUrl: string): ChildWorker {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, SMTP_URL: smtpUrl, LOG_LEVEL: 'silent', NODE_ENV: 'test' }
  delete env.ENCRYPTION_KEYS
  delete env.ENCRYPTION_KEY_ID
  delete env.BLIND_INDEX_KEY
  const spawnedAt = Date.now()
  const child = spawn('npx', ['tsx', ...SERVICE_NODE_OPTIONS, 'server.ts', '--worker'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  if (child.pid === undefined) throw new Error('npx tsx server.ts --worker did not start')
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const worker: ChildWorker = { pid: child.pid, spawnedAt, exited: () => child.exitCode !== null || child.signalCode !== null, output: () => output }
  children.add(worker)
  return worker
}

/** kill -9 of the worker's whole process group; returns Date.now() just before the signal. */
function killWorker(worker: ChildWorker): number {
  const at = Date.now()
  try {
    process.kill(-worker.pid, 'SIGKILL')
  } catch {
    // already gone
  }
  return at
}

async function awaitGone(worker: ChildWorker) {
  await until(() => !groupAlive(worker.pid), 10_000, `process group ${worker.pid} to end`)
  children.delete(worker)
}

async function stopChildren() {
  for (const worker of children) {
    if (groupAlive(worker.pid)) killWorker(worker)
    await until(() => !groupAlive(worker.pid), 10_000, `process group ${worker.pid} to end`).catch((error: unknown) => console.error(error))
    children.delete(worker)
  }
}

const stillRunning = (worker: ChildWorker, name: string) => () => {
  if (worker.exited()) throw new Error(`${name} (pid ${worker.pid}) exited:\n${worker.output()}`)
}

async function killMidSend(run: number, problems: string[], serverUrl: string, smtp: TestSmtp) {
  console.log(`\nkill -9 run ${run}`)
  const database = await createTestDatabase(serverUrl)
  const dropDatabase = closeLater(`the database of kill -9 run ${run}`, database.drop)
  try {
    const primaryAt = await primaryOnCall(database.db)
    // The demo keys, as the worker processes have them; the report is anonymous, so nothing is decrypted.
    const demoCipher = createCipher(readConfig({ NODE_ENV: 'test' }))
    const messagesBefore = smtp.messages.length

    smtp.setStall(true)
    const first = spawnWorker(database.url, smtp.url)
    const dataBefore = smtp.dataStarted()
    const report = await submitAtNight(database.db, demoCipher, database.jobs, primaryAt)
    const midSend = await until(() => smtp.dataStarted() > dataBefore, 60_000, 'the first worker to start sending', stillRunning(first, 'the first worker'))
    note(`run ${run}: worker spawn -> sending the page`, `${seconds(midSend - first.spawnedAt)} (npx + tsx start, migrations, seed, pg-boss)`)

    const killedAt = killWorker(first)
    smtp.setStall(false)
    const dataAtKill = smtp.dataStarted()
    const second = spawnWorker(database.url, smtp.url)
    await awaitGone(first)
    const rerunAt = await until(() => smtp.dataStarted() > dataAtKill, 120_000, 'the job to run again', stillRunning(second, 'the second worker'))
    const [page] = await smtp
      .waitFor((messages) => messages.slice(messagesBefore).some((message) => isPageFor(message, report.formatted, report.primary)), 120_000)
      .then((messages) => messages.slice(messagesBefore).filter((message) => isPageFor(message, report.formatted, report.primary)))
    note(`run ${run}: kill -> job run again (data read)`, seconds(rerunAt - killedAt))
    note(`run ${run}: kill -> page accepted`, `${seconds(page!.acceptedAt - killedAt)} (submit -> accepted ${seconds(page!.acceptedAt - report.submittedAt)})`)

    // A second copy would come from the job being run twice: give it a moment.
    await sleep(2000)
    const key = `page:${report.id}:0:primary:email`
    const accepted = smtp.messages.slice(messagesBefore).filter((message) => isPageFor(message, report.formatted, report.primary)).length
    const deliveries = (await database.db.selectFrom('email_deliveries').select('key').where('key', '=', key).execute()).length
    const others = smtp.messages.slice(messagesBefore).filter((message) => !message.subject.includes(report.formatted))
    note(`run ${run}: pages accepted for ${key.replace(report.id, '…')}`, `${accepted} (email_deliveries rows: ${deliveries})`)
    if (accepted !== 1 || deliveries !== 1) {
      const problem = `kill -9 run ${run}: ${accepted} pages accepted and ${deliveries} deliveries recorded for the primary's page, expected 1`
      console.log(`  WARNING: ${problem}`)
      problems.push(problem)
    }
    if (others.length > 0) console.log(`  note: ${others.length} other message(s) were sent during the run (e.g. "${others[0]!.subject}"); dataStarted counted them too`)

    killWorker(second)
    await awaitGone(second)
  } finally {
    smtp.setStall(false)
    await stopChildren()
    await dropDatabase()
  }
}

// ---------------------------------------------------------------------------------------

async function main() {
  let postgres: Awaited<ReturnType<typeof startTestPostgres>> | undefined
  let smtp: TestSmtp | undefined
  // One clean-up, whoever asks first (the end of main, or Ctrl-C while main is still running): both wait for it.
  let cleaning: Promise<void> | undefined
  const cleanup = () =>
    (cleaning ??= (async () => {
      await stopChildren()
      for (const close of [...open].reverse()) await close()
      await smtp?.stop().catch(() => {})
      await postgres?.stop().catch((error: unknown) => console.error('stopping PostgreSQL failed:', error))
    })())
  const stopHandling = stopOnInterrupt(cleanup)
  const problems: string[] = []

  try {
    console.log(`Orosanmälan paging benchmark (Node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'})`)
    note(
      'machine',
      `${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')} at start`,
    )
    const started = Date.now()
    postgres = await startTestPostgres()
    note('embedded PostgreSQL start (fresh initdb)', ms(Date.now() - started))
    smtp = await startTestSmtp()

    await measureLatency(problems, postgres.url, smtp)

    console.log('\nPart 2: kill -9 of a worker process (npx tsx server.ts --worker) while the SMTP server stalls on the page')
    for (let run = 1; run <= KILL_RUNS; run++) {
      await killMidSend(run, problems, postgres.url, smtp)
    }
    note(
      'machine',
      `load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')} at the end`,
    )
  } finally {
    await cleanup()
    stopHandling()
  }
  if (problems.length > 0) {
    for (const problem of problems) console.log(`WARNING: ${problem}`)
    throw new Error(`${problems.length} problem(s): pages missing or sent more than once (see the WARNING lines)`)
  }
}

runBenchmark(main)
