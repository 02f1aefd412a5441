import { createHash } from 'node:crypto'
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely'
import pg from 'pg'
import { migrations } from '../../db/migrations'
import type { Database } from '../../db/schema'

export type Db = Kysely<Database>
/** Query functions take either the pool or an open transaction, so callers can compose them. */
export type Executor = Kysely<Database> | Transaction<Database>

// Dates come back as JS Date; `date` columns stay as their YYYY-MM-DD text.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value)

// A statement is prepared once it has been seen this often, and at most this many are: the
// repeated statements of the hot paths (a submit, a page step, pg-boss's fetch and complete)
// are a few dozen, while a list's `in ($1, …, $n)` makes a new text for every length.
const PREPARE_AFTER_USES = 2
export const MOST_PREPARED = 256
// Texts counted but not (yet) prepared, kept to a bound; a full count starts again.
const MOST_COUNTED = 4096

// A prepared statement's result columns are fixed when it is prepared: if a migration (another
// instance's, in a rolling deploy) adds a column to a table read with `*`, PostgreSQL refuses
// the next run ("cached plan must not change result type"). Statements that select or return
// `*` or `t.*` are therefore sent unnamed; `count(*)` and multiplication are not that.
const STAR_COLUMNS = /(?:\bselect\s+(?:distinct\s+)?|\breturning\s+|,\s*)(?:"?\w+"?\.)?\*/gi
// The one exception: a bare `*` over a record set whose columns the statement itself declares,
// with nothing joined to it, as pg-boss reads its input (`select * from json_to_recordset($2)
// as x (id uuid, …)`) in its insert and complete, the most frequent statements of a stored report.
const DECLARED_RECORD_SET = /^\s+jsonb?_to_recordset\s*\(/i
const RECORD_SET_ALIAS = /^\s*(?:as\s+)?"?\w+"?\s*\(/i

/** The index just past the parenthesis that closes the one at `open`; -1 when it is not closed. */
function pastClosing(text: string, open: number): number {
  let depth = 0
  for (let index = open; index < text.length; index++) {
    if (text[index] === '(') depth++
    else if (text[index] === ')' && --depth === 0) return index + 1
  }
  return -1
}

/** Whether a `*` in `text` could stand for a table's columns (see above). */
export function readsStarColumns(text: string): boolean {
  for (const star of text.matchAll(STAR_COLUMNS)) {
    if (/^returning/i.test(star[0]) || star[0].includes('.')) return true
    const rest = text.slice(star.index + star[0].length)
    const from = /\bfrom\b/i.exec(rest)
    if (!from) return true
    let after = rest.slice(from.index + 4)
    const call = DECLARED_RECORD_SET.exec(after)
    if (!call) return true
    const pastCall = pastClosing(after, call[0].length - 1)
    if (pastCall < 0) return true
    after = after.slice(pastCall)
    const alias = RECORD_SET_ALIAS.exec(after)
    if (!alias) return true
    const pastColumns = pastClosing(after, alias[0].length - 1)
    if (pastColumns < 0 || !/^\s*\)/.test(after.slice(pastColumns))) return true
  }
  return false
}

const preparedNames = new Map<string, string>()
// Times each text not (yet) prepared was seen; NEVER for the texts with star columns.
const uses = new Map<string, number>()
const NEVER = -1

/** The name `text` is prepared under, once it is worth preparing; null while (or if always) it is sent unnamed. */
export function preparedName(text: string): string | null {
  const name = preparedNames.get(text)
  if (name !== undefined) return name
  const used = uses.get(text)
  if (used === NEVER || preparedNames.size >= MOST_PREPARED) return null
  if (used === undefined && uses.size >= MOST_COUNTED) uses.clear()
  if (used === undefined && readsStarColumns(text)) {
    uses.set(text, NEVER)
    return null
  }
  const seen = (used ?? 0) + 1
  if (seen < PREPARE_AFTER_USES) {
    uses.set(text, seen)
    return null
  }
  uses.delete(text)
  const prepared = `s${createHash('sha256').update(text).digest('hex').slice(0, 24)}`
  preparedNames.set(text, prepared)
  return prepared
}

/**
 * A connection that sends a repeated statement as a named prepared statement: PostgreSQL
 * parses it once per connection and, where a generic plan is as good, plans it once too.
 * Sent unnamed, the statements of a stored report (pg-boss's job statements above all) spent
 * about as long being planned as being run (`BENCH_PG_STATEMENTS=1`, tests/bench/README.md).
 * Only a text with values: one without goes by the simple protocol, which also runs several
 * statements in one text (a migration), and a prepared statement cannot. Anything else
 * (a config object, a callback, a cursor) passes through as it came.
 */
export class PreparingClient extends pg.Client {}

// Assigned rather than overridden, so the class keeps pg.Client's typed overloads of `query`.
const sendQuery = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown
const preparingQuery = function (this: pg.Client, ...args: unknown[]) {
  const [text, values, callback] = args
  const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined ? preparedName(text) : null
  return name === null ? sendQuery.apply(this, args) : sendQuery.call(this, { name, text, values })
} as typeof pg.Client.prototype.query
PreparingClient.prototype.query = preparingQuery

// Each Db's pool, for `openConnections`: Kysely does not hand it out.
const pools = new WeakMap<Db, pg.Pool>()

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  // Connections are kept once opened (none closed for being idle): a new one costs a backend
  // start and its first queries, and a burst after a quiet spell would pay that ten times over
  // at the moment the CPUs are busiest.
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, idleTimeoutMillis: 0, Client: PreparingClient })
  // A dropped connection must not crash the process: an idle one the pool replaces; one in use
  // (a worker's transaction waiting on the mail server when PostgreSQL restarts) fails its next query.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  pools.set(db, pool)
  return db
}

