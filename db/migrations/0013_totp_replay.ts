import { type Kysely } from 'kysely'

/**
 * A code from the authenticator app works once (OWASP ASVS 2.8.4): the time step of the
 * last code accepted is kept, and a code of that step or an earlier one is refused.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users').addColumn('totp_last_step', 'bigint').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users').dropColumn('totp_last_step').execute()
}
