import { data, type AppLoadContext } from '@remix-run/node'
import { sql } from 'kysely'
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
  | 'preNotice.list'
  | 'preNotice.view'
  | 'preNotice.create'
  | 'preNotice.edit'
  | 'preNotice.withdraw'
  | 'audit.view'
  | 'config.jour'
  | 'config.municipality'
  | 'config.staff'
  | 'deadLetter.resend'
  | typeof OUT_OF_SCOPE

/** A signed-in staff member asked for something they may not see: a security event for the auditor. */
export const OUT_OF_SCOPE = 'security.outOfScope'

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

/** What an out-of-scope attempt asked for: a page of another role, or one thing by its id. */
export type OutOfScopeKind = 'page' | 'report' | 'preNotice' | 'account' | 'jour' | 'municipality' | 'deadLetter'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// Only an id of the kind's own shape is recorded: whatever else was typed into an address may be anything, a personnummer too.
const ID_SHAPE: Record<Exclude<OutOfScopeKind, 'page'>, RegExp> = {
  report: UUID,
  preNotice: UUID,
  account: UUID,
  jour: /^[a-z0-9-]{1,40}$/,
  municipality: /^\d{4}$/,
  deadLetter: UUID,
}

/** The staff area page asked for, by its first two path segments: what follows may be anything typed. */
function pageOf(request: Request): string {
  return `/${new URL(request.url).pathname.split('/').filter(Boolean).slice(0, 2).join('/')}`
}

/**
 * Records a signed-in staff member's attempt at something outside their scope (who, when,
 * what kind, which id; no personal data) and returns the 404 the caller throws, the same
 * answer as for something that does not exist: `throw await outOfScope(...)`.
 */
export async function outOfScope(context: AppLoadContext, request: Request, attempt: { staffId: string; kind: OutOfScopeKind; id?: string }) {
  const id = attempt.kind === 'page' ? pageOf(request) : attempt.id !== undefined && ID_SHAPE[attempt.kind].test(attempt.id) ? attempt.id.toLowerCase() : null
  const details = { kind: attempt.kind, id, method: request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write' }
  await context.db
    .insertInto('audit_log')
    .values({
      at: context.now(),
      staff_id: attempt.staffId,
      action: OUT_OF_SCOPE,
      // A report that exists is named, so the auditor sees its reference; a made-up id is kept in the details only.
      report_id: attempt.kind === 'report' && id ? sql<string | null>`(select id from reports where id = ${id}::uuid)` : null,
      details: JSON.stringify(details),
    })
    .execute()
  return data({ status: 'not-found' }, { status: 404 })
}

export async function listAudit(db: Executor, options: { limit: number; before?: string; securityOnly?: boolean }) {
  let query = db
    .selectFrom('audit_log as a')
    .innerJoin('staff_users as s', 's.id', 'a.staff_id')
    .leftJoin('reports as r', 'r.id', 'a.report_id')
    .select(['a.id', 'a.at', 'a.action', 'a.details', 's.name as staffName', 's.email as staffEmail', 'r.reference'])
    .orderBy('a.id', 'desc')
    .limit(options.limit)
  if (options.before) query = query.where('a.id', '<', options.before)
  // Written as the partial index of migration 0015 is, so the planner uses it.
  if (options.securityOnly) query = query.where(sql<boolean>`a.action like 'security.%'`)
  return query.execute()
}
