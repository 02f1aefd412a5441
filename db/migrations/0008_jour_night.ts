import { sql, type Kysely } from 'kysely'

/**
 * The jour's night: who acknowledged a report and when (what stops escalation), and the
 * handover ("återrapport") to the municipality, after which the jour keeps access only for
 * its grace period.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('reports')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'uuid', (col) => col.references('staff_users.id'))
    .addColumn('handed_over_at', 'timestamptz')
    .execute()
  await db.schema
    .alterTable('reports')
    .addCheckConstraint('reports_acknowledged_by', sql`(acknowledged_at is null) = (acknowledged_by is null)`)
    .execute()
  await db.schema
    .alterTable('jour_units')
    // How long after the handover the jour may still open the report (for questions in the morning).
    .addColumn('handover_grace_minutes', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(12 * 60)
        .check(sql`handover_grace_minutes between 0 and 10080`),
    )
    .execute()
  await db.schema
    .createIndex('reports_jour_queue_idx')
    .on('reports')
    .columns(['destination_jour_id', 'received_at'])
    .where(sql.ref('destination_jour_id'), 'is not', null)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_jour_queue_idx').execute()
  await db.schema.alterTable('jour_units').dropColumn('handover_grace_minutes').execute()
  await db.schema.alterTable('reports').dropConstraint('reports_acknowledged_by').execute()
  for (const column of ['acknowledged_at', 'acknowledged_by', 'handed_over_at']) {
    await db.schema.alterTable('reports').dropColumn(column).execute()
  }
}
