import type { AppLoadContext } from '@remix-run/node'
import type { StaffScope } from '../domain/scope'
import { audit, outOfScope, type AuditAction } from './audit.server'
import { findInScope } from './casework.server'
import { ENCRYPTED_EVENT_FIELDS, type Cipher } from './crypto.server'
import type { Executor } from './db.server'
import { findEarlierReportIds, REPORTER_COLUMNS, SUBJECT_COLUMNS as STORED_SUBJECT_COLUMNS } from './reports.server'
import { reportsInScope } from './scope.server'

/**
 * One report as staff read it, in one place: found through the reader's scope (404
 * otherwise, never 403), read column by column, decrypted, the read written to the audit
 * log, and turned into the view a page shows. Ids of staff, the submission key and the
 * queue's sort rank stay on the server.
 */
export async function readReportForStaff(
  context: AppLoadContext,
  request: Request,
  input: { scope: StaffScope; staffId: string; reportId: string; action: Extract<AuditAction, 'report.view' | 'report.print'> },
) {
  const found = await findInScope(context.db, input.scope, input.reportId)
  if (!found) throw await outOfScope(context, request, { staffId: input.staffId, kind: 'report', id: input.reportId })
  const report = await reportForStaff(context.db, context.cipher, found.id, input.staffId)
  await audit(context.db, { staffId: input.staffId, action: input.action, reportId: found.id, at: context.now() })
  return report
}

const REPORT_COLUMNS = [
  'id',
  'reference',
  'municipality_code',
  'residence_unknown',
  'concerns',
  'categories',
  'description',
  'safety_answers',
  'status',
  'received_at',
  'language',
  'level',
  'triage_rules',
  'ruleset_version',
  'destination',
  'destination_jour_id',
  'routing_reason',
  'protection_assessment_due',
  'decision_due',
  'assigned_to',
  'protection_needed',
  'decision',
  'acknowledged_at',
  'acknowledged_by',
  'handed_over_at',
  'decided_at',
  'diary_number',
  'case_id',
  'registered_at',
  'registered_by',
] as const

// Every stored column of a person but the blind index, which is for searching only.
const SUBJECT_COLUMNS = STORED_SUBJECT_COLUMNS.filter(
  (column): column is Exclude<(typeof STORED_SUBJECT_COLUMNS)[number], 'personal_identity_number_index'> => column !== 'personal_identity_number_index',
)

/**
 * A report as stored, decrypted, or null when there is none: its row, its people in order,
 * its reporter, its timeline. No scope check and no audit: the callers are
 * `readReportForStaff`, which does both, and checks of what was stored.
 */
export async function readReport(db: Executor, cipher: Cipher, reportId: string) {
  const report = await db.selectFrom('reports').select(REPORT_COLUMNS).where('id', '=', reportId).executeTakeFirst()
  if (!report) return null
  const [subjects, reporter, events] = await Promise.all([
    db.selectFrom('report_subjects').select(SUBJECT_COLUMNS).where('report_id', '=', reportId).orderBy('position').execute(),
    db.selectFrom('report_reporters').select(REPORTER_COLUMNS).where('report_id', '=', reportId).executeTakeFirstOrThrow(),
    db.selectFrom('report_events').select(['id', 'at', 'kind', 'data']).where('report_id', '=', reportId).orderBy('id').execute(),
  ])
  return {
    ...report,
    description: cipher.decrypt(report.description, 'reports.description'),
    subjects: subjects.map((subject) => ({
      ...subject,
      name: cipher.decryptNullable(subject.name, 'report_subjects.name'),
      personal_identity_number: cipher.decryptNullable(subject.personal_identity_number, 'report_subjects.personal_identity_number'),
      birth_date: cipher.decryptNullable(subject.birth_date, 'report_subjects.birth_date'),
      whereabouts: cipher.decryptNullable(subject.whereabouts, 'report_subjects.whereabouts'),
      school: cipher.decryptNullable(subject.school, 'report_subjects.school'),
      guardians: cipher.decryptNullable(subject.guardians, 'report_subjects.guardians'),
      interpreter_language: cipher.decryptNullable(subject.interpreter_language, 'report_subjects.interpreter_language'),
    })),
    reporter: {
      ...reporter,
      name: cipher.decryptNullable(reporter.name, 'report_reporters.name'),
      phone: cipher.decryptNullable(reporter.phone, 'report_reporters.phone'),
      email: cipher.decryptNullable(reporter.email, 'report_reporters.email'),
      relation: cipher.decryptNullable(reporter.relation, 'report_reporters.relation'),
      guardians_not_informed_reason: cipher.decryptNullable(reporter.guardians_not_informed_reason, 'report_reporters.guardians_not_informed_reason'),
    },
    events: events.map((event) => ({ ...event, data: decryptEventData(cipher, event.kind, event.data) })),
  }
}

