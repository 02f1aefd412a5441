import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onCallAt } from '~/domain/on-call'
import { formatReference } from '~/domain/reference'
import { readConfig } from '~/server/config.server'
import { createCipher } from '~/server/crypto.server'
import { createDb, type Db } from '~/server/db.server'
import { startJobs, type Jobs } from '~/server/jobs.server'
import { submitReport } from '~/server/reports.server'
import { demoRotaAddress } from '../../db/seed/regions'
import { appDatabaseUrl } from '../e2e/support/app-database'
import { immediateReport } from '../fixtures/reports'
import { startApp, type RunningApp } from '../support/app-server'
import { startTestSmtp, type TestSmtp } from '../support/mail'

/**
 * Issue 11: the web cannot starve the pages. The service runs as `npm start` runs it, its
 * web process is stopped (SIGSTOP) for 30 s, and an immediate report's pages fall due
 * meanwhile: the worker, in its own process, still hands them to the mail server on time.
 */

// 22:40 on a Monday in Stockholm: Täby's intake is closed and Socialjouren Nordost is open.
const NIGHT = new Date('2026-11-23T21:40:00Z')
const STALL_MS = 30_000
const BAKJOUR_AFTER_SECONDS = 6

let app: RunningApp
let smtp: TestSmtp
let db: Db
let jobs: Jobs

// The demo rota of seedDemoPaging: Nordost turns over on Mondays at 16:30, three pairs from 2026-01-05.
const onCallNow = () => {
  const pairs = [0, 1, 2].map((position) => ({
    primary: { name: '', email: demoRotaAddress('nordost', 'primary', position), smsEmail: null },
    backup: { name: '', email: demoRotaAddress('nordost', 'backup', position), smsEmail: null },
  }))
  return onCallAt({ weekday: 1, time: '16:30', anchorDate: '2026-01-05', pairs }, new Date())!
}

/** A Linux process's state letter: `T` is stopped. */
async function processState(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(')') + 2)[0]!
}

/** The state once the kernel has acted on a signal just sent (it is delivered, not applied, by `kill`). */
async function settledState(pid: number, expected: string): Promise<string> {
  const deadline = Date.now() + 2_000
  let state = await processState(pid)
  while (state !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
    state = await processState(pid)
  }
  return state
}

beforeAll(async () => {
  smtp = await startTestSmtp()
  // The web process itself, not tsx's wrapper, so SIGSTOP stops what serves the web.
  // Vitest sets BASE_URL=/ in the environment (Vite's base); empty lets the app use its own.
  app = await startApp({ SMTP_URL: smtp.url, FORM_MIN_FILL_SECONDS: '0', BASE_URL: '' }, { withoutWrapper: true })
  // The start-up banner is printed once the worker process beside the web is ready.
  for (const deadline = Date.now() + 30_000; !app.output().includes('run by the worker process beside this one');) {
    if (Date.now() > deadline) throw new Error(`no worker process in 30 s:\n${app.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const url = await appDatabaseUrl(app.dataDir)
  db = createDb(url, { max: 2 })
  jobs = await startJobs(url, { role: 'web' }, () => {})
  await db.updateTable('jour_units').set({ page_backup_after_seconds: BAKJOUR_AFTER_SECONDS }).where('id', '=', 'nordost').execute()
}, 90_000)

afterAll(async () => {
  await jobs?.boss.stop({ graceful: false, timeout: 1000 })
  await db?.destroy()
  await app?.stop()
  await smtp?.stop()
})

describe('a stalled web process', () => {
  it('does not delay the pages: each is accepted by SMTP within 2 s of falling due while the web is stopped for 30 s', async () => {
    const workerPid = Number(/worker process beside this one \(pid (\d+)\)/.exec(app.output())?.[1])
    expect(workerPid).toBeGreaterThan(0)
    expect(workerPid).not.toBe(app.pid)
    const pair = onCallNow()
    // Stands for a web process whose event loop one request holds (issue 11: ten minutes).
    process.kill(app.pid, 'SIGSTOP')
    const stoppedAt = Date.now()
    try {
      expect(await settledState(app.pid, 'T')).toBe('T')
      // Submitted as the web's action does (the report and its first page step in one
      // transaction): the first page falls due at this commit, the bakjour's 6 s later.
      const submitStarted = Date.now()
      const report = await submitReport(db, createCipher(readConfig({ NODE_ENV: 'test' })), jobs, {
        submissionKey: randomUUID(),
        report: immediateReport('0160', 'anonymous'),
        receivedAt: NIGHT,
        language: 'sv',
      })
      const reference = formatReference(report.reference)
      const pageTo = (address: string) => smtp.messages.find((message) => message.to.includes(address) && message.subject.includes(reference))
      await smtp.waitFor(() => Boolean(pageTo(pair.primary.email) && pageTo(pair.backup.email)), 20_000)

      const { rows } = await sql<{ startAfter: Date }>`
        select start_after as "startAfter" from pgboss.job
        where name = 'page-step' and data->>'reportId' = ${report.id} and data->>'step' = '1'`.execute(db)
      const bakjourDue = rows[0]!.startAfter.getTime()
      // The first page was due no earlier than the submit began: this delay is an upper bound.
      const firstPageDelay = pageTo(pair.primary.email)!.acceptedAt - submitStarted
      const bakjourDelay = pageTo(pair.backup.email)!.acceptedAt - bakjourDue
      console.log(`web process stopped: first page accepted ${firstPageDelay} ms after it fell due, the bakjour's ${bakjourDelay} ms after`)

      expect(await processState(app.pid)).toBe('T')
      expect(Date.now() - stoppedAt).toBeLessThan(STALL_MS)
      expect(firstPageDelay).toBeLessThan(2000)
      expect(bakjourDelay).toBeGreaterThanOrEqual(0)
      expect(bakjourDelay).toBeLessThan(2000)
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + STALL_MS - Date.now())))
    } finally {
      process.kill(app.pid, 'SIGCONT')
    }
    const health = await fetch(`${app.baseURL}/healthz`)
    expect(health.status).toBe(200)
  }, 90_000)
})
