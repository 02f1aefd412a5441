import type { LocalDate } from '../domain/calendar'
import { coverageGaps } from '../domain/coverage-gaps'
import type { MunicipalitySettings } from '../domain/municipality-settings'
import { audit } from './audit.server'
import { coverageOf } from './coverage.server'
import type { Db, Executor } from './db.server'

const YEAR_MS = 365 * 24 * 3_600_000

/** The municipalities an administrator keeps, by name. */
export async function administeredMunicipalities(db: Executor, municipalityCodes: readonly string[]) {
  if (municipalityCodes.length === 0) return []
  return db
    .selectFrom('municipalities')
    .select(['code', 'name', 'intake_email'])
    .where('code', 'in', [...municipalityCodes])
    .orderBy('name')
    .execute()
}

/**
 * The intake unit's settings as routing reads them, its closed days from `today` on, and
 * the stretches of the next 365 days when neither the intake unit nor a jour covers the
 * municipality. Null when the administrator does not keep it.
 */
export async function findMunicipalitySettings(db: Executor, municipalityCodes: readonly string[], code: string, today: LocalDate, now: Date) {
  if (!municipalityCodes.includes(code)) return null
  const municipality = await db.selectFrom('municipalities').select(['code', 'name', 'intake_email']).where('code', '=', code).executeTakeFirst()
  if (!municipality) return null
  const coverage = await coverageOf(db, code)
  const closures = await db.selectFrom('intake_closures').select(['date', 'reason']).where('municipality_code', '=', code).where('date', '>=', today).orderBy('date').execute()
  return {
    municipality,
    coverage,
    closures: closures.map((closure) => ({ date: String(closure.date), reason: closure.reason })),
    gaps: coverageGaps(coverage, now, new Date(now.getTime() + YEAR_MS)),
  }
}

/**
 * Saves the settings and replaces the closed days from `today` on, in one transaction, and
 * logs who changed them. Earlier closed days are history: reports were routed by them.
 */
export async function saveMunicipalitySettings(
  db: Db,
  input: { staffId: string; municipalityCodes: readonly string[]; code: string; settings: MunicipalitySettings; today: LocalDate; now: Date },
): Promise<boolean> {
  if (!input.municipalityCodes.includes(input.code)) return false
  const { settings } = input
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('municipalities')
      .set({
        intake_email: settings.intakeEmail,
        office_hours: JSON.stringify(settings.officeHours.weekly),
        day_before_holiday_closes_at: settings.officeHours.dayBeforeHolidayClosesAt,
      })
      .where('code', '=', input.code)
      .returning('name')
      .executeTakeFirst()
    if (!updated) return false
    await trx.deleteFrom('intake_closures').where('municipality_code', '=', input.code).where('date', '>=', input.today).execute()
    if (settings.closures.length > 0) {
      await trx
        .insertInto('intake_closures')
        .values(settings.closures.map((closure) => ({ municipality_code: input.code, date: closure.date, reason: closure.reason })))
        .execute()
    }
    await audit(trx, {
      staffId: input.staffId,
      action: 'config.municipality',
      details: { municipalityCode: input.code, municipalityName: updated.name, closures: settings.closures.length },
      at: input.now,
    })
    return true
  })
}
