import { sql, type RawBuilder } from 'kysely'
import { ENCRYPTED_COLUMNS, ENCRYPTED_EVENT_FIELDS, UNENCRYPTED_MARK, type Cipher, type EncryptedColumn } from './crypto.server'
import type { Db, Executor } from './db.server'

/** Stored values of one row, by name: a column (`reports.description`) or an event field (`report_events.data.note`). */
type Values = Record<string, string | null>

/** A table that holds ciphertext: how to read its stored values and write them back. */
interface Holder {
  table: keyof typeof ENCRYPTED_COLUMNS
  key: string
  keyType: 'uuid' | 'bigint'
  /** Each stored value as an expression, by its name. */
  values: Record<string, RawBuilder<string | null>>
  write: (trx: Executor, cipher: Cipher, key: string, stored: Values, plaintexts: Values) => Promise<void>
}

function columnHolder(table: 'reports' | 'report_subjects' | 'report_reporters' | 'report_drafts' | 'pre_notices' | 'api_clients', key: string): Holder {
  const columns = ENCRYPTED_COLUMNS[table] as readonly string[]
  return {
    table,
    key,
    keyType: 'uuid',
    values: Object.fromEntries(columns.map((column) => [`${table}.${column}`, sql<string | null>`${sql.ref(column)}`])),
    write: async (trx, cipher, rowKey, stored, plaintexts) => {
      const assignments = columns.map((column) => sql`${sql.ref(column)} = ${stored[`${table}.${column}`] ?? null}`)
      if (table === 'report_subjects' || table === 'pre_notices') {
        // The blind index follows the personnummer, with the current BLIND_INDEX_KEY.
        const number = plaintexts[`${table}.personal_identity_number`] ?? null
        assignments.push(sql`personal_identity_number_index = ${number === null ? null : cipher.blindIndex(number)}`)
      }
      await sql`update ${sql.table(table)} set ${sql.join(assignments)} where ${sql.ref(key)} = ${rowKey}::uuid`.execute(trx)
    },
  }
}

const EVENT_FIELDS = [...new Set(Object.values(ENCRYPTED_EVENT_FIELDS).flat())]

/** The field of an event's data where the event's kind says it holds ciphertext, otherwise null. */
function eventField(field: string) {
  const kinds = Object.keys(ENCRYPTED_EVENT_FIELDS).filter((kind) => ENCRYPTED_EVENT_FIELDS[kind]!.some((name) => name === field))
  return sql<string | null>`(case when kind in (${sql.join(kinds.map((kind) => sql.lit(kind)))}) then data ->> ${sql.lit(field)} end)`
}

const eventsHolder: Holder = {
  table: 'report_events',
  key: 'id',
  keyType: 'bigint',
  values: Object.fromEntries(EVENT_FIELDS.map((field) => [`report_events.data.${field}`, eventField(field)])),
  write: async (trx, _cipher, rowKey, stored) => {
    let data = sql`data`
    for (const field of EVENT_FIELDS) {
      const value = stored[`report_events.data.${field}`]
      if (value !== null && value !== undefined) data = sql`jsonb_set(${data}, array[${sql.lit(field)}], to_jsonb(${value}::text))`
    }
    await sql`update report_events set data = ${data} where id = ${rowKey}::bigint`.execute(trx)
  },
}

const HOLDERS: Holder[] = [
  columnHolder('reports', 'id'),
  columnHolder('report_subjects', 'id'),
  columnHolder('report_reporters', 'report_id'),
  eventsHolder,
  columnHolder('report_drafts', 'id'),
  columnHolder('pre_notices', 'id'),
  columnHolder('api_clients', 'id'),
]

/** The name a value is sealed under: an event's fields all under `report_events.data`. */
const columnOf = (name: string) => (name.startsWith('report_events.data.') ? 'report_events.data' : name) as EncryptedColumn

export interface ReencryptOptions {
  /** Rows per transaction. */
  batchSize?: number
  /** Also rewrite every blind index, after BLIND_INDEX_KEY has changed. */
  reindex?: boolean
  onBatch?: (table: string, rows: number) => void
}

/**
 * Key rotation: every stored value not encrypted with the current key (ENCRYPTION_KEY_ID),
 * and every value migration 0006 marked as not encrypted yet, is encrypted with the current
 * key; a batch of rows per transaction, each row locked while it is rewritten. A second run
 * finds nothing to do. Returns the number of rows rewritten per table.
 */
export async function reencryptAll(db: Db, cipher: Cipher, options: ReencryptOptions = {}): Promise<Record<string, number>> {
  const batchSize = options.batchSize ?? 500
  const currentPrefix = `v1.${cipher.currentKeyId}.`
  const rewritten: Record<string, number> = {}
  for (const holder of HOLDERS) {
    const expressions = Object.values(holder.values)
    const conditions = expressions.map((value) => sql<boolean>`(${value} is not null and not starts_with(${value}, ${currentPrefix}))`)
    if (options.reindex && holder.table === 'report_subjects') conditions.push(sql<boolean>`personal_identity_number is not null`)
    const selected = Object.entries(holder.values).map(([name, value]) => sql`${value} as ${sql.id(name)}`)
    let count = 0
    let after: string | null = null
    for (;;) {
      const batch: { rows: number; last: string | null } = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<Values & { row_key: string }>`
          select ${sql.ref(holder.key)}::text as row_key, ${sql.join(selected)}
          from ${sql.table(holder.table)}
          where (${sql.join(conditions, sql` or `)})
            and (${after}::text is null or ${sql.ref(holder.key)} > ${after}::${sql.raw(holder.keyType)})
          order by ${sql.ref(holder.key)}
          limit ${batchSize}
          for update`.execute(trx)
        for (const { row_key: rowKey, ...stored } of rows) {
          const plaintexts: Values = {}
          const rewrittenValues: Values = {}
          for (const [name, value] of Object.entries(stored)) {
            if (value === null) {
              plaintexts[name] = rewrittenValues[name] = null
              continue
            }
            const plaintext = value.startsWith(UNENCRYPTED_MARK) ? value.slice(UNENCRYPTED_MARK.length) : cipher.decrypt(value, columnOf(name))
            plaintexts[name] = plaintext
            // A value already under the current key stays as it is.
            rewrittenValues[name] = cipher.keyIdOf(value) === cipher.currentKeyId ? value : cipher.encrypt(plaintext, columnOf(name))
          }
          await holder.write(trx, cipher, rowKey, rewrittenValues, plaintexts)
        }
        return { rows: rows.length, last: rows.at(-1)?.row_key ?? null }
      })
      count += batch.rows
      if (batch.rows > 0) options.onBatch?.(holder.table, batch.rows)
      if (batch.rows < batchSize) break
      after = batch.last
    }
    rewritten[holder.table] = count
  }
  return rewritten
}
