import type { AppLoadContext } from '@remix-run/node'
import { sql } from 'kysely'
import { encodeCursor, type ReadyQuery, type Registration } from '../domain/api-export'
import { formatReference } from '../domain/reference'
import type { StaffScope } from '../domain/scope'
import { isUuid } from '../domain/strict-params'
import { fixedT } from '../i18n/translations.server'
import { auditApiCall, type ApiClient } from './api-clients.server'
import { apiOutOfScope } from './api-http.server'
import { findInScope } from './casework.server'
import type { Db } from './db.server'
import { reportsInScope } from './scope.server'
import { reportForStaff, type StaffReportView } from './staff-report.server'

/**
 * What the export API reads and writes of reports. A client sees exactly what an intake
 * unit of its municipalities sees (the staff scope, `reportsInScope`), reads a report
 * through the staff reader (`reportForStaff`, the print view's data), and every call is in
 * the audit log under the client.
 */

/** The staff scope a client reads through: an intake unit of the client's municipalities. */
function clientScope(client: Pick<ApiClient, 'municipalityCodes'>): StaffScope {
  return { role: 'intake', municipalityCodes: client.municipalityCodes }
}

/**
 * The client's reports that are ready for registration (decided, not registered), oldest
 * decision first, a page after `query.after`. Written as the partial index `reports_ready_idx`
 * is (migration 0019), so a page is an index range however long the list.
 */
