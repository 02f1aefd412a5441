import type { AppLoadContext } from '@remix-run/node'
import type { StaffScope } from '../domain/scope'
import { audit, outOfScope, type AuditAction } from './audit.server'
import { findInScope } from './casework.server'
import type { Cipher } from './crypto.server'
import { reportForStaff } from './report-view.server'
import { findEarlierReportIds } from './reports.server'
import { reportsInScope } from './scope.server'

/**
 * A report for a staff page: found through the scope (404 otherwise, never 403), read,
 * and the read written to the audit log.
 */
export async function readReportForStaff(
  context: AppLoadContext,
  request: Request,
  input: { scope: StaffScope; staffId: string; reportId: string; action: Extract<AuditAction, 'report.view' | 'report.print'> },
) {
  const found = await findInScope(context.db, input.scope, input.reportId)
  if (!found) throw await outOfScope(context, request, { staffId: input.staffId, kind: 'report', id: input.reportId })
  const report = await reportForStaff(context.db, context.cipher, found.id)
  await audit(context.db, { staffId: input.staffId, action: input.action, reportId: found.id, at: context.now() })
  return report
}

/**
 * Other reports about the same people (matched by the personnummer's blind index), within
 * what this staff member may see, newest first.
 */
export async function reportsAboutSamePeople(context: AppLoadContext, scope: StaffScope, report: { id: string; subjects: Array<{ personalIdentityNumber: string | null }> }) {
  const numbers = report.subjects.map((subject) => subject.personalIdentityNumber).filter((number): number is string => Boolean(number))
  const ids = await findEarlierReportIds(context.db, context.cipher, scope, numbers, { excluding: report.id })
  if (ids.length === 0) return []
  return reportsInScope(context.db, scope)
    .select(['reports.id', 'reports.reference', 'reports.received_at', 'reports.level', 'reports.status'])
    .where('reports.id', 'in', ids)
    .orderBy('reports.received_at', 'desc')
    .execute()
}

/** What staff write on a report's timeline, as it is stored: encrypted. */
export function sealText(cipher: Cipher): (text: string) => string {
  return (text) => cipher.encrypt(text, 'report_events.data')
}
