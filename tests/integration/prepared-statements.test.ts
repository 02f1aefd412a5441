import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { MOST_PREPARED, PreparingClient, preparedName } from '~/server/db.server'
import { createEmptyDatabase } from '../support/postgres'

let url: string
let drop: () => Promise<void>
let client: PreparingClient

beforeAll(async () => {
  ;({ url, drop } = await createEmptyDatabase(inject('postgresUrl')))
  client = new PreparingClient({ connectionString: url })
  await client.connect()
  await client.query('create table jour_notes (id int primary key, note text)')
})

afterAll(async () => {
  await client.end()
  await drop()
})

async function preparedOnConnection(): Promise<string[]> {
  // A plain pg.Client query with no values: never prepared itself, so the list is only the app's.
  const { rows } = await client.query<{ statement: string }>('select statement from pg_prepared_statements order by statement')
  return rows.map((row) => row.statement)
}

describe('statements prepared once per connection', () => {
  it('sends a statement unnamed the first time, prepares it at the second, and answers each call with its own values', async () => {
    const text = 'select $1::int + 1 as next'
    expect((await client.query<{ next: number }>(text, [1])).rows).toEqual([{ next: 2 }])
    expect(await preparedOnConnection()).toEqual([])
    expect((await client.query<{ next: number }>(text, [41])).rows).toEqual([{ next: 42 }])
    expect(await preparedOnConnection()).toEqual([text])
    expect((await client.query<{ next: number }>(text, [99])).rows).toEqual([{ next: 100 }])
    expect(await preparedOnConnection()).toEqual([text])
  })

  it('never prepares a statement that reads or returns star columns, so a new column cannot break it', async () => {
    const read = 'select * from jour_notes where id = $1'
    const written = 'insert into jour_notes (id, note) values ($1, $2) returning *'
    for (let id = 1; id <= 3; id++) {
      await client.query(written, [id, `note ${id}`])
      await client.query(read, [id])
    }
    expect(preparedName(read)).toBeNull()
    expect(preparedName(written)).toBeNull()
    // What a migration of another instance does in a rolling deploy: the next read still works and has the column.
    await client.query('alter table jour_notes add column seen boolean not null default false')
    expect((await client.query(read, [2])).rows).toEqual([{ id: 2, note: 'note 2', seen: false }])
    // count(*) and multiplication are no star columns.
    expect(preparedName('select count(*) from jour_notes where id > $1')).toBeNull()
    expect(preparedName('select count(*) from jour_notes where id > $1')).toMatch(/^s[0-9a-f]{24}$/)
    expect(preparedName('select $1::int * 2 as twice')).toBeNull()
    expect(preparedName('select $1::int * 2 as twice')).not.toBeNull()
  })

  it('runs a text without values (several statements, as a migration) by the simple protocol, unprepared', async () => {
    const migration = 'create table handovers (id int); insert into handovers values (1); insert into handovers values (2)'
    await client.query(migration)
    await client.query('drop table handovers')
    await client.query(migration)
    expect((await client.query('select count(*)::int as n from handovers')).rows).toEqual([{ n: 2 }])
    expect(await preparedOnConnection()).not.toContain(migration)
  })

  it('stops preparing at its bound, and the statements past it still answer', async () => {
    for (let n = 0; n < MOST_PREPARED + 20; n++) {
      const text = `select $1::int + ${n} as sum`
      await client.query(text, [1])
      expect((await client.query<{ sum: number }>(text, [2])).rows).toEqual([{ sum: 2 + n }])
    }
    const prepared = await preparedOnConnection()
    expect(prepared.length).toBeLessThanOrEqual(MOST_PREPARED)
    expect(prepared).not.toContain(`select $1::int + ${MOST_PREPARED + 19} as sum`)
  })
})
