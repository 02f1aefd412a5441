import { data, type AppLoadContext } from '@remix-run/node'
import { sql } from 'kysely'
import { formatReference } from '../domain/reference'
import type { Executor } from './db.server'

/** Every kind of event in the log, in the order the auditor's search lists them. */
export const AUDIT_ACTIONS = [
  'queue.list',
  'report.view',
  'report.print',
  'report.assign',
  'report.protectionAssessment',
  'report.decision',
  'report.transfer',
  'report.acknowledge',
  'report.jourAction',
  'report.handover',
  'preNotice.list',
  'preNotice.view',
  'preNotice.create',
  'preNotice.edit',
  'preNotice.withdraw',
  'audit.view',
  'config.jour',
  'config.municipality',
  'config.staff',
  'deadLetter.resend',
  'audit.export',
  'security.outOfScope',
  'queue.search',
  'report.reporterQuestion',
  'report.closeFollowUp',
  // The reporter's own acts on the follow-up page (issue 14): no staff member (migration 0017).
  'reporter.followUpOpen',
  'reporter.followUpRefused',
  'reporter.answer',
  'reporter.addition',
  // The export API (issue 16): an administrator's change of a client, and each call a client made (migration 0019).
  'config.apiClient',
  'api.token',
  'api.list',
  'api.read',
  'api.pdf',
  'api.registration',
] as const

export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** A signed-in staff member asked for something they may not see: a security event for the auditor. */
export const OUT_OF_SCOPE = 'security.outOfScope' satisfies AuditAction

/** Who did what to which report, when. The table refuses updates and deletes (migration 0005). */
export async function audit(db: Executor, entry: { staffId: string; action: AuditAction; reportId?: string | null; details?: Record<string, unknown>; at: Date }): Promise<void> {
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
export type OutOfScopeKind = 'page' | 'report' | 'preNotice' | 'account' | 'jour' | 'municipality' | 'deadLetter' | 'apiClient'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// Only an id of the kind's own shape is recorded: whatever else was typed into an address may be anything, a personnummer too.
const ID_SHAPE: Record<Exclude<OutOfScopeKind, 'page'>, RegExp> = {
  report: UUID,
  preNotice: UUID,
  account: UUID,
  jour: /^[a-z0-9-]{1,40}$/,
  municipality: /^\d{4}$/,
  deadLetter: UUID,
  apiClient: UUID,
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

/** What the auditor searches the log by; every part optional, all given parts must hold. */
export interface AuditFilter {
  staffId?: string
  /** A report's bare reference (parseReference). */
  reference?: string
  action?: AuditAction
  /** Only security events (out-of-scope attempts), as the partial index of migration 0015 holds them. */
  securityOnly?: boolean
  /** From this instant, up to (not including) `to`. */
  from?: Date
  to?: Date
}

/**
 * The log, newest first, narrowed by `filter` and paged by keyset: `before` is the id of the
 * last row of the previous page (ids only grow), so a page is an index range, however deep.
 */
export async function listAudit(db: Executor, options: { limit: number; before?: string; filter?: AuditFilter }) {
  const filter = options.filter ?? {}
  let query = db
    .selectFrom('audit_log as a')
    // A row of the reporter's own act (reporter.*) has no staff member.
    .leftJoin('staff_users as s', 's.id', 'a.staff_id')
    // A case system's call (api.…) names its API client instead (issue 16).
    .leftJoin('api_clients as c', 'c.id', 'a.api_client_id')
    .leftJoin('reports as r', 'r.id', 'a.report_id')
    .select(['a.id', 'a.at', 'a.action', 'a.details', 's.name as staffName', 's.email as staffEmail', 'c.name as apiClientName', 'c.client_id as apiClientId', 'r.reference'])
    .orderBy('a.id', 'desc')
    .limit(options.limit)
  if (options.before) query = query.where('a.id', '<', options.before)
  if (filter.staffId) query = query.where('a.staff_id', '=', filter.staffId)
  if (filter.reference) query = query.where('r.reference', '=', filter.reference)
  if (filter.action) query = query.where('a.action', '=', filter.action)
  // Written as the partial index of migration 0015 is, so the planner uses it.
  if (filter.securityOnly) query = query.where(sql<boolean>`a.action like 'security.%'`)
  if (filter.from) query = query.where('a.at', '>=', filter.from)
  if (filter.to) query = query.where('a.at', '<', filter.to)
  return query.execute()
}

/** Everyone who can appear in the log, for the auditor's "staff member" choice. */
export async function auditStaffOptions(db: Executor) {
  return db.selectFrom('staff_users').select(['id', 'name', 'email']).orderBy('name').orderBy('email').execute()
}

export type AuditSubject = { reference: string } | { name: string } | { kind: string; id: string | null } | null

/** The jour, municipality or account a change was about, the pre-notice read, or what an out-of-scope attempt asked for. */
function subjectOf(details: unknown): AuditSubject {
  if (typeof details !== 'object' || !details) return null
  const text = (key: string) => (key in details && typeof (details as Record<string, unknown>)[key] === 'string' ? ((details as Record<string, unknown>)[key] as string) : null)
  const name = text('jourName') ?? text('municipalityName') ?? text('staffName') ?? text('apiClientName')
  if (name) return { name }
  const preNoticeId = text('preNoticeId')
  if (preNoticeId) return { kind: 'preNotice', id: preNoticeId }
  const deadLetterId = text('deadLetterId')
  if (deadLetterId) return { kind: 'deadLetter', id: deadLetterId }
  const kind = text('kind')
  return kind ? { kind, id: text('id') } : null
}

/** A page of the log as the auditor reads it (the page and the CSV export): who, what, about which report or thing. */
export async function auditEntries(db: Executor, options: { limit: number; before?: string; filter?: AuditFilter }) {
  const rows = await listAudit(db, options)
  return {
    rows: rows.map((row) => ({
      id: row.id,
      at: row.at,
      action: row.action as AuditAction,
      security: row.action === OUT_OF_SCOPE,
      // An API client reads as who it is and its client id, where staff read as name and e-mail.
      staffName: row.staffName ?? row.apiClientName,
      staffEmail: row.staffName ? row.staffEmail : row.apiClientId,
      // A report's reference, or what else the entry was about.
      subject: row.reference ? { reference: formatReference(row.reference) } : subjectOf(row.details),
    })),
    older: rows.length === options.limit ? rows.at(-1)!.id : null,
  }
}
