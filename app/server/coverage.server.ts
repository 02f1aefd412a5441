import { jsonArrayFrom } from 'kysely/helpers/postgres'
import { jourScheduleSchema, levelsSchema, officeHoursFrom } from '../domain/coverage-schema'
import type { MunicipalityCoverage } from '../domain/routing'
import type { Executor } from './db.server'
import { shortLived } from './short-cache.server'

export type NamedCoverage = MunicipalityCoverage & { name: string }

/**
 * Office hours, closures and jour of municipalities, read from the database and checked.
 * A municipality belongs to at most one jour (the first by id, should data say more).
 */
export async function loadCoverage(db: Executor, municipalityCodes?: readonly string[]): Promise<NamedCoverage[]> {
  let query = db
    .selectFrom('municipalities as m')
    .leftJoin('jour_memberships as jm', 'jm.municipality_code', 'm.code')
    .leftJoin('jour_units as j', 'j.id', 'jm.jour_id')
    .select((eb) => [
      'm.code',
      'm.name',
      'm.office_hours',
      'm.day_before_holiday_closes_at',
      'j.id as jourId',
      'j.name as jourName',
      'j.public_phone as jourPhone',
      'j.schedule as jourSchedule',
      'j.levels as jourLevels',
      jsonArrayFrom(eb.selectFrom('intake_closures as c').select('c.date').whereRef('c.municipality_code', '=', 'm.code')).as('closures'),
    ])
    .orderBy('m.code')
    .orderBy('j.id')
  if (municipalityCodes) query = query.where('m.code', 'in', municipalityCodes.length > 0 ? [...municipalityCodes] : [''])
  const rows = await query.execute()
  const byCode = new Map<string, NamedCoverage>()
  for (const row of rows) {
    if (byCode.has(row.code)) continue
    byCode.set(row.code, {
      code: row.code,
      name: row.name,
      intakeHours: officeHoursFrom({
        weekly: row.office_hours,
        dayBeforeHolidayClosesAt: row.day_before_holiday_closes_at,
        closures: row.closures.map((closure) => String(closure.date)),
      }),
      jour: row.jourId
        ? {
            id: row.jourId,
            name: row.jourName!,
            publicPhone: row.jourPhone ?? null,
            schedule: jourScheduleSchema.parse(row.jourSchedule),
            levels: levelsSchema.parse(row.jourLevels),
          }
        : null,
    })
  }
  return [...byCode.values()]
}

export async function coverageOf(db: Executor, municipalityCode: string): Promise<NamedCoverage> {
  const [coverage] = await loadCoverage(db, [municipalityCode])
  if (!coverage) throw new Error(`no municipality ${municipalityCode}`)
  return coverage
}

/**
 * Who reads a report from `municipalityCode` now, as public pages tell it (the start page's
 * notice, the jour's number on a slow-down page): read at most every 30 s, so a flood of
 * such pages costs no query each. Routing uses `coverageOf` in the report's transaction.
 */
export const recentCoverage = shortLived(30_000, async (db, municipalityCode: string): Promise<NamedCoverage | undefined> => (await loadCoverage(db, [municipalityCode]))[0])
