import { sql, type RawBuilder } from 'kysely'

/**
 * When the reporter last added information or answered (issue 14's `reporter_update_at`), as long
 * as no staff member has read or printed the report since: the queues' "new information" mark.
 * A read is in the audit log (`report.view`, `report.print`); the CASE asks it only for reports
 * the reporter has touched.
 */
export function newInformationAt(table: 'reports' | 'queued'): RawBuilder<Date | null> {
  const id = sql.ref(`${table}.id`)
  const updated = sql.ref(`${table}.reporter_update_at`)
  return sql<Date | null>`case
    when ${updated} is null then null
    when exists (select 1 from audit_log where audit_log.report_id = ${id} and audit_log.action in ('report.view', 'report.print') and audit_log.at >= ${updated}) then null
    else ${updated} end`
}
