import { sql, type Kysely } from 'kysely'

/**
 * Office hours, klämdagar and jour schedules as data; and on each report the triage, the
 * routing decision, the legal deadlines and what the reporter was told.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('municipalities')
    // Null keeps the default week (Monday-Thursday 08:00-16:30, Friday 08:00-15:00).
    .addColumn('office_hours', 'jsonb')
    .addColumn('day_before_holiday_closes_at', 'text', (col) => col.defaultTo('13:00').check(sql`day_before_holiday_closes_at ~ '^[0-2][0-9]:[0-5][0-9]$'`))
    .execute()

  await db.schema
    .createTable('intake_closures')
    .addColumn('municipality_code', 'text', (col) => col.notNull().references('municipalities.code').onDelete('cascade'))
    .addColumn('date', 'date', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('is_demo_data', 'boolean', (col) => col.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('intake_closures_pkey', ['municipality_code', 'date'])
    .execute()

  await db.schema
    .alterTable('jour_units')
    .addColumn('schedule', 'jsonb', (col) => col.notNull().defaultTo(sql`'{"kind":"whenIntakeClosed"}'::jsonb`))
    .addColumn('levels', sql`text[]`, (col) =>
      col
        .notNull()
        .defaultTo(sql`'{immediate}'`)
        .check(sql`levels <@ array['immediate','urgent','standard'] and cardinality(levels) > 0`),
    )
    .execute()

  await db.schema
    .alterTable('reports')
    .addColumn('level', 'text', (col) => col.check(sql`level in ('immediate', 'urgent', 'standard')`))
    .addColumn('triage_rules', sql`text[]`)
    .addColumn('ruleset_version', 'text')
    .addColumn('destination', 'text', (col) => col.check(sql`destination in ('jour', 'intake')`))
    .addColumn('destination_jour_id', 'text', (col) => col.references('jour_units.id'))
    .addColumn('routing_reason', 'text', (col) => col.check(sql`routing_reason in ('after-hours', 'office-hours-alert', 'queue', 'uncovered')`))
    .addColumn('routed_at', 'timestamptz')
    .addColumn('alert_intake_duty', 'boolean')
    .addColumn('protection_assessment_due', 'timestamptz')
    .addColumn('decision_due', 'timestamptz')
    .addColumn('reporter_notice', 'jsonb')
    .execute()

  // Reports from before triage existed are queued for the intake unit, marked as never triaged.
  await sql`update reports set level = 'standard', triage_rules = '{}', ruleset_version = 'none', destination = 'intake',
    routing_reason = 'queue', routed_at = received_at, alert_intake_duty = false, reporter_notice = '{"kind":"intakeLater","opensAt":null,"jourName":null,"jourPhone":null}'::jsonb`.execute(
    db,
  )
  for (const column of ['level', 'triage_rules', 'ruleset_version', 'destination', 'routing_reason', 'routed_at', 'alert_intake_duty', 'reporter_notice']) {
    await db.schema
      .alterTable('reports')
      .alterColumn(column, (col) => col.setNotNull())
      .execute()
  }
  await db.schema
    .alterTable('reports')
    .addCheckConstraint('reports_jour_destination', sql`(destination = 'jour') = (destination_jour_id is not null)`)
    .execute()
  await db.schema.createIndex('reports_queue_idx').on('reports').columns(['municipality_code', 'status', 'level', 'received_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_queue_idx').execute()
  await db.schema.alterTable('reports').dropConstraint('reports_jour_destination').execute()
  for (const column of [
    'level',
    'triage_rules',
    'ruleset_version',
    'destination',
    'destination_jour_id',
    'routing_reason',
    'routed_at',
    'alert_intake_duty',
    'protection_assessment_due',
    'decision_due',
    'reporter_notice',
  ]) {
    await db.schema.alterTable('reports').dropColumn(column).execute()
  }
  await db.schema.alterTable('jour_units').dropColumn('schedule').dropColumn('levels').execute()
  await db.schema.dropTable('intake_closures').execute()
  await db.schema.alterTable('municipalities').dropColumn('office_hours').dropColumn('day_before_holiday_closes_at').execute()
}
