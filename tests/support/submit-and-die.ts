/**
 * A web process that dies the instant its submit transaction has committed: it submits
 * one immediate report to DATABASE_URL, prints the reference and kills itself with
 * SIGKILL, before it could do anything else (worker-faults.test.ts).
 */
import { randomUUID } from 'node:crypto'
import { readConfig } from '../../app/server/config.server'
import { createCipher } from '../../app/server/crypto.server'
import { createDb } from '../../app/server/db.server'
import { startJobs } from '../../app/server/jobs.server'
import { submitReport } from '../../app/server/reports.server'
import { immediateReport } from '../fixtures/reports'

const config = readConfig()
const db = createDb(config.DATABASE_URL!)
const jobs = await startJobs(config.DATABASE_URL!, { role: 'web' }, () => {})
const report = await submitReport(db, createCipher(config), jobs, {
  submissionKey: randomUUID(),
  report: immediateReport('0160', 'anonymous'),
  receivedAt: new Date('2026-11-23T21:40:00Z'),
  language: 'sv',
})
process.stdout.write(`${report.reference}\n`, () => process.kill(process.pid, 'SIGKILL'))