export async function listReady(context: AppLoadContext, client: ApiClient, query: ReadyQuery) {
  const { after } = query
  if (client.municipalityCodes.length === 0) {
    await auditApiCall(context.db, { apiClientId: client.id, action: 'api.list', details: { count: 0 }, at: context.now() })
    return { items: [], nextCursor: null }
  }
  // The page of each of the client's municipalities (the intake scope), each an index range,
  // merged: one query over all of them would read every ready report of them all to sort.
  const rows = context.db
    .selectFrom('municipalities as m')
    .innerJoinLateral(
      (eb) => {
        let ready = eb
          .selectFrom('reports')
          .select([
            'reports.id',
            'reports.reference',
            'reports.level',
            'reports.received_at as receivedAt',
            'reports.decided_at as decidedAt',
            sql<string>`to_char(reports.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('position'),
          ])
          .whereRef('reports.municipality_code', '=', 'm.code')
          .where('reports.status', '=', 'decided')
          .where('reports.registered_at', 'is', null)
          .orderBy('reports.decided_at')
          .orderBy('reports.id')
          .limit(query.limit + 1)
        if (after) ready = ready.where(sql<boolean>`(reports.decided_at, reports.id) > (${after.decidedAt}::timestamptz, ${after.id}::uuid)`)
        return ready.as('r')
      },
      (join) => join.onTrue(),
    )
    .select(['r.id', 'r.reference', 'r.level', 'r.receivedAt', 'r.decidedAt', 'r.position', 'm.code as municipalityCode', 'm.name as municipalityName'])
    .where('m.code', 'in', client.municipalityCodes)
    .orderBy('r.decidedAt')
    .orderBy('r.id')
    .limit(query.limit + 1)
  const found = await rows.execute()
  const page = found.slice(0, query.limit)
  const last = page.at(-1)
  await auditApiCall(context.db, { apiClientId: client.id, action: 'api.list', details: { count: page.length }, at: context.now() })
  return {
    items: page.map((row) => ({
      id: row.id,
      reference: formatReference(row.reference),
      municipality: { code: row.municipalityCode, name: row.municipalityName },
      level: row.level,
      receivedAt: row.receivedAt.toISOString(),
      decidedAt: row.decidedAt!.toISOString(),
    })),
    nextCursor: found.length > query.limit && last ? encodeCursor({ decidedAt: last.position, id: last.id }) : null,
  }
}

/**
 * One report as the staff print view has it, if the client may see it; a report of another
 * municipality, or an id that is no report, is the same 404 (and a security event).
 */
export async function readReportForClient(context: AppLoadContext, request: Request, client: ApiClient, reportId: string, action: 'api.read' | 'api.pdf') {
  const found = await findInScope(context.db, clientScope(client), reportId)
  if (!found) throw await apiOutOfScope(context, request, client, reportId)
  const view = await reportForStaff(context.db, context.cipher, found.id)
  await auditApiCall(context.db, { apiClientId: client.id, action, reportId: found.id, at: context.now() })
  return view
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString())

/**
 * A report as the API's JSON (the `Report` schema of the OpenAPI document): every answer, the
 * people, the reporter as given, triage with its rules, routing, deadlines, the timeline and
 * the registration. Triage rules carry their Swedish wording, as the staff page shows them.
 */
export function reportJson(view: StaffReportView) {
  const t = fixedT('sv', 'staff')
  return {
    id: view.id,
    reference: formatReference(view.reference),
    municipality: { code: view.municipalityCode, name: view.municipalityName },
    status: view.status,
    receivedAt: iso(view.receivedAt)!,
    language: view.reporter.language,
    triage: {
      level: view.level,
      rulesetVersion: view.rulesetVersion,
      rules: view.triageRules.map((id) => ({ id, description: t(`rules.${id}`) })),
    },
    routing: { destination: view.destination, jourName: view.jourName, reason: view.routingReason },
    deadlines: { protectionAssessmentDue: iso(view.protectionAssessmentDue), initialAssessmentDue: iso(view.initialAssessmentDue) },
    protectionNeeded: view.protectionNeeded,
    initialAssessment: view.initialAssessment ? { decision: view.initialAssessment, decidedAt: iso(view.initialAssessmentAt) } : null,
    categories: view.categories,
    description: view.description,
    safetyAnswers: view.safetyAnswers,
    people: view.subjects.map((subject) => ({ ...subject })),
    reporter: {
      kind: view.reporter.kind,
      anonymous: view.reporter.anonymous,
      name: view.reporter.name,
      phone: view.reporter.phone,
      email: view.reporter.email,
      relation: view.reporter.relation,
      organisationType: view.reporter.organisationType,
      organisationName: view.reporter.organisationName,
      role: view.reporter.role,
      guardiansInformed: view.reporter.guardiansInformed,
      guardiansNotInformedReason: view.reporter.guardiansNotInformedReason,
    },
    timeline: view.events.map((event) => ({ id: event.id, at: iso(event.at)!, kind: event.kind, staffName: event.staffName, details: event.details })),
    registration: view.registration
      ? {
          diaryNumber: view.registration.diaryNumber,
          caseId: view.registration.caseId,
          registeredAt: iso(view.registration.registeredAt)!,
          clientName: view.registration.clientName,
        }
      : null,
  }
}

type RegistrationOutcome =
  | { kind: 'registered' | 'repeated'; registration: { reportId: string; diaryNumber: string; caseId: string; registeredAt: string; clientName: string | null } }
  | { kind: 'notFound' | 'notReady' | 'conflict' }

/**
 * Records the case system's diary number and case id on a decided report, once: the report
 * leaves the ready list and its timeline says so. The same values again are the same answer
 * (a client may retry after a lost response); other values for a registered report are refused.
 */
export async function registerReport(db: Db, input: { client: ApiClient; reportId: string; registration: Registration; now: Date }): Promise<RegistrationOutcome> {
  const { client, registration, now } = input
  if (!isUuid(input.reportId)) return { kind: 'notFound' }
  return db.transaction().execute(async (trx) => {
    const report = await reportsInScope(trx, clientScope(client))
      .leftJoin('api_clients as c', 'c.id', 'reports.registered_by')
      .select(['reports.id', 'reports.status', 'reports.diary_number', 'reports.case_id', 'reports.registered_at', 'c.name as clientName'])
      .where('reports.id', '=', input.reportId)
      .forUpdate('reports')
      .executeTakeFirst()
    if (!report) return { kind: 'notFound' as const }
    const record = async (outcome: string) => auditApiCall(trx, { apiClientId: client.id, action: 'api.registration', reportId: report.id, details: { outcome }, at: now })
    if (report.registered_at) {
      const same = report.diary_number === registration.diaryNumber && report.case_id === registration.caseId
      await record(same ? 'repeated' : 'conflict')
      if (!same) return { kind: 'conflict' as const }
      return {
        kind: 'repeated' as const,
        registration: {
          reportId: report.id,
          diaryNumber: registration.diaryNumber,
          caseId: registration.caseId,
          registeredAt: report.registered_at.toISOString(),
          clientName: report.clientName,
        },
      }
    }
    if (report.status !== 'decided') {
      await record('notReady')
      return { kind: 'notReady' as const }
    }
    await trx
      .updateTable('reports')
      .set({ diary_number: registration.diaryNumber, case_id: registration.caseId, registered_at: now, registered_by: client.id })
      .where('id', '=', report.id)
      .execute()
    await trx
      .insertInto('report_events')
      .values({
        report_id: report.id,
        at: now,
        kind: 'registered',
        data: JSON.stringify({ apiClientId: client.id, clientName: client.name, diaryNumber: registration.diaryNumber, caseId: registration.caseId }),
      })
      .execute()
    await record('registered')
    return {
      kind: 'registered' as const,
      registration: { reportId: report.id, diaryNumber: registration.diaryNumber, caseId: registration.caseId, registeredAt: now.toISOString(), clientName: client.name },
    }
  })
}
