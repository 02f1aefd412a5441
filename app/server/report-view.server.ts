import type { Cipher } from './crypto.server'
import type { Executor } from './db.server'
import { readReport } from './reports.server'

/**
 * Everything staff see of one report: the decrypted report (reports.server.ts, readReport)
 * with the names of its municipality, jour, case worker and the staff on its timeline.
 * The caller has already found the report through the staff member's scope.
 */
const NOBODY = '00000000-0000-0000-0000-000000000000'

export async function reportForStaff(db: Executor, cipher: Cipher, reportId: string) {
  const report = await readReport(db, cipher, reportId)
  if (!report) throw new Error('report vanished between the scope check and the read')
  const staffIds = [...new Set(report.events.map((event) => String(event.data.staffId ?? '')).filter(Boolean))]
  const [names, staffNames] = await Promise.all([
    db
      .selectFrom('municipalities as m')
      .leftJoin('jour_units as j', (join) => join.on('j.id', '=', report.destination_jour_id ?? ''))
      .leftJoin('staff_users as a', (join) => join.on('a.id', '=', report.assigned_to ?? NOBODY))
      .leftJoin('staff_users as k', (join) => join.on('k.id', '=', report.acknowledged_by ?? NOBODY))
      .select(['m.name as municipalityName', 'j.name as jourName', 'a.name as assignedName', 'k.name as acknowledgedName'])
      .where('m.code', '=', report.municipality_code)
      .executeTakeFirstOrThrow(),
    staffIds.length > 0 ? db.selectFrom('staff_users').select(['id', 'name']).where('id', 'in', staffIds).execute() : [],
  ])
  const staffName = new Map(staffNames.map((row) => [row.id, row.name]))
  return {
    ...report,
    ...names,
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
    },
    events: report.events.map((event) => ({
      id: event.id,
      at: event.at,
      kind: event.kind,
      staffName: staffName.get(String(event.data.staffId ?? '')) ?? null,
      details: eventDetails(event.kind, event.data),
    })),
  }
}

/** The parts of an event a page shows, by kind; nothing else of its data leaves the server. */
function eventDetails(kind: string, data: Record<string, unknown>): Record<string, string | boolean | null> {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null)
  switch (kind) {
    case 'routed':
      return { destination: text('destination'), reason: text('reason') }
    case 'protectionAssessment':
      return { protectionNeeded: Boolean(data.protectionNeeded), note: text('note') }
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
    default:
      return {}
  }
}

export type StaffReportView = Awaited<ReturnType<typeof reportForStaff>>
