import { sql, type Kysely } from 'kysely'

/**
 * The auditor lists security events alone (out-of-scope attempts, action `security.…`). They
 * are rare among the reads the audit log records by the thousand, so without an index of
 * their own the newest hundred are found by reading the whole log backwards.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_security_idx').on('audit_log').column('id').where(sql.ref('action'), 'like', 'security.%').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_security_idx').execute()
}
