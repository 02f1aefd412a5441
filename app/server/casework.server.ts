import type { StaffScope } from '../domain/scope'
import type { InitialAssessment, JourAction } from '../domain/casework'
import { audit, type AuditAction } from './audit.server'
import type { Db, Executor } from './db.server'
import type { Jobs } from './jobs.server'
import { queueInitialAssessmentFeedback } from './notifications.server'
import { reportsInScope } from './scope.server'
import { queueReportReadyNotices } from './webhooks.server'
import { isUuid } from '../domain/strict-params'

/** The report's id if the staff member may see it: the only way into a single report. */
export async function findInScope(db: Executor, scope: StaffScope, reportId: string) {
  if (!isUuid(reportId)) return null
  return reportsInScope(db, scope)
    .select(['reports.id', 'reports.municipality_code', 'reports.status', 'reports.assigned_to', 'reports.destination_jour_id', 'reports.received_at'])
    .where('reports.id', '=', reportId)
    .executeTakeFirst()
}

export type CaseworkAct =
  | { kind: 'assign' }
  | { kind: 'protectionAssessment'; protectionNeeded: boolean; note: string | null }
  | { kind: 'initialAssessment'; initialAssessment: InitialAssessment; reason: string }
  | { kind: 'transfer'; toMunicipality: string; reason: string }
  | { kind: 'acknowledge' }
  | { kind: 'jourAction'; action: JourAction; performedAt: Date; minutes: number | null; note: string | null }
  | { kind: 'handover'; note: string }

/*
 * The initial assessment is stored under its first name, 'decision' (the event kind, the
 * audit action, the reports.decision column): the audit log cannot be rewritten, and the
 * timeline and the log must read the same before and after the rename (docs/decisions/0009).
 */
const EVENT_KIND: Record<CaseworkAct['kind'], string> = {
  assign: 'assign',
  protectionAssessment: 'protectionAssessment',
  initialAssessment: 'decision',
  transfer: 'transfer',
  acknowledge: 'acknowledge',
  jourAction: 'jourAction',
  handover: 'handover',
}

const AUDIT_ACTION: Record<CaseworkAct['kind'], AuditAction> = {
  assign: 'report.assign',
  protectionAssessment: 'report.protectionAssessment',
  initialAssessment: 'report.decision',
  transfer: 'report.transfer',
  acknowledge: 'report.acknowledge',
  jourAction: 'report.jourAction',
  handover: 'report.handover',
}

/**
 * Records one act on a report in one transaction: the report row, its timeline event and
 * the audit entry (and, for an initial assessment, the feedback e-mail's and the case system's notice jobs). The report is locked and looked up through the staff member's scope,
 * so an act on a report out of scope finds nothing (the caller answers 404).
 * `seal` encrypts free text before it is stored.
 */
export async function recordCasework(
  db: Db,
  jobs: Jobs,
  input: { scope: StaffScope; staffId: string; reportId: string; act: CaseworkAct; now: Date; seal: (text: string) => string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const report = await reportsInScope(trx, input.scope)
      .select(['reports.id', 'reports.municipality_code', 'reports.status', 'reports.acknowledged_at'])
      .where('reports.id', '=', input.reportId)
      .forUpdate()
      .executeTakeFirst()
    if (!report) return false
    const { act, now } = input
    let event: Record<string, unknown>
    switch (act.kind) {
      case 'assign':
        await trx
          .updateTable('reports')
          .set({ assigned_to: input.staffId, status: report.status === 'new' ? 'in_progress' : report.status })
          .where('id', '=', report.id)
          .execute()
        event = { staffId: input.staffId }
        break
      case 'protectionAssessment':
        await trx
          .updateTable('reports')
          .set({ protection_needed: act.protectionNeeded, protection_assessed_at: now, status: report.status === 'new' ? 'in_progress' : report.status })
          .where('id', '=', report.id)
          .execute()
        event = { staffId: input.staffId, protectionNeeded: act.protectionNeeded, note: act.note ? input.seal(act.note) : null }
        break
      case 'initialAssessment':
        await trx.updateTable('reports').set({ decision: act.initialAssessment, decided_at: now, status: 'decided' }).where('id', '=', report.id).execute()
        event = { staffId: input.staffId, decision: act.initialAssessment, reason: input.seal(act.reason) }
        await queueInitialAssessmentFeedback(trx, jobs, report.id, act.initialAssessment)
        // Ready for the case system: its clients hear of it once, not again for a corrected assessment.
        if (report.status !== 'decided') await queueReportReadyNotices(trx, jobs, report.id, now)
        break
      case 'transfer':
        // The first municipality loses access at once: the report is now the new one's, in its intake queue.
        await trx
          .updateTable('reports')
          .set({ municipality_code: act.toMunicipality, destination: 'intake', destination_jour_id: null, assigned_to: null, status: 'new' })
          .where('id', '=', report.id)
          .execute()
        event = { staffId: input.staffId, from: report.municipality_code, to: act.toMunicipality, reason: input.seal(act.reason) }
        break
      case 'acknowledge':
        // Idempotent: a second click, or a colleague's, changes nothing and logs no new event.
        if (report.acknowledged_at) return true
        await trx.updateTable('reports').set({ acknowledged_at: now, acknowledged_by: input.staffId }).where('id', '=', report.id).execute()
        event = { staffId: input.staffId }
        break
      case 'jourAction':
        event = { staffId: input.staffId, action: act.action, performedAt: act.performedAt.toISOString(), minutes: act.minutes, note: act.note ? input.seal(act.note) : null }
        break
      case 'handover':
        await trx.updateTable('reports').set({ handed_over_at: now }).where('id', '=', report.id).execute()
        event = { staffId: input.staffId, note: input.seal(act.note) }
        break
    }
    await trx
      .insertInto('report_events')
      .values({ report_id: report.id, at: now, kind: EVENT_KIND[act.kind], data: JSON.stringify(event) })
      .execute()
    await audit(trx, {
      staffId: input.staffId,
      action: AUDIT_ACTION[act.kind],
      reportId: report.id,
      details: act.kind === 'transfer' ? { from: report.municipality_code, to: act.toMunicipality } : act.kind === 'initialAssessment' ? { decision: act.initialAssessment } : {},
      at: now,
    })
    return true
  })
}
