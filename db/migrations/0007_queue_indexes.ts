import { sql, type Kysely } from 'kysely'

/**
 * The queue's keyset pagination read from an index at any depth (measured with
 * tests/bench/queue.bench.ts at 1,000,000 reports): one index for "all statuses" and a
 * partial one for the default "new and in progress". The index of 0004 they replace
 * only served a single status.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('reports_queue_all_idx').on('reports').columns(['municipality_code', 'level_rank', 'received_at', 'id']).execute()
  await db.schema
    .createIndex('reports_queue_open_idx')
    .on('reports')
    .columns(['municipality_code', 'level_rank', 'received_at', 'id'])
    .where(sql.ref('status'), 'in', sql`('new', 'in_progress')`)
    .execute()
  await db.schema.dropIndex('reports_queue_idx').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('reports_queue_idx').on('reports').columns(['municipality_code', 'status', 'level', 'received_at']).execute()
  await db.schema.dropIndex('reports_queue_open_idx').execute()
  await db.schema.dropIndex('reports_queue_all_idx').execute()
}
