import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { tertialMonths, tertialRange } from '~/domain/statistics'
import type { Db } from '~/server/db.server'
import type { Jobs } from '~/server/jobs.server'
import { submitReport } from '~/server/reports.server'
import { monthlyReports, municipalityStatistics } from '~/server/statistics.server'
import { immediateReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'
import { createTestDatabase } from '../support/postgres'

let db: Db
let jobs: Jobs
let drop: () => Promise<void>
const cipher = testCipher()

const TABY = '0160'
const DANDERYD = '0162'
const VELLINGE = '1233'
// Monday 23 November 2026, 22:40 in Stockholm: Nordost's jour is on; 10:15 the next day Täby's intake is open.
const NIGHT = new Date('2026-11-23T21:40:00Z')
const OFFICE_HOURS = new Date('2026-11-24T09:15:00Z')
const NOW = new Date('2026-12-10T12:00:00Z')
const minutes = (at: Date, count: number) => new Date(at.getTime() + count * 60_000)

async function report(municipalityCode: string, receivedAt: Date, after: Record<string, Date | string | null> = {}) {
  const { id } = await submitReport(db, cipher, jobs, { submissionKey: randomUUID(), report: immediateReport(municipalityCode, 'anonymous'), receivedAt, language: 'sv' })
  if (Object.keys(after).length > 0) await db.updateTable('reports').set(after).where('id', '=', id).execute()
  return id
}

beforeAll(async () => {
  ;({ db, jobs, drop } = await createTestDatabase(inject('postgresUrl')))
  const { id: jourStaff } = await db
    .insertInto('staff_users')
    .values({ email: 'jour@test.invalid', name: 'Jour Test', password_hash: 'x', role: 'jour', jour_id: 'nordost' })
    .returning('id')
    .executeTakeFirstOrThrow()
  // Täby: two reports to the jour, acknowledged after 4 and 10 minutes; one in office hours, assessed in time, decided late.
  const first = await report(TABY, NIGHT, {
    acknowledged_at: minutes(NIGHT, 4),
    acknowledged_by: jourStaff,
    protection_assessment_due: minutes(NIGHT, 600),
    protection_assessed_at: minutes(NIGHT, 30),
  })
  await report(TABY, minutes(NIGHT, 5), {
    acknowledged_at: minutes(NIGHT, 15),
    acknowledged_by: jourStaff,
    protection_assessment_due: minutes(NIGHT, 600),
    protection_assessed_at: minutes(NIGHT, 700),
  })
  await report(TABY, OFFICE_HOURS, {
    protection_assessment_due: minutes(OFFICE_HOURS, 300),
    protection_assessed_at: minutes(OFFICE_HOURS, 60),
    decision_due: new Date('2026-12-08T23:00:00Z'),
    decided_at: new Date('2026-12-09T10:00:00Z'),
    decision: 'open',
  })
  // Danderyd: one to the jour, nobody acknowledged, its deadlines not yet passed.
  const danderyd = await report(DANDERYD, minutes(NIGHT, 20), { protection_assessment_due: minutes(NOW, 60), decision_due: minutes(NOW, 60 * 24) })
  // The jour's recorded time: a call and a home visit for Täby (30 + 15 min), a call for Danderyd (15), one action without minutes.
  const action = (reportId: string, data: Record<string, unknown>) =>
    db
      .insertInto('report_events')
      .values({ report_id: reportId, at: minutes(NIGHT, 40), kind: 'jourAction', data: JSON.stringify({ staffId: jourStaff, action: 'calledReporter', ...data }) })
      .execute()
  await action(first, { minutes: 30 })
  await action(first, { minutes: 15 })
  await action(first, { minutes: null })
  await action(danderyd, { minutes: 15 })
  // Outside the period (the last minute of August in Stockholm) and outside the administrator's municipalities.
  await report(TABY, new Date('2026-08-31T21:59:00Z'))
  await report(VELLINGE, NIGHT)
})
afterAll(() => drop())

describe('statistics per municipality and tertial', () => {
  it('count the reports, the jour, its acknowledgements and the deadlines, with a total', async () => {
    const rows = await municipalityStatistics(db, [TABY, DANDERYD], tertialRange({ year: 2026, part: 3 }), NOW)
    expect(rows.map((row) => row.name)).toEqual(['Danderyd', 'Täby', null])
    const [danderyd, taby, total] = rows
    expect(taby).toMatchObject({
      code: TABY,
      reports: 3,
      immediate: 3,
      toJour: 2,
      acknowledged: 2,
      medianMinutesToAcknowledge: 7,
      jourSharePercent: 67,
      jourMinutes: 45,
      jourTimeSharePercent: 75,
      protectionAssessmentsDue: 3,
      protectionAssessmentsInTime: 2,
      protectionAssessmentsInTimePercent: 67,
      // The two jour reports' 14 days ran out on 7 December without a decision: late, as the third.
      initialAssessmentsDue: 3,
      initialAssessmentsInTime: 0,
      initialAssessmentsInTimePercent: 0,
      investigationsOpened: 1,
    })
    expect(danderyd).toMatchObject({
      reports: 1,
      toJour: 1,
      acknowledged: 0,
      medianMinutesToAcknowledge: null,
      jourSharePercent: 33,
      jourMinutes: 15,
      jourTimeSharePercent: 25,
      protectionAssessmentsDue: 0,
      protectionAssessmentsInTimePercent: null,
      initialAssessmentsDue: 0,
    })
    expect(total).toMatchObject({
      code: null,
      reports: 4,
      toJour: 3,
      acknowledged: 2,
      medianMinutesToAcknowledge: 7,
      jourSharePercent: null,
      jourMinutes: 60,
      protectionAssessmentsDue: 3,
    })
  })

  it('show a municipality without reports as zero, and nothing for no municipality', async () => {
    const [vaxholm] = await municipalityStatistics(db, ['0187'], tertialRange({ year: 2026, part: 3 }), NOW)
    expect(vaxholm).toMatchObject({ name: 'Vaxholm', reports: 0, jourSharePercent: null, medianMinutesToAcknowledge: null })
    expect(await municipalityStatistics(db, [], tertialRange({ year: 2026, part: 3 }), NOW)).toEqual([])
  })
})

describe('reports per month of a tertial', () => {
  it('count each level per month in Stockholm time, a month without reports as zeros', async () => {
    const VALLENTUNA = '0115'
    // Kept away from the jour, so the shares counted above stay as they are.
    const intake = (level: string) => ({ level, destination: 'intake', destination_jour_id: null, routing_reason: 'queue' })
    // 30 September 23:59 and 1 October 00:30 in Stockholm (summer time): one on each side of the month.
    await report(VALLENTUNA, new Date('2026-09-30T21:59:00Z'), intake('urgent'))
    await report(VALLENTUNA, new Date('2026-09-30T22:30:00Z'), intake('standard'))
    await report(VALLENTUNA, new Date('2026-10-14T08:00:00Z'), intake('standard'))
    // 1 December 00:30 in Stockholm (winter time) is still November in UTC.
    await report(VALLENTUNA, new Date('2026-11-30T23:30:00Z'), intake('immediate'))
    const tertial = { year: 2026, part: 3 } as const
    expect(await monthlyReports(db, [VALLENTUNA], tertialRange(tertial), tertialMonths(tertial))).toEqual([
      { month: '2026-09', immediate: 0, urgent: 1, standard: 0 },
      { month: '2026-10', immediate: 0, urgent: 0, standard: 2 },
      { month: '2026-11', immediate: 0, urgent: 0, standard: 0 },
      { month: '2026-12', immediate: 1, urgent: 0, standard: 0 },
    ])
    // Täby and Danderyd: the four night and office-hours reports of 23 and 24 November; another municipality's never.
    const both = await monthlyReports(db, [TABY, DANDERYD], tertialRange(tertial), tertialMonths(tertial))
    expect(both.map((month) => month.immediate)).toEqual([0, 0, 4, 0])
    expect(await monthlyReports(db, [], tertialRange(tertial), tertialMonths(tertial))).toEqual(
      tertialMonths(tertial).map((month) => ({ month, immediate: 0, urgent: 0, standard: 0 })),
    )
  })
})
