import { type Kysely } from 'kysely'

/**
 * Demo data is seeded once: a mark per seed, so what an administrator later changed or
 * removed (a klämdag, a rota, an address) is not put back at the next start.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('seed_marks')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('done_at', 'timestamptz', (col) => col.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('seed_marks').execute()
}
