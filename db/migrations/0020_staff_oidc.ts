import { sql, type Kysely } from 'kysely'

/**
 * Staff sign-in through the municipality's OpenID Connect provider (issue 16). A sign-in in
 * flight is a row keyed by the SHA-256 of a random cookie token, holding what the callback
 * must check (state, nonce, the PKCE verifier); it is taken once (`used_at`) and lives ten
 * minutes, so a callback address replayed or sent from another browser opens nothing. Login
 * events gain the step `oidc` and the provider it went through.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oidc_transactions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('nonce', 'text', (col) => col.notNull())
    .addColumn('code_verifier', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .addCheckConstraint('oidc_transactions_lifetime', sql`expires_at > created_at`)
    .execute()
  await db.schema.createIndex('oidc_transactions_expires_idx').on('oidc_transactions').column('expires_at').execute()

  await db.schema.alterTable('login_events').addColumn('provider', 'text').execute()
  await db.schema.alterTable('login_events').dropConstraint('login_events_step_check').execute()
  await db.schema
    .alterTable('login_events')
    .addCheckConstraint('login_events_step_check', sql`step in ('password', 'second-factor', 'enrolment', 'logout', 'oidc')`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('login_events').where('step', '=', 'oidc').execute()
  await db.schema.alterTable('login_events').dropConstraint('login_events_step_check').execute()
  await db.schema
    .alterTable('login_events')
    .addCheckConstraint('login_events_step_check', sql`step in ('password', 'second-factor', 'enrolment', 'logout')`)
    .execute()
  await db.schema.alterTable('login_events').dropColumn('provider').execute()
  await db.schema.dropTable('oidc_transactions').execute()
}
