import { sql, type Kysely } from 'kysely'

/**
 * The public flow in seven languages (issue 15): a report stores the language it was written
 * in, so staff see that an interpreter or a translation may be needed and the reporter's
 * e-mails come in that language. Easy-to-read Swedish is `sv-x-lattlast`
 * (docs/decisions/0013-languages-of-the-public-flow.md). The list is written out here, not
 * imported, so this migration stays as it ran.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').dropConstraint('reports_language_check').execute()
  await db.schema
    .alterTable('reports')
    .addCheckConstraint('reports_language_check', sql`language in ('sv', 'en', 'ar', 'fa', 'fi', 'so', 'sv-x-lattlast')`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').dropConstraint('reports_language_check').execute()
  await db.schema
    .alterTable('reports')
    .addCheckConstraint('reports_language_check', sql`language in ('sv', 'en')`)
    .execute()
}
