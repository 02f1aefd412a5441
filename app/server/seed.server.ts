import { DEMO_CLOSURES, DEMO_PAGING, JOURS, MUNICIPALITIES, demoIntakeAddress, demoRotaAddress } from '../../db/seed/regions'
import { hashPassword } from './auth.server'
import type { Db, Executor } from './db.server'

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
    await once(trx, 'demo-closures', async () => {
      await trx
        .insertInto('intake_closures')
        .values(DEMO_CLOSURES.map((closure) => ({ municipality_code: closure.municipalityCode, date: closure.date, reason: closure.reason, is_demo_data: true })))
        .onConflict((conflict) => conflict.doNothing())
        .execute()
    })
  })
}

/**
 * Runs a demo seed the first time only (migration 0012): what an administrator has since
 * changed or removed stays so at the next start.
 */
async function once(trx: Executor, name: string, seed: () => Promise<void>): Promise<void> {
  const marked = await trx
    .insertInto('seed_marks')
    .values({ name, done_at: new Date() })
    .onConflict((conflict) => conflict.doNothing())
    .returning('name')
    .executeTakeFirst()
  if (marked) await seed()
}

/**
 * Demo paging: rotas, jour and intake addresses, all at demo.orosanmalan.se. Seeded once,
 * and then only into what is empty, so an administrator's own addresses are never overwritten.
 */
export async function seedDemoPaging(db: Db): Promise<void> {
  await db.transaction().execute((trx) => once(trx, 'demo-paging', () => fillDemoPaging(trx)))
}

async function fillDemoPaging(trx: Executor): Promise<void> {
  for (const paging of DEMO_PAGING) {
    await trx
      .updateTable('jour_units')
      .set((eb) => ({
        shared_email: eb.fn.coalesce('shared_email', eb.val(paging.sharedEmail)),
        manager_email: eb.fn.coalesce('manager_email', eb.val(paging.managerEmail)),
      }))
      .where('id', '=', paging.jourId)
      .execute()
    const hasRota = await trx.selectFrom('on_call_rota').select('position').where('jour_id', '=', paging.jourId).executeTakeFirst()
    if (hasRota) continue
    await trx
      .updateTable('jour_units')
      .set({ rota_weekday: paging.rota.weekday, rota_time: paging.rota.time, rota_anchor_date: paging.rota.anchorDate })
      .where('id', '=', paging.jourId)
      .execute()
    await trx
      .insertInto('on_call_rota')
      .values(
        paging.rota.pairs.map((pair, position) => ({
          jour_id: paging.jourId,
          position,
          primary_name: pair.primary,
          primary_email: demoRotaAddress(paging.jourId, 'primary', position),
          // The first pair also takes pages by SMS, to show the e-mail-to-SMS path.
          primary_sms_email: position === 0 ? demoRotaAddress(paging.jourId, 'primary', position, 'sms') : null,
          backup_name: pair.backup,
          backup_email: demoRotaAddress(paging.jourId, 'backup', position),
          backup_sms_email: null,
          is_demo_data: true,
        })),
      )
      .execute()
  }
  for (const municipality of MUNICIPALITIES) {
    await trx
      .updateTable('municipalities')
      .set((eb) => ({ intake_email: eb.fn.coalesce('intake_email', eb.val(demoIntakeAddress(municipality.code))) }))
      .where('code', '=', municipality.code)
      .execute()
  }
}

/** Demo staff, seeded only outside production; their credentials are printed at start. */
export const DEMO_PASSWORD = 'Demo-Orosanmalan-2026'
/** A fixed TOTP secret so a demo login can be done with any authenticator app. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DP'

export const DEMO_STAFF: ReadonlyArray<{
  email: string
  name: string
  role: 'intake' | 'jour' | 'admin' | 'auditor'
  jourId?: string
  municipalityCodes?: string[]
  enrolled?: boolean
}> = [
  { email: 'mottagning.taby@demo.orosanmalan.se', name: 'Maja Mottagning (Täby)', role: 'intake', municipalityCodes: ['0160'] },
  { email: 'mottagning.vellinge@demo.orosanmalan.se', name: 'Vera Mottagning (Vellinge)', role: 'intake', municipalityCodes: ['1233'] },
  { email: 'jour.nordost@demo.orosanmalan.se', name: 'Jonas Jour (Nordost)', role: 'jour', jourId: 'nordost' },
  { email: 'admin.nordost@demo.orosanmalan.se', name: 'Ada Admin (Nordost)', role: 'admin', municipalityCodes: ['0115', '0117', '0160', '0162', '0186', '0187', '0188'] },
  { email: 'admin.syd@demo.orosanmalan.se', name: 'Sam Admin (Syd)', role: 'admin', municipalityCodes: ['1233', '1291', '1265', '1264', '1230', '1263', '1270', '1286', '1287'] },
  { email: 'granskare@demo.orosanmalan.se', name: 'Greta Granskare', role: 'auditor' },
  // No second factor yet: the first login goes through enrolment.
  { email: 'ny.mottagning@demo.orosanmalan.se', name: 'Nils Nyanställd (Täby)', role: 'intake', municipalityCodes: ['0160'], enrolled: false },
]

export async function seedDemoStaff(db: Db): Promise<void> {
  for (const person of DEMO_STAFF) {
    const exists = await db.selectFrom('staff_users').select('id').where('email', '=', person.email).executeTakeFirst()
    if (exists) continue
    const passwordHash = await hashPassword(DEMO_PASSWORD)
    await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('staff_users')
        .values({
          email: person.email,
          name: person.name,
          password_hash: passwordHash,
          role: person.role,
          jour_id: person.jourId ?? null,
          totp_secret: person.enrolled === false ? null : DEMO_TOTP_SECRET,
          totp_confirmed_at: person.enrolled === false ? null : new Date(),
          is_demo_data: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (person.municipalityCodes?.length) {
        await trx
          .insertInto('staff_municipalities')
          .values(person.municipalityCodes.map((code) => ({ staff_id: id, municipality_code: code })))
          .execute()
      }
    })
  }
}
