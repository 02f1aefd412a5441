import { sql, type Kysely } from 'kysely'

// Migrations are frozen in time: they take Kysely<any> and import no app code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('municipalities')
    // The four-digit municipality code of Statistics Sweden ("kommunkod").
    .addColumn('code', 'text', (col) => col.primaryKey().check(sql`code ~ '^[0-9]{4}$'`))
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('is_demo_data', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('jour_units')
    .addColumn('id', 'text', (col) => col.primaryKey().check(sql`id ~ '^[a-z0-9-]+$'`))
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('host_municipality_code', 'text', (col) => col.notNull().references('municipalities.code'))
    .addColumn('public_phone', 'text')
    .addColumn('is_demo_data', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('jour_memberships')
    .addColumn('jour_id', 'text', (col) => col.notNull().references('jour_units.id').onDelete('cascade'))
    .addColumn('municipality_code', 'text', (col) => col.notNull().references('municipalities.code'))
    .addPrimaryKeyConstraint('jour_memberships_pkey', ['jour_id', 'municipality_code'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jour_memberships').execute()
  await db.schema.dropTable('jour_units').execute()
  await db.schema.dropTable('municipalities').execute()
}
