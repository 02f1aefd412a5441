import { sql } from 'kysely'
import type { StaffScope } from '../domain/scope'
import type { Executor } from './db.server'

/**
 * Every query for reports by staff starts here: the reports table already narrowed to what
 * the staff member may see. Listing, counting, searching and acting all go through it, so
 * another municipality's report is simply not found (a 404, never a 403).
 */
export function reportsInScope(db: Executor, scope: StaffScope) {
  const reports = db.selectFrom('reports')
  switch (scope.role) {
    case 'intake':
      return scope.municipalityCodes.length > 0 ? reports.where('reports.municipality_code', 'in', [...scope.municipalityCodes]) : reports.where(sql<boolean>`false`)
    case 'jour':
      return reports
        .where('reports.destination_jour_id', '=', scope.jourId)
        .where((eb) =>
          eb.or([
            eb('reports.handed_over_at', 'is', null),
            sql<boolean>`reports.handed_over_at + make_interval(mins => (select handover_grace_minutes from jour_units where id = ${scope.jourId})) > ${scope.now}`,
          ]),
        )
    case 'admin':
    case 'auditor':
      return reports.where(sql<boolean>`false`)
    default: {
      const unreachable: never = scope
      throw new Error(`unknown scope ${JSON.stringify(unreachable)}`)
    }
  }
}
