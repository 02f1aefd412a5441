import type { JourSettings } from '../domain/jour-settings'
import { audit } from './audit.server'
import type { Db, Executor } from './db.server'
import { loadJourPaging } from './rota.server'

/**
 * A jour is kept by the administrators of its host municipality (the municipality that runs
 * it for the others), so two regions never edit each other's rota.
 */
export async function administeredJours(db: Executor, municipalityCodes: readonly string[]) {
  if (municipalityCodes.length === 0) return []
  return db.selectFrom('jour_units').select(['id', 'name']).where('host_municipality_code', 'in', municipalityCodes).orderBy('name').execute()
}

/** The jour's paging settings and rota, or null when this administrator does not keep it. */
export async function findJourSettings(db: Executor, municipalityCodes: readonly string[], jourId: string) {
  const kept = await administeredJours(db, municipalityCodes)
  if (!kept.some((jour) => jour.id === jourId)) return null
  return loadJourPaging(db, jourId)
}

/**
 * Saves the settings and replaces the rota in one transaction, so a page step never reads
 * half a rota, and logs who changed it. False when the administrator does not keep the jour.
 */
export async function saveJourSettings(
  db: Db,
  input: { staffId: string; municipalityCodes: readonly string[]; jourId: string; settings: JourSettings; now: Date },
): Promise<boolean> {
  const { settings } = input
  return db.transaction().execute(async (trx) => {
    const kept = await administeredJours(trx, input.municipalityCodes)
    const jour = kept.find((candidate) => candidate.id === input.jourId)
    if (!jour) return false
    await trx
      .updateTable('jour_units')
      .set({
        page_backup_after_seconds: settings.backupAfterMinutes * 60,
        page_everyone_after_seconds: settings.everyoneAfterMinutes * 60,
        page_repeat_seconds: settings.repeatMinutes * 60,
        shared_email: settings.sharedEmail ?? null,
        manager_email: settings.managerEmail ?? null,
        rota_weekday: settings.rotaWeekday,
        rota_time: settings.rotaTime,
        rota_anchor_date: settings.rotaAnchorDate,
      })
      .where('id', '=', jour.id)
      .execute()
    await trx.deleteFrom('on_call_rota').where('jour_id', '=', jour.id).execute()
    await trx
      .insertInto('on_call_rota')
      .values(
        settings.pairs.map((pair, position) => ({
          jour_id: jour.id,
          position,
          primary_name: pair.primary.name,
          primary_email: pair.primary.email,
          primary_sms_email: pair.primary.smsEmail,
          backup_name: pair.backup.name,
          backup_email: pair.backup.email,
          backup_sms_email: pair.backup.smsEmail,
        })),
      )
      .execute()
    await audit(trx, { staffId: input.staffId, action: 'config.jour', details: { jourId: jour.id, jourName: jour.name, pairs: settings.pairs.length }, at: input.now })
    return true
  })
}
