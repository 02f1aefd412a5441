import { sql, type Kysely } from 'kysely'

/**
 * Paging and e-mail (issue 6): each jour's paging policy and addresses, its weekly on-call
 * rota (a primary "förstajour" and a backup "bakjour" per week), the intake units' own
 * addresses, and one row per e-mail the SMTP server accepted, so a retried job never sends
 * the same message twice. The jobs themselves live in pg-boss's own schema.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('jour_units')
    // Seconds from the report's receipt, not from a delivery: a slow mail server must not slow escalation.
    .addColumn('page_backup_after_seconds', 'integer', (col) => col.notNull().defaultTo(600))
    .addColumn('page_everyone_after_seconds', 'integer', (col) => col.notNull().defaultTo(1500))
    .addColumn('page_repeat_seconds', 'integer', (col) => col.notNull().defaultTo(600))
    .addColumn('shared_email', 'text')
    .addColumn('manager_email', 'text')
    // The on-call week turns over at this weekday and time (Stockholm); pair 0 starts at that time on the anchor date.
    .addColumn('rota_weekday', 'smallint', (col) =>
      col
        .notNull()
        .defaultTo(1)
        .check(sql`rota_weekday between 1 and 7`),
    )
    .addColumn('rota_time', 'text', (col) =>
      col
        .notNull()
        .defaultTo('08:00')
        .check(sql`rota_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    )
    .addColumn('rota_anchor_date', 'date', (col) => col.notNull().defaultTo(sql`date '2026-01-05'`))
    .execute()
  await db.schema
    .alterTable('jour_units')
    .addCheckConstraint('jour_units_paging_order', sql`page_backup_after_seconds > 0 and page_everyone_after_seconds > page_backup_after_seconds and page_repeat_seconds > 0`)
    .execute()

  await db.schema
    .createTable('on_call_rota')
    .addColumn('jour_id', 'text', (col) => col.notNull().references('jour_units.id').onDelete('cascade'))
    // Week n of the cycle is the pair at position n modulo the number of pairs.
    .addColumn('position', 'integer', (col) => col.notNull().check(sql`position >= 0`))
    .addColumn('primary_name', 'text', (col) => col.notNull())
    .addColumn('primary_email', 'text', (col) => col.notNull())
    .addColumn('primary_sms_email', 'text')
    .addColumn('backup_name', 'text', (col) => col.notNull())
    .addColumn('backup_email', 'text', (col) => col.notNull())
    .addColumn('backup_sms_email', 'text')
    .addColumn('is_demo_data', 'boolean', (col) => col.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('on_call_rota_pkey', ['jour_id', 'position'])
    .execute()

  await db.schema
    .alterTable('municipalities')
    // The intake unit's functional mailbox: duty alerts in office hours and the morning summary.
    .addColumn('intake_email', 'text')
    .execute()

  await db.schema
    .createTable('email_deliveries')
    // e.g. page:<report>:<step>:<role>:<channel>; the same key is never sent twice.
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('report_id', 'uuid', (col) => col.references('reports.id').onDelete('cascade'))
    // A role ("primary", "reporter"), never an address: who got it is known from the rota.
    .addColumn('recipient_role', 'text', (col) => col.notNull())
    .addColumn('accepted_at', 'timestamptz', (col) => col.notNull())
    .addColumn('smtp_message_id', 'text')
    .execute()
  await db.schema.createIndex('email_deliveries_report_idx').on('email_deliveries').column('report_id').execute()

  await db.schema
    .createTable('page_steps')
    .addColumn('report_id', 'uuid', (col) => col.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('step', 'integer', (col) => col.notNull())
    .addColumn('fired_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('page_steps_pkey', ['report_id', 'step'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('page_steps').execute()
  await db.schema.dropTable('email_deliveries').execute()
  await db.schema.alterTable('municipalities').dropColumn('intake_email').execute()
  await db.schema.dropTable('on_call_rota').execute()
  await db.schema.alterTable('jour_units').dropConstraint('jour_units_paging_order').execute()
  for (const column of [
    'page_backup_after_seconds',
    'page_everyone_after_seconds',
    'page_repeat_seconds',
    'shared_email',
    'manager_email',
    'rota_weekday',
    'rota_time',
    'rota_anchor_date',
  ]) {
    await db.schema.alterTable('jour_units').dropColumn(column).execute()
  }
}
