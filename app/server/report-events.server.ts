import { sql } from 'kysely'

/**
 * A report's timeline event as the columns of a select, for an insert that takes its rows from a
 * CTE (`insert into report_events … select <these> from claimed`): the event is written in the
 * same statement as what it records, and only if that wrote a row. Typed casts, since a select's
 * parameters have no column to take their types from.
 */
export function eventColumns(event: { reportId: string; at: Date; kind: string; data: unknown }) {
  return [
    sql<string>`${event.reportId}::uuid`.as('report_id'),
    sql<Date>`${event.at}::timestamptz`.as('at'),
    sql<string>`${event.kind}::text`.as('kind'),
    sql<string>`${JSON.stringify(event.data)}::jsonb`.as('data'),
  ]
}
