import { sql, type Kysely } from 'kysely'

/**
 * The export API for the municipality's case system (issue 16). An administrator creates an
 * API client for some of their municipalities; only the SHA-256 of its secret is kept (the
 * secret is 32 random bytes, so a slow hash buys nothing), and a webhook's signing secret is
 * kept encrypted because we must sign with it. A decided report is "ready" until the case
 * system registers it with its diary number; the partial index serves the ready list in the
 * order the API pages it. Audit entries name the client that read, as they name staff.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_clients')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull().unique())
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'text')
    .addColumn('created_by', 'uuid', (col) => col.references('staff_users.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('rotated_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'uuid', (col) => col.references('staff_users.id'))
    .execute()
  await db.schema
    .createTable('api_client_municipalities')
    .addColumn('api_client_id', 'uuid', (col) => col.notNull().references('api_clients.id').onDelete('cascade'))
    .addColumn('municipality_code', 'text', (col) => col.notNull().references('municipalities.code'))
    .addPrimaryKeyConstraint('api_client_municipalities_pkey', ['api_client_id', 'municipality_code'])
    .execute()

  await db.schema
    .alterTable('reports')
    .addColumn('diary_number', 'text')
    .addColumn('case_id', 'text')
    .addColumn('registered_at', 'timestamptz')
    .addColumn('registered_by', 'uuid', (col) => col.references('api_clients.id'))
    .execute()
  await db.schema
    .createIndex('reports_ready_idx')
    .on('reports')
    .columns(['municipality_code', 'decided_at', 'id'])
    .where(sql.ref('status'), '=', 'decided')
    .where(sql.ref('registered_at'), 'is', null)
    .execute()

  await db.schema
    .alterTable('audit_log')
    .addColumn('api_client_id', 'uuid', (col) => col.references('api_clients.id'))
    .execute()
  await db.schema.alterTable('audit_log').dropConstraint('audit_log_staff_or_reporter').execute()
  await db.schema
    .alterTable('audit_log')
    .addCheckConstraint('audit_log_staff_or_reporter', sql`staff_id is not null or api_client_id is not null or action like 'reporter.%'`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').dropConstraint('audit_log_staff_or_reporter').execute()
  await db.schema.alterTable('audit_log').dropColumn('api_client_id').execute()
  await db.schema
    .alterTable('audit_log')
    .addCheckConstraint('audit_log_staff_or_reporter', sql`staff_id is not null or action like 'reporter.%'`)
    .execute()
  await db.schema.dropIndex('reports_ready_idx').execute()
  await db.schema.alterTable('reports').dropColumn('registered_by').dropColumn('registered_at').dropColumn('case_id').dropColumn('diary_number').execute()
  await db.schema.dropTable('api_client_municipalities').execute()
  await db.schema.dropTable('api_clients').execute()
}
