import { sql, type Kysely } from 'kysely'

/**
 * Staff accounts with a second factor, their municipalities, sessions, login throttling,
 * the append-only audit log, and what staff record on a report.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_users')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (col) =>
      col
        .notNull()
        .unique()
        .check(sql`email = lower(email) and email like '%@%'`),
    )
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('intake', 'jour', 'admin', 'auditor')`))
    .addColumn('jour_id', 'text', (col) => col.references('jour_units.id'))
    .addColumn('totp_secret', 'text')
    .addColumn('totp_confirmed_at', 'timestamptz')
    .addColumn('is_demo_data', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('disabled_at', 'timestamptz')
    .addCheckConstraint('staff_users_jour_role', sql`(role = 'jour') = (jour_id is not null)`)
    .execute()

  await db.schema
    .createTable('staff_municipalities')
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('municipality_code', 'text', (col) => col.notNull().references('municipalities.code'))
    .addPrimaryKeyConstraint('staff_municipalities_pkey', ['staff_id', 'municipality_code'])
    .execute()

  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .addPrimaryKeyConstraint('staff_recovery_codes_pkey', ['staff_id', 'code_hash'])
    .execute()

  await db.schema
    .createTable('staff_sessions')
    // The SHA-256 of the cookie's token: a database leak gives no usable session.
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('second_factor_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('staff_sessions_staff_idx').on('staff_sessions').column('staff_id').execute()

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('window_started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('locked_until', 'timestamptz')
    .execute()

  await db.schema
    .createTable('login_events')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('staff_id', 'uuid', (col) => col.references('staff_users.id'))
    .addColumn('step', 'text', (col) => col.notNull().check(sql`step in ('password', 'second-factor', 'enrolment', 'logout')`))
    .addColumn('outcome', 'text', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff_users.id'))
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('report_id', 'uuid', (col) => col.references('reports.id'))
    .addColumn('details', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
  await db.schema.createIndex('audit_log_report_idx').on('audit_log').columns(['report_id', 'at']).execute()
  // Append-only: no one, the service included, may change or remove what was logged.
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only'; end $$`.execute(db)
  await sql`create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db)
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db)

  await db.schema
    .alterTable('reports')
    .addColumn('assigned_to', 'uuid', (col) => col.references('staff_users.id'))
    .addColumn('protection_needed', 'boolean')
    .addColumn('protection_assessed_at', 'timestamptz')
    .addColumn('decision', 'text', (col) => col.check(sql`decision in ('open', 'notOpen', 'alreadyOpen', 'notForSocialServices')`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('level_rank', 'smallint', (col) =>
      col
        .generatedAlwaysAs(sql`case level when 'immediate' then 0 when 'urgent' then 1 else 2 end`)
        .stored()
        .notNull(),
    )
    .execute()
  // The intake queue: one municipality's reports, by level then age, paged by keyset.
  await db.schema.createIndex('reports_intake_queue_idx').on('reports').columns(['municipality_code', 'status', 'level_rank', 'received_at', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_intake_queue_idx').execute()
  for (const column of ['assigned_to', 'protection_needed', 'protection_assessed_at', 'decision', 'decided_at', 'level_rank']) {
    await db.schema.alterTable('reports').dropColumn(column).execute()
  }
  for (const table of ['audit_log', 'login_events', 'login_throttle', 'staff_sessions', 'staff_recovery_codes', 'staff_municipalities', 'staff_users']) {
    await db.schema.dropTable(table).execute()
  }
  await sql`drop function audit_log_append_only()`.execute(db)
}