export type DecryptedReport = NonNullable<Awaited<ReturnType<typeof readReport>>>

/** An event's data with what staff wrote in it decrypted. */
function decryptEventData(cipher: Cipher, kind: string, data: Record<string, unknown>): Record<string, unknown> {
  const decrypted = { ...data }
  for (const field of ENCRYPTED_EVENT_FIELDS[kind] ?? []) {
    const value = data[field]
    if (typeof value === 'string') decrypted[field] = cipher.decrypt(value, 'report_events.data')
  }
  return decrypted
}

const NOBODY = '00000000-0000-0000-0000-000000000000'

/**
 * Everything staff see of one report, in the names a page uses: the decrypted report with
 * the names of its municipality, jour, case worker and the staff on its timeline, and
 * whether the reader is its case worker. The caller has found the report through the scope.
 */
export async function reportForStaff(db: Executor, cipher: Cipher, reportId: string, readerId: string | null = null) {
  const report = await readReport(db, cipher, reportId)
  if (!report) throw new Error('report vanished between the scope check and the read')
  const staffIds = [...new Set(report.events.map((event) => String(event.data.staffId ?? '')).filter(Boolean))]
  const [names, staffNames] = await Promise.all([
    db
      .selectFrom('municipalities as m')
      .leftJoin('jour_units as j', (join) => join.on('j.id', '=', report.destination_jour_id ?? ''))
      .leftJoin('staff_users as a', (join) => join.on('a.id', '=', report.assigned_to ?? NOBODY))
      .leftJoin('staff_users as k', (join) => join.on('k.id', '=', report.acknowledged_by ?? NOBODY))
      .leftJoin('api_clients as c', (join) => join.on('c.id', '=', report.registered_by ?? NOBODY))
      .select(['m.name as municipalityName', 'j.name as jourName', 'a.name as assignedName', 'k.name as acknowledgedName', 'c.name as registeredByName'])
      .where('m.code', '=', report.municipality_code)
      .executeTakeFirstOrThrow(),
    staffIds.length > 0 ? db.selectFrom('staff_users').select(['id', 'name']).where('id', 'in', staffIds).execute() : [],
  ])
  return staffView(report, { ...names, staffNames: new Map(staffNames.map((row) => [row.id, row.name])), readerId })
}

