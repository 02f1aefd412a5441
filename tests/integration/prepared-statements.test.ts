import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { completeJobsWithOutputs, insertJobs } from 'pg-boss/dist/plans.js'
import { MOST_PREPARED, PreparingClient, preparedName, readsStarColumns } from '~/server/db.server'
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

  it("prepares pg-boss's insert and complete, whose `*` is a record set the statement declares, and nothing joined to one", async () => {
    // The texts pg-boss sends for a stored report's jobs (its job insert with notify, and complete with outputs).
    expect(readsStarColumns(insertJobs('pgboss', { table: 'job_common', name: 'email', returnId: true, notify: true }))).toBe(false)
    expect(readsStarColumns(insertJobs('pgboss', { table: 'job_common', name: 'page-step', returnId: true, notify: false }))).toBe(false)
    expect(readsStarColumns(completeJobsWithOutputs('pgboss', 'job_common'))).toBe(false)
    // A table's columns behind the star, one way or another: never prepared.
    for (const text of [
      'select * from jour_notes where id = $1',
      'select n.* from json_to_recordset($1::json) as x (id int) join jour_notes n using (id)',
      'select * from json_to_recordset($1::json) as x (id int) join jour_notes n using (id)',
      'select * from (select * from json_to_recordset($1::json) as x (id int), jour_notes) t',
      'with x as (select * from json_to_recordset($1::json) as x (id int) natural join jour_notes) select 1',
      'with n as (delete from jour_notes returning *) select * from json_to_recordset($1::json) as x (id int)',
      'select * from json_to_recordset($1::json',
    ]) {
      expect(readsStarColumns(text), text).toBe(true)
    }
    // Prepared at its second use, and right after a column is added to the table it writes.
    const text =
      'with input as (select * from json_to_recordset($1::text::json) as x (id int, note text)) insert into jour_notes (id, note) select id, note from input returning id'
    await client.query(text, [JSON.stringify([{ id: 10, note: 'a' }])])
    await client.query(text, [JSON.stringify([{ id: 11, note: 'b' }])])
    expect(await preparedOnConnection()).toContain(text)
    await client.query('alter table jour_notes add column handed_over boolean')
    expect((await client.query(text, [JSON.stringify([{ id: 12, note: 'c' }])])).rows).toEqual([{ id: 12 }])
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

describe('every way pg can be asked, answered as pg answers it (pg is patched, decision 0024)', () => {
  const text = 'select $1::int * 3 as triple'

  it('answers a callback given after the values, and one given instead of them', async () => {
    const withValues = await new Promise<unknown>((resolve, reject) => {
      client.query(text, [5], (error: Error | null, result: pg.QueryResult) => (error ? reject(error) : resolve(result.rows)))
    })
    expect(withValues).toEqual([{ triple: 15 }])
    const withoutValues = await new Promise<unknown>((resolve, reject) => {
      client.query('select 7 as seven', (error: Error | null, result: pg.QueryResult) => (error ? reject(error) : resolve(result.rows)))
    })
    expect(withoutValues).toEqual([{ seven: 7 }])
  })

  it('hands a query object (as a cursor is) to pg as it came', async () => {
    const query = new pg.Query('select 2 as two')
    const rows: unknown[] = []
    query.on('row', (row: unknown) => rows.push(row))
    const ended = new Promise((resolve, reject) => {
      query.on('end', resolve)
      query.on('error', reject)
    })
    expect(client.query(query)).toBe(query)
    await ended
    expect(rows).toEqual([{ two: 2 }])
  })

  it("rejects a failed statement with PostgreSQL's error, its stack leading back to the caller, and the connection still answers", async () => {
    const failed = await client.query('select * from no_such_table where id = $1', [1]).catch((error: unknown) => error)
    expect(failed).toBeInstanceOf(Error)
    expect(failed).toMatchObject({ code: '42P01' })
    expect((failed as Error).stack).toContain('prepared-statements.test.ts')
    expect((await client.query<{ triple: number }>(text, [2])).rows).toEqual([{ triple: 6 }])
  })
})
