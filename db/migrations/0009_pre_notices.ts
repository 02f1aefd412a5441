import { sql, type Kysely } from 'kysely'

/**
 * Pre-notices ("föranmälan"): the intake unit warns its jour about a person, with a plan.
 * Who it concerns and what is planned are encrypted like a report; the personnummer is
 * matched through its blind index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pre_notices')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_code', 'text', (col) => col.notNull().references('municipalities.code'))
    .addColumn('person_name', 'text')
    .addColumn('personal_identity_number', 'text', (col) => col.notNull())
    .addColumn('personal_identity_number_index', 'text', (col) => col.notNull())
    .addColumn('valid_from', 'timestamptz', (col) => col.notNull())
    .addColumn('valid_to', 'timestamptz', (col) => col.notNull())
    .addColumn('background', 'text', (col) => col.notNull())
    .addColumn('plan', 'text', (col) => col.notNull())
    .addColumn('contact', 'text', (col) => col.notNull())
    .addColumn('created_by', 'uuid', (col) => col.notNull().references('staff_users.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawn_by', 'uuid', (col) => col.references('staff_users.id'))
    .addCheckConstraint('pre_notices_valid_period', sql`valid_to > valid_from`)
    .addCheckConstraint('pre_notices_withdrawn_by', sql`(withdrawn_at is null) = (withdrawn_by is null)`)
    .execute()
  await db.schema.createIndex('pre_notices_person_idx').on('pre_notices').column('personal_identity_number_index').execute()
  await db.schema.createIndex('pre_notices_municipality_idx').on('pre_notices').columns(['municipality_code', 'valid_to']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pre_notices').execute()
}
