import { sql, type Kysely } from 'kysely'

/**
 * Limits that hold across every instance of the service (issue 11).
 *
 * `rate_limits` is rate-limiter-flexible's own PostgreSQL table (its columns, so the library
 * is told the table exists and never creates it at run time): one row per limited key, a
 * keyed hash and never a client address. UNLOGGED: a counter lost in a crash only lets a
 * few more requests through, and without the write-ahead log each request costs less.
 *
 * `receipt_limits` counts the receipts sent to one recipient a day, keyed by a hash of the
 * address, in the same transaction that sends the receipt (mailer.server.ts).
 *
 * `login_throttle` goes: sign-in throttling moved to `rate_limits` (no hard lockout).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unlogged table rate_limits (
    key varchar(255) primary key,
    points integer not null default 0,
    expire bigint
  ) with (fillfactor = 70)`.execute(db)
  await db.schema.createIndex('rate_limits_expire_idx').on('rate_limits').column('expire').execute()

  await db.schema
    .createTable('receipt_limits')
    .addColumn('day', 'date', (col) => col.notNull())
    .addColumn('recipient', 'text', (col) => col.notNull())
    .addColumn('sent', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('receipt_limits_pkey', ['day', 'recipient'])
    .execute()

  await db.schema.dropTable('login_throttle').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('window_started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('locked_until', 'timestamptz')
    .execute()
  await db.schema.dropTable('receipt_limits').execute()
  await db.schema.dropTable('rate_limits').execute()
}
