import { sql, type Kysely } from 'kysely'

/**
 * A report, the people it concerns, who reported it, and its timeline. No column holds
 * an IP address or anything that could trace an anonymous reporter.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'text', (col) =>
      col
        .notNull()
        .unique()
        .check(sql`reference ~ '^[2-9A-HJ-NP-Z]{11}$'`),
    )
    // The draft's random id: a double click, a reload or a resent POST finds the same report.
    .addColumn('submission_key', 'uuid', (col) => col.notNull().unique())
    .addColumn('municipality_code', 'text', (col) => col.notNull().references('municipalities.code'))
    .addColumn('residence_unknown', 'boolean', (col) => col.notNull())
    .addColumn('concerns', 'text', (col) => col.notNull().check(sql`concerns in ('children', 'adult', 'self')`))
    .addColumn('categories', sql`text[]`, (col) => col.notNull().check(sql`cardinality(categories) > 0`))
    .addColumn('description', 'text', (col) => col.notNull().check(sql`length(description) between 1 and 10000`))
    .addColumn('safety_answers', 'jsonb', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('new')
        .check(sql`status in ('new', 'in_progress', 'decided')`),
    )
    .addColumn('received_at', 'timestamptz', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull().check(sql`language in ('sv', 'en')`))
    .execute()
  await db.schema.createIndex('reports_municipality_received_idx').on('reports').columns(['municipality_code', 'received_at']).execute()

  await db.schema
    .createTable('report_subjects')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('report_id', 'uuid', (col) => col.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('child', 'adult')`))
    .addColumn('name', 'text')
    .addColumn('personal_identity_number', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('approximate_age', 'integer', (col) => col.check(sql`approximate_age between 0 and 120`))
    .addColumn('whereabouts', 'text')
    .addColumn('school', 'text')
    .addColumn('guardians', 'text')
    .addColumn('interpreter_needed', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('interpreter_language', 'text')
    .addUniqueConstraint('report_subjects_position_key', ['report_id', 'position'])
    .execute()

  await db.schema
    .createTable('report_reporters')
    .addColumn('report_id', 'uuid', (col) => col.primaryKey().references('reports.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('private', 'professional', 'self')`))
    .addColumn('anonymous', 'boolean', (col) => col.notNull())
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('relation', 'text')
    .addColumn('organisation_type', 'text')
    .addColumn('organisation_name', 'text')
    .addColumn('role', 'text')
    .addColumn('guardians_informed', 'text', (col) => col.check(sql`guardians_informed in ('yes', 'no', 'notApplicable')`))
    .addColumn('guardians_not_informed_reason', 'text')
    // SoL 14 kap. 1 §: a mandated reporter is never anonymous and always says who they are.
    .addCheckConstraint(
      'report_reporters_professional_named',
      sql`kind <> 'professional' or (not anonymous and name is not null and organisation_type is not null
        and organisation_name is not null and role is not null and phone is not null and email is not null
        and guardians_informed is not null)`,
    )
    .addCheckConstraint('report_reporters_anonymous_unnamed', sql`not anonymous or (name is null and phone is null and email is null)`)
    .execute()

  await db.schema
    .createTable('report_events')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('report_id', 'uuid', (col) => col.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('data', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
  await db.schema.createIndex('report_events_report_idx').on('report_events').columns(['report_id', 'at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['report_events', 'report_reporters', 'report_subjects', 'reports']) {
    await db.schema.dropTable(table).execute()
  }
}
