import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { MunicipalitySettings } from '~/domain/municipality-settings'
import { DEFAULT_OFFICE_HOURS } from '~/domain/office-hours'
import type { Db } from '~/server/db.server'
import type { Jobs } from '~/server/jobs.server'
import { findMunicipalitySettings, saveMunicipalitySettings } from '~/server/municipality-settings.server'
import { submitReport } from '~/server/reports.server'
import { seedDemoStaff } from '~/server/seed.server'
import { immediateReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let drop: () => Promise<void>
let adminId: string
const cipher = testCipher()

const TABY = '0160'
const NORDOST_MUNICIPALITIES = ['0115', '0117', '0160', '0162', '0186', '0187', '0188']
const NOW = new Date('2026-11-23T12:00:00Z')
const TODAY = '2026-11-23'
// Wednesday 25 November 2026, 10:00 in Stockholm: an ordinary working morning.
const WEDNESDAY_MORNING = new Date('2026-11-25T09:00:00Z')

const WEEK = DEFAULT_OFFICE_HOURS.weekly

beforeAll(async () => {
  ;({ db, jobs, drop } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
  adminId = (await db.selectFrom('staff_users').select('id').where('email', '=', 'admin.nordost@demo.orosanmalan.se').executeTakeFirstOrThrow()).id
  // A closed day that has passed: history, which a save must leave alone.
  await db.insertInto('intake_closures').values({ municipality_code: TABY, date: '2026-11-02', reason: 'Studiedag' }).execute()
})
afterAll(() => drop())

async function destinationOf(reportId: string) {
  return (await db.selectFrom('reports').select('destination').where('id', '=', reportId).executeTakeFirstOrThrow()).destination
}

describe("an intake unit's hours, closed days and address", () => {
  it('route the next report by the saved klämdag, keep the closed days already past, and are audit-logged', async () => {
    const before = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: immediateReport(TABY, 'anonymous'), receivedAt: WEDNESDAY_MORNING, language: 'sv' })
    expect(await destinationOf(before.id)).toBe('intake')

    const settings: MunicipalitySettings = {
      intakeEmail: 'mottagningen@taby.test',
      officeHours: { weekly: WEEK, dayBeforeHolidayClosesAt: null },
      closures: [{ date: '2026-11-25', reason: 'Personaldag' }],
    }
    expect(await saveMunicipalitySettings(db, { staffId: adminId, municipalityCodes: NORDOST_MUNICIPALITIES, code: TABY, settings, today: TODAY, now: NOW })).toBe(true)

    // The intake unit is closed that morning now, so Socialjouren Nordost takes it (its extended hours).
    const after = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: immediateReport(TABY, 'anonymous'), receivedAt: WEDNESDAY_MORNING, language: 'sv' })
    expect(await destinationOf(after.id)).toBe('jour')

    const closures = await db.selectFrom('intake_closures').select(['date', 'reason']).where('municipality_code', '=', TABY).orderBy('date').execute()
    // The seed's klämdag of May 2026 and the study day are past and stay; its May 2027 one was not kept in the form.
    expect(closures.map((closure) => String(closure.date))).toEqual(['2026-05-15', '2026-11-02', '2026-11-25'])
    const found = await findMunicipalitySettings(db, NORDOST_MUNICIPALITIES, TABY, TODAY, NOW)
    expect(found?.municipality.intake_email).toBe('mottagningen@taby.test')
    expect(found?.coverage.intakeHours.dayBeforeHolidayClosesAt).toBeNull()
    expect(found?.closures).toEqual([{ date: '2026-11-25', reason: 'Personaldag' }])

    const logged = await db.selectFrom('audit_log').select(['action', 'details']).where('staff_id', '=', adminId).execute()
    expect(logged).toEqual([{ action: 'config.municipality', details: { municipalityCode: TABY, municipalityName: 'Täby', closures: 1 } }])
  })

  it("belong to the municipality's own administrators only", async () => {
    expect(await findMunicipalitySettings(db, NORDOST_MUNICIPALITIES, '1233', TODAY, NOW)).toBeNull()
    const settings: MunicipalitySettings = { intakeEmail: null, officeHours: { weekly: WEEK, dayBeforeHolidayClosesAt: null }, closures: [] }
    expect(await saveMunicipalitySettings(db, { staffId: adminId, municipalityCodes: NORDOST_MUNICIPALITIES, code: '1233', settings, today: TODAY, now: NOW })).toBe(false)
    const vellinge = await db.selectFrom('municipalities').select('intake_email').where('code', '=', '1233').executeTakeFirstOrThrow()
    expect(vellinge.intake_email).not.toBeNull()
  })

  it('show the hours when nobody reads reports: none with a jour that fills every gap, every night without a jour', async () => {
    expect((await findMunicipalitySettings(db, [TABY], TABY, TODAY, NOW))?.gaps).toEqual([])
    // Sigtuna has no jour in the source documents.
    const sigtuna = await findMunicipalitySettings(db, ['0191'], '0191', TODAY, NOW)
    // Every evening and night, a weekend as one stretch: some 250 in a year.
    expect(sigtuna?.gaps.length).toBeGreaterThan(200)
    // The first: from Monday's closing at 16:30 to Tuesday's opening at 08:00.
    expect([sigtuna?.gaps[0]?.from.toISOString(), sigtuna?.gaps[0]?.to.toISOString()]).toEqual(['2026-11-23T15:30:00.000Z', '2026-11-24T07:00:00.000Z'])
  })
})
