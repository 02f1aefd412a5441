import { sql, type Kysely } from 'kysely'

/**
 * Answers between the steps of the public form. The browser holds only the random id in
 * an HttpOnly cookie; rows are deleted on submit and after two hours idle.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_drafts')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('answers', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('report_drafts_updated_idx').on('report_drafts').column('updated_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_drafts').execute()
}
