import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { JourSettings } from '~/domain/jour-settings'
import { formatReference } from '~/domain/reference'
import type { Db } from '~/server/db.server'
import { findJourSettings, saveJourSettings } from '~/server/jour-settings.server'
import { submitReport } from '~/server/reports.server'
import type { Jobs } from '~/server/jobs.server'
import { seedDemoStaff } from '~/server/seed.server'
import { immediateReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import { createTestDatabase } from '../support/postgres'
import { startTestWorker } from '../support/worker'

let db: Db
let jobs: Jobs
let url: string
let drop: () => Promise<void>
let smtp: TestSmtp
const cipher = testCipher()

// Sociala jouren syd is hosted by Vellinge (1233); Nordost by Vallentuna (0115).
const SYD_MUNICIPALITIES = ['1233', '1291', '1265', '1264', '1230', '1263', '1270', '1286', '1287']
const NORDOST_MUNICIPALITIES = ['0115', '0117', '0160', '0162', '0186', '0187', '0188']
// 22:40 on a Monday: Vellinge's intake is closed, Sociala jouren syd is on.
const NIGHT = new Date('2026-11-23T21:40:00Z')

const settings: JourSettings = {
  backupAfterMinutes: 5,
  everyoneAfterMinutes: 20,
  repeatMinutes: 5,
  sharedEmail: 'jouren.syd@kommun.test',
  managerEmail: undefined,
  rotaWeekday: 3,
  rotaTime: '16:00',
  rotaAnchorDate: '2026-01-07',
  pairs: [{ primary: { name: 'Nora Ny', email: 'nora.ny@kommun.test', smsEmail: null }, backup: { name: 'Olle Ny', email: 'olle.ny@kommun.test', smsEmail: null } }],
}

async function staffId(email: string) {
  return (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
}

beforeAll(async () => {
  ;({ db, jobs, drop, url } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
  smtp = await startTestSmtp()
})
afterAll(async () => {
  await drop()
  await smtp.stop()
})

describe("a jour's paging settings and rota", () => {
  it('are kept by the administrators of the host municipality only', async () => {
    expect(await findJourSettings(db, NORDOST_MUNICIPALITIES, 'syd')).toBeNull()
    // Vellinge's neighbour Trelleborg is a member of the jour, not its host.
    expect(await findJourSettings(db, ['1287'], 'syd')).toBeNull()
    const nordostAdmin = await staffId('admin.nordost@demo.orosanmalan.se')
    expect(await saveJourSettings(db, { staffId: nordostAdmin, municipalityCodes: NORDOST_MUNICIPALITIES, jourId: 'syd', settings, now: NIGHT })).toBe(false)
    const rota = await db.selectFrom('on_call_rota').select('primary_email').where('jour_id', '=', 'syd').execute()
    expect(rota.map((pair) => pair.primary_email)).not.toContain('nora.ny@kommun.test')
    expect((await findJourSettings(db, SYD_MUNICIPALITIES, 'syd'))?.jour.name).toBe('Sociala jouren syd')
  })

  it("page tonight's new förstajour once saved, and the change is in the audit log", async () => {
    const sydAdmin = await staffId('admin.syd@demo.orosanmalan.se')
    expect(await saveJourSettings(db, { staffId: sydAdmin, municipalityCodes: SYD_MUNICIPALITIES, jourId: 'syd', settings, now: NIGHT })).toBe(true)

    const saved = await findJourSettings(db, SYD_MUNICIPALITIES, 'syd')
    expect(saved?.policy).toEqual({ backupAfterSeconds: 300, everyoneAfterSeconds: 1200, repeatSeconds: 300 })
    expect(saved?.rota.pairs).toEqual(settings.pairs)
    expect(saved?.jour.manager_email).toBeNull()

    const worker = await startTestWorker({ url, db, smtpUrl: smtp.url })
    try {
      const report = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: immediateReport('1233', 'anonymous'), receivedAt: NIGHT, language: 'sv' })
      const reference = formatReference(report.reference)
      await smtp.waitFor(() => smtp.messages.some((message) => message.to.includes('nora.ny@kommun.test') && message.subject.includes(reference)), 20_000)
    } finally {
      await worker.stop()
    }

    const logged = await db.selectFrom('audit_log').select(['action', 'details', 'report_id']).where('staff_id', '=', sydAdmin).execute()
    expect(logged).toEqual([{ action: 'config.jour', details: { jourId: 'syd', jourName: 'Sociala jouren syd', pairs: 1 }, report_id: null }])
  }, 40_000)
})
