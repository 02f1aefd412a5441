import { sql, type Kysely } from 'kysely'

/**
 * The reporter's follow-up (issue 14): a reply code, questions from staff, answers and
 * additions from the reporter.
 *
 * - `reports.reply_code_hash`: the argon2id hash of the reply code, set once when the code is
 *   shown (never the code itself); null for a report whose code was never shown.
 * - `reports.reporter_update_at`: when the reporter last answered or added information; the
 *   queues mark such a report "new information".
 * - `reports.follow_up_closed_at` / `_by`: staff ended the reporter's access early.
 * - `reporter_questions`: one row per question staff asked; its text and the answer's are
 *   events on the report's timeline (`report_events`, encrypted), this row says whether and
 *   when it was answered.
 * - `follow_up_failures`: wrong reply codes per reference typed and per day, whether or not a
 *   report has that reference (so an unknown reference costs the same work as a known one);
 *   staff see the count on the report.
 * - `follow_up_submissions`: the idempotency keys of the reporter's answers and additions, so
 *   a reload or a double click stores one.
 * - `audit_log.staff_id` may be null for the reporter's own acts (`reporter.…`), and only for them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('reports')
    .addColumn('reply_code_hash', 'text')
    .addColumn('reporter_update_at', 'timestamptz')
    .addColumn('follow_up_closed_at', 'timestamptz')
    .addColumn('follow_up_closed_by', 'uuid', (col) => col.references('staff_users.id'))
    .execute()

  await db.schema
    .createTable('reporter_questions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('report_id', 'uuid', (col) => col.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('question_event_id', 'bigint', (col) => col.notNull().references('report_events.id').onDelete('cascade'))
    .addColumn('asked_at', 'timestamptz', (col) => col.notNull())
    .addColumn('asked_by', 'uuid', (col) => col.notNull().references('staff_users.id'))
    .addColumn('answered_at', 'timestamptz')
    .addColumn('answer_event_id', 'bigint', (col) => col.references('report_events.id').onDelete('set null'))
    .addCheckConstraint('reporter_questions_answered', sql`(answered_at is null) = (answer_event_id is null)`)
    .execute()
  await db.schema.createIndex('reporter_questions_report_idx').on('reporter_questions').columns(['report_id', 'asked_at']).execute()

  await db.schema
    .createTable('follow_up_failures')
    .addColumn('reference', 'text', (col) => col.notNull())
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('last_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('follow_up_failures_pkey', ['reference', 'day'])
    .execute()

  await db.schema
    .createTable('follow_up_submissions')
    .addColumn('key', 'uuid', (col) => col.primaryKey())
    .addColumn('report_id', 'uuid', (col) => col.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .execute()

  await sql`alter table audit_log alter column staff_id drop not null`.execute(db)
  await db.schema
    .alterTable('audit_log')
    .addCheckConstraint('audit_log_staff_or_reporter', sql`staff_id is not null or action like 'reporter.%'`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').dropConstraint('audit_log_staff_or_reporter').execute()
  await db.schema.dropTable('follow_up_submissions').execute()
  await db.schema.dropTable('follow_up_failures').execute()
  await db.schema.dropTable('reporter_questions').execute()
  await db.schema.alterTable('reports').dropColumn('follow_up_closed_by').dropColumn('follow_up_closed_at').dropColumn('reporter_update_at').dropColumn('reply_code_hash').execute()
}
