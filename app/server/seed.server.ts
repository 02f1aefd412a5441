import { DEMO_CLOSURES, JOURS, MUNICIPALITIES } from '../../db/seed/regions'
import type { Db } from './db.server'

/** Idempotent: running it again updates names and numbers and adds what is missing. */
export async function seedRegions(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('municipalities')
      .values(MUNICIPALITIES.map((municipality) => ({ code: municipality.code, name: municipality.name })))
      .onConflict((conflict) => conflict.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute()
    for (const jour of JOURS) {
      await trx
        .insertInto('jour_units')
        .values({
          id: jour.id,
          name: jour.name,
          host_municipality_code: jour.hostMunicipalityCode,
          public_phone: jour.publicPhone,
          schedule: JSON.stringify(jour.schedule),
        })
        .onConflict((conflict) =>
          conflict.column('id').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            host_municipality_code: eb.ref('excluded.host_municipality_code'),
            public_phone: eb.ref('excluded.public_phone'),
            schedule: eb.ref('excluded.schedule'),
          })),
        )
        .execute()
      await trx
        .insertInto('jour_memberships')
        .values(jour.memberCodes.map((code) => ({ jour_id: jour.id, municipality_code: code })))
        .onConflict((conflict) => conflict.doNothing())
        .execute()
    }
    await trx
      .insertInto('intake_closures')
      .values(DEMO_CLOSURES.map((closure) => ({ municipality_code: closure.municipalityCode, date: closure.date, reason: closure.reason, is_demo_data: true })))
      .onConflict((conflict) => conflict.doNothing())
      .execute()
  })
}
