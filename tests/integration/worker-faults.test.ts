import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { formatReference } from '~/domain/reference'
import { createCipher } from '~/server/crypto.server'
import { readConfig } from '~/server/config.server'
import { createDb, migrateToLatest } from '~/server/db.server'
import { startEmbeddedPostgres } from '~/server/embedded-postgres.server'
import { startJobs } from '~/server/jobs.server'
import { createLogger } from '~/server/logger.server'
import { createMailer } from '~/server/mailer.server'
import { submitReport } from '~/server/reports.server'
import { seedDemoPaging, seedRegions } from '~/server/seed.server'
import { SERVICE_NODE_OPTIONS } from '~/server/node-options'
import { startWorker } from '~/server/worker.server'
import { immediateReport } from '../fixtures/reports'
import { personalDataInMail, startTestSmtp, type TestSmtp } from '../support/mail'
import { createTestDatabase } from '../support/postgres'

// 22:40 on a Monday: Täby's reports go to Socialjouren Nordost, and immediate ones page it.
const NIGHT = new Date('2026-11-23T21:40:00Z')
// The worker child runs with the demo keys of a development start, so the test encrypts with them too.
const cipher = createCipher(readConfig({}))

let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startTestSmtp()
})
afterAll(async () => {
  expect(personalDataInMail(smtp.messages, [immediateReport('0160', 'anonymous')])).toEqual([])
  await smtp.stop()
})

const pageFor = (reference: string) => smtp.messages.filter((message) => message.subject.includes(formatReference(reference)) && message.subject.startsWith('LARM'))

/** `npm run start:worker` as a child process of its own process group, so kill -9 reaches tsx's node too. */
function startWorkerProcess(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), ...SERVICE_NODE_OPTIONS, 'server.ts', '--worker'], {
    cwd: path.resolve('.'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATABASE_URL: databaseUrl, SMTP_URL: smtp.url, LOG_LEVEL: 'silent', BASE_URL: 'https://oro.test' },
    detached: true,
    stdio: 'ignore',
  })
}

function killHard(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

describe('a web process killed with kill -9 right after the commit', () => {
  const stops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {})
  })

  it('leaves jobs that a worker still runs: the page goes out', async () => {
    const database = await createTestDatabase(inject('postgresUrl'))
    stops.push(database.drop)
    const workerJobs = await startJobs(database.url, { role: 'worker' }, () => {})
    const worker = await startWorker({
      db: database.db,
      cipher,
      jobs: workerJobs,
      mailer: createMailer({ MAIL_FROM: 't <t@test.invalid>' }, smtp.url),
      baseUrl: 'https://oro.test',
      logger: createLogger('silent'),
    })
    stops.push(async () => {
      await worker.stop()
      await workerJobs.boss.stop({ graceful: false, timeout: 1000 })
    })

    // One process (node with tsx's loader), so the SIGKILL it sends itself is what its parent sees.
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/submit-and-die.ts'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (code, sig) => resolve([code, sig])))
    expect(signal).toBe('SIGKILL')
    const reference = output.trim()
    expect(reference).toMatch(/^[0-9A-Z]{11}$/)
    await smtp.waitFor(() => pageFor(reference).length > 0, 30_000)
  }, 60_000)
})

describe('a worker killed with kill -9 in the middle of a send', () => {
  const children: ChildProcess[] = []
  let drop: () => Promise<void>
  afterAll(async () => {
    children.forEach(killHard)
    await drop?.()
  })

  it('has its job run again by another worker within a minute, and the page is delivered once', async () => {
    const database = await createTestDatabase(inject('postgresUrl'))
    drop = database.drop
    // One page per step (no SMS copy), so the page that arrives is the one that was stalled.
    await database.db.updateTable('on_call_rota').set({ primary_sms_email: null }).execute()
    smtp.setStall(true)
    const startedBefore = smtp.dataStarted()
    children.push(startWorkerProcess(database.url))
    const report = await submitReport(database.db, cipher, database.jobs, {
      submissionKey: randomUUID(),
      report: immediateReport('0160', 'anonymous'),
      receivedAt: NIGHT,
      language: 'sv',
    })

    // The first worker is mid-send: the mail server has the message but has not answered.
    await expect.poll(() => smtp.dataStarted(), { timeout: 30_000, interval: 100 }).toBeGreaterThan(startedBefore)
    const stalled = smtp.dataStarted()
    killHard(children[0]!)
    const killedAt = Date.now()
    smtp.setStall(false)
    children.push(startWorkerProcess(database.url))

    await smtp.waitFor(() => pageFor(report.reference).length > 0, 60_000)
    console.log(`kill -9 to the page delivered by another worker: ${((Date.now() - killedAt) / 1000).toFixed(1)} s`)
    expect(Date.now() - killedAt).toBeLessThan(60_000)
    expect(smtp.dataStarted()).toBeGreaterThan(stalled)
    // The stalled attempt was never accepted, so the page is not doubled.
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(pageFor(report.reference)).toHaveLength(1)
  }, 120_000)
})

describe('PostgreSQL restarted under a running worker', () => {
  let dataDir: string
  let stopPostgres: () => Promise<void>
  const stops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {})
    await stopPostgres?.().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
  })

  it('reconnects on its own and pages for a report made after the restart', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'oro-restart-'))
    let postgres = await startEmbeddedPostgres({ dataDir })
    stopPostgres = postgres.stop
    const db = createDb(postgres.url, { max: 4 })
    stops.push(() => db.destroy())
    await migrateToLatest(db)
    await seedRegions(db)
    await seedDemoPaging(db)
    const web = await startJobs(postgres.url, { role: 'web' }, () => {})
    stops.push(() => web.boss.stop({ graceful: false, timeout: 1000 }))
    const workerJobs = await startJobs(postgres.url, { role: 'worker', retry: { emailRetryDelayMaxSeconds: 2 } }, () => {})
    const worker = await startWorker({
      db,
      cipher,
      jobs: workerJobs,
      mailer: createMailer({ MAIL_FROM: 'test <t@test.invalid>' }, smtp.url),
      baseUrl: 'https://oro.test',
      logger: createLogger('silent'),
    })
    stops.push(async () => {
      await worker.stop()
      await workerJobs.boss.stop({ graceful: false, timeout: 1000 })
    })

    const before = await submitReport(db, cipher, web, { submissionKey: randomUUID(), report: immediateReport('0160', 'anonymous'), receivedAt: NIGHT, language: 'sv' })
    await smtp.waitFor(() => pageFor(before.reference).length > 0)

    await postgres.stop()
    postgres = await startEmbeddedPostgres({ dataDir, port: postgres.port })
    stopPostgres = postgres.stop

    // The pools drop their dead connections; a submit may fail until the first new one is made.
    let after: Awaited<ReturnType<typeof submitReport>> | null = null
    for (let attempt = 0; !after && attempt < 60; attempt++) {
      after = await submitReport(db, cipher, web, { submissionKey: randomUUID(), report: immediateReport('0160', 'anonymous'), receivedAt: NIGHT, language: 'sv' }).catch(
        () => null,
      )
      if (!after) await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const newest = after!
    const restartedAt = Date.now()
    await smtp.waitFor(() => pageFor(newest.reference).length > 0, 60_000)
    console.log(`page after a PostgreSQL restart delivered in ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`)
  }, 120_000)
})