/**
 * Opens every connection of `pool` now, so the first burst of requests after a start does not
 * open them all at once (each a backend start and its first queries) at the moment the CPUs
 * are busiest. Each is held until all are tried, then handed back; resolves to the first
 * failure, if any.
 */
export async function openPool(pool: pg.Pool): Promise<unknown> {
  const clients = await Promise.allSettled(Array.from({ length: pool.options.max }, () => pool.connect()))
  for (const client of clients) if (client.status === 'fulfilled') client.value.release()
  return clients.find((client) => client.status === 'rejected')?.reason
}

/** `openPool` for the pool of a Db made by `createDb`; a connection that cannot be opened fails the start. */
export async function openConnections(db: Db): Promise<void> {
  const pool = pools.get(db)
  const failure = pool ? await openPool(pool) : undefined
  if (failure !== undefined) throw failure
}

// Any constant works; it only has to be the same in every instance of the service.
const MIGRATION_LOCK = 7_061_024

/**
 * Brings the schema to the latest migration. Several instances may start at once: a
 * session-level advisory lock makes them take turns, and the later ones find nothing to do.
 */
export async function migrateToLatest(db: Db): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection)
    try {
      const migrator = new Migrator({ db: connection, provider: { getMigrations: async () => migrations } })
      const { error, results } = await migrator.migrateToLatest()
      const failed = results?.find((result) => result.status === 'Error')
      if (error || failed) {
        throw new Error(`migration ${failed?.migrationName ?? ''} failed`, { cause: error })
      }
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(connection)
    }
  })
}

/** Ready means: the database answers and every migration this code knows has run. */
export async function migrationsPending(db: Db): Promise<number> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const known = await migrator.getMigrations()
  return known.filter((migration) => !migration.executedAt).length
}

/** PostgreSQL refused a row because `constraint` (a unique index) already holds its value. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pgError = error as { code?: string; constraint?: string }
  return pgError?.code === '23505' && pgError.constraint === constraint
}
