import type { Executor } from './db.server'

export type AuditAction =
  | 'queue.list'
  | 'report.view'
  | 'report.print'
  | 'report.assign'
  | 'report.protectionAssessment'
  | 'report.decision'
  | 'report.transfer'
  | 'report.acknowledge'
  | 'report.jourAction'
  | 'report.handover'
  | 'audit.view'
  | 'config.jour'
  | 'config.municipality'
  | 'config.staff'

/** Who did what to which report, when. The table refuses updates and deletes (migration 0005). */
export async function audit(
  db: Executor,
  entry: { staffId: string; action: AuditAction; reportId?: string | null; details?: Record<string, unknown>; at: Date },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      staff_id: entry.staffId,
      action: entry.action,
      report_id: entry.reportId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute()
}

export async function listAudit(db: Executor, options: { limit: number; before?: string }) {
  let query = db
    .selectFrom('audit_log as a')
    .innerJoin('staff_users as s', 's.id', 'a.staff_id')
    .leftJoin('reports as r', 'r.id', 'a.report_id')
    .select(['a.id', 'a.at', 'a.action', 'a.details', 's.name as staffName', 's.email as staffEmail', 'r.reference'])
    .orderBy('a.id', 'desc')
    .limit(options.limit)
  if (options.before) query = query.where('a.id', '<', options.before)
  return query.execute()
}
