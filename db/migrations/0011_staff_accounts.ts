import { sql, type Kysely } from 'kysely'

/**
 * Staff accounts kept by administrators: a new account has no password until its holder
 * sets one through an invitation e-mailed to their work address. Only the SHA-256 of the
 * invitation's token is stored, so the table alone opens no account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('staff_users')
    .alterColumn('password_hash', (col) => col.dropNotNull())
    .execute()
  await db.schema
    .createTable('staff_invitations')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff_users.id').onDelete('cascade'))
    // Set when the worker writes the e-mail; a retried send makes a new token and the old one stops working.
    .addColumn('token_hash', 'text', (col) => col.unique())
    // Null for an account the service's operator made with `npm run staff:invite`.
    .addColumn('created_by', 'uuid', (col) => col.references('staff_users.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('staff_invitations_staff_idx').on('staff_invitations').column('staff_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_invitations').execute()
  await db.deleteFrom('staff_users').where('password_hash', 'is', null).execute()
  await db.schema
    .alterTable('staff_users')
    .alterColumn('password_hash', (col) => col.setNotNull())
    .execute()
}