/** The stored report in the names a page uses; nothing else of it leaves the server. */
function staffView(
  report: DecryptedReport,
  names: {
    municipalityName: string
    jourName: string | null
    assignedName: string | null
    acknowledgedName: string | null
    registeredByName: string | null
    staffNames: ReadonlyMap<string, string>
    readerId: string | null
  },
) {
  return {
    id: report.id,
    reference: report.reference,
    municipalityCode: report.municipality_code,
    municipalityName: names.municipalityName,
    level: report.level,
    triageRules: report.triage_rules,
    rulesetVersion: report.ruleset_version,
    destination: report.destination,
    jourName: names.jourName,
    routingReason: report.routing_reason,
    status: report.status,
    receivedAt: report.received_at,
    protectionAssessmentDue: report.protection_assessment_due,
    initialAssessmentDue: report.decision_due,
    assignedName: names.assignedName,
    assignedToReader: names.readerId !== null && report.assigned_to === names.readerId,
    acknowledgedAt: report.acknowledged_at,
    acknowledgedName: names.acknowledgedName,
    handedOverAt: report.handed_over_at,
    protectionNeeded: report.protection_needed,
    initialAssessment: report.decision,
    initialAssessmentAt: report.decided_at,
    /** The case system's registration (issue 16): its diary number and case id, when, and which API client. */
    registration:
      report.registered_at && report.diary_number && report.case_id
        ? { diaryNumber: report.diary_number, caseId: report.case_id, registeredAt: report.registered_at, clientName: names.registeredByName }
        : null,
    categories: report.categories,
    description: report.description,
    safetyAnswers: report.safety_answers,
    subjects: report.subjects.map((subject) => ({
      kind: subject.kind,
      name: subject.name,
      personalIdentityNumber: subject.personal_identity_number,
      birthDate: subject.birth_date,
      approximateAge: subject.approximate_age,
      whereabouts: subject.whereabouts,
      school: subject.school,
      guardians: subject.guardians,
      interpreterNeeded: subject.interpreter_needed,
      interpreterLanguage: subject.interpreter_language,
    })),
    reporter: {
      kind: report.reporter.kind,
      anonymous: report.reporter.anonymous,
      name: report.reporter.name,
      phone: report.reporter.phone,
      email: report.reporter.email,
      relation: report.reporter.relation,
      organisationType: report.reporter.organisation_type,
      organisationName: report.reporter.organisation_name,
      role: report.reporter.role,
      guardiansInformed: report.reporter.guardians_informed,
      guardiansNotInformedReason: report.reporter.guardians_not_informed_reason,
      /** The language the report was written in: a hint that an interpreter or a translation may be needed. */
      language: report.language,
    },
    events: report.events.map((event) => ({
      id: event.id,
      at: event.at,
      kind: event.kind,
      staffName: names.staffNames.get(String(event.data.staffId ?? '')) ?? null,
      details: eventDetails(event.kind, event.data),
    })),
  }
}

export type StaffReportView = ReturnType<typeof staffView>

/** The parts of an event a page shows, by kind; nothing else of its data leaves the server. */
function eventDetails(kind: string, data: Record<string, unknown>): Record<string, string | boolean | null> {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null)
  switch (kind) {
    case 'routed':
      return { destination: text('destination'), reason: text('reason') }
    case 'protectionAssessment':
      return { protectionNeeded: Boolean(data.protectionNeeded), note: text('note') }
    // The initial assessment's event, stored under its first name (docs/decisions/0009).
    case 'decision':
      return { decision: text('decision'), reason: text('reason') }
    case 'transfer':
      return { from: text('from'), to: text('to'), reason: text('reason') }
    case 'jourAction':
      return { action: text('action'), performedAt: text('performedAt'), minutes: typeof data.minutes === 'number' ? String(data.minutes) : null, note: text('note') }
    case 'handover':
      return { note: text('note') }
    case 'paging':
    case 'escalated':
    case 'pageNobody':
      return { afterMinutes: typeof data.afterMinutes === 'number' ? String(data.afterMinutes) : null, role: Array.isArray(data.roles) ? String(data.roles[0]) : null }
    case 'pageSent':
      return { role: text('role'), channel: text('channel') }
    // The reporter's own words, and the question they answer, shown as written (inside <bdi> by the page).
    case 'reporterQuestion':
    case 'reporterAnswer':
      return { note: text('note'), fromReporter: data.fromReporter === true }
    case 'reporterAddition':
      return { note: text('note'), fromReporter: true, dangerNow: data.dangerNow === true }
    // The case system's registration through the export API (issue 16).
    case 'registered':
      return { diaryNumber: text('diaryNumber'), caseId: text('caseId'), clientName: text('clientName') }
    default:
      return {}
  }
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
    .select(['reports.id', 'reports.reference', 'reports.received_at as receivedAt', 'reports.level', 'reports.status'])
    .where('reports.id', 'in', ids)
    .orderBy('reports.received_at', 'desc')
    .execute()
}

/** What staff write on a report's timeline, as it is stored: encrypted. */
export function sealText(cipher: Cipher): (text: string) => string {
  return (text) => cipher.encrypt(text, 'report_events.data')
}
