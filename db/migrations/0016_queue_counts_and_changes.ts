import { sql, type Kysely } from 'kysely'

/**
 * The staff queues at a glance (issue 13):
 * - the counts at the top of the intake queue (open reports by level, the overdue among them,
 *   the immediate ones nobody has taken) read from one covering index of the open reports,
 *   without touching the table: every column the counts look at is in it;
 * - the live queue: after a statement stores or changes reports, one notification per queue it
 *   touched (`m:<municipality>`, `j:<jour>`) on the channel `queue_changed`. Statement-level, so
 *   a bulk update (key rotation) is a handful of notifications, not one per row; PostgreSQL
 *   also folds equal notifications of one transaction into one. No payload names a report.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Written in SQL: Kysely's index builder has no INCLUDE.
  await sql`create index reports_queue_open_counts_idx on reports (municipality_code)
    include (level_rank, status, protection_assessment_due, protection_assessed_at, decision_due, decided_at)
    where status in ('new', 'in_progress')`.execute(db)

  await sql`create function reports_queue_changed_after_insert() returns trigger language plpgsql as $$
    begin
      perform pg_notify('queue_changed', key) from (
        select 'm:' || municipality_code as key from new_rows
        union select 'j:' || destination_jour_id from new_rows where destination_jour_id is not null
      ) keys;
      return null;
    end $$`.execute(db)
  await sql`create function reports_queue_changed_after_update() returns trigger language plpgsql as $$
    begin
      perform pg_notify('queue_changed', key) from (
        select 'm:' || municipality_code as key from new_rows
        union select 'm:' || municipality_code from old_rows
        union select 'j:' || destination_jour_id from new_rows where destination_jour_id is not null
        union select 'j:' || destination_jour_id from old_rows where destination_jour_id is not null
      ) keys;
      return null;
    end $$`.execute(db)
  await sql`create trigger reports_queue_changed_insert after insert on reports
    referencing new table as new_rows for each statement execute function reports_queue_changed_after_insert()`.execute(db)
  await sql`create trigger reports_queue_changed_update after update on reports
    referencing old table as old_rows new table as new_rows for each statement execute function reports_queue_changed_after_update()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger reports_queue_changed_update on reports`.execute(db)
  await sql`drop trigger reports_queue_changed_insert on reports`.execute(db)
  await sql`drop function reports_queue_changed_after_update()`.execute(db)
  await sql`drop function reports_queue_changed_after_insert()`.execute(db)
  await db.schema.dropIndex('reports_queue_open_counts_idx').execute()
}
