import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Weekday } from '../domain/calendar'
import type { WeeklyRota } from '../domain/on-call'
import type { PagingPolicy } from '../domain/paging'
import type { Executor } from './db.server'

/**
 * A jour's row, its paging policy and its weekly rota, as the domain functions take them. One
 * statement: every page step of every report reads them, inside its transaction.
 */
export async function loadJourPaging(db: Executor, jourId: string) {
  const { pairs, ...jour } = await db
    .selectFrom('jour_units')
    .selectAll('jour_units')
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('on_call_rota')
          .select(['primary_name', 'primary_email', 'primary_sms_email', 'backup_name', 'backup_email', 'backup_sms_email'])
          .whereRef('on_call_rota.jour_id', '=', 'jour_units.id')
          .orderBy('position'),
      ).as('pairs'),
    )
    .where('jour_units.id', '=', jourId)
    .executeTakeFirstOrThrow()
  const policy: PagingPolicy = {
    backupAfterSeconds: jour.page_backup_after_seconds,
    everyoneAfterSeconds: jour.page_everyone_after_seconds,
    repeatSeconds: jour.page_repeat_seconds,
  }
  const rota: WeeklyRota = {
    weekday: jour.rota_weekday as Weekday,
    time: jour.rota_time,
    anchorDate: jour.rota_anchor_date,
    pairs: pairs.map((pair) => ({
      primary: { name: pair.primary_name, email: pair.primary_email, smsEmail: pair.primary_sms_email },
      backup: { name: pair.backup_name, email: pair.backup_email, smsEmail: pair.backup_sms_email },
    })),
  }
  return { jour, policy, rota }
}
