import type { Kysely } from 'kysely'

/**
 * The new-client form carries a random key, kept with the client it made: the same form posted
 * again (a reload of the page that showed the secret, without JavaScript) finds that client
 * rather than making a second pair of credentials nobody asked for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_clients')
    .addColumn('creation_key', 'text', (col) => col.unique())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_clients').dropColumn('creation_key').execute()
}
