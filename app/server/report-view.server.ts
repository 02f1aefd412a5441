import type { EncryptedColumn } from './crypto.server'
import type { Executor } from './db.server'

type Reveal = (stored: string | null, column: EncryptedColumn) => string | null

/**
 * Everything staff see of one report. The caller has already found the report through the
 * staff member's scope (casework.server.ts, findInScope). `reveal` turns a stored value
 * of an encrypted column back into text.
 */
export async function reportForStaff(db: Executor, reportId: string, reveal: Reveal) {
  const report = await db
    .selectFrom('reports as r')
    .innerJoin('municipalities as m', 'm.code', 'r.municipality_code')
    .leftJoin('jour_units as j', 'j.id', 'r.destination_jour_id')
    .leftJoin('staff_users as a', 'a.id', 'r.assigned_to')
    .select([
      'r.id',
      'r.reference',
      'r.municipality_code',
      'm.name as municipalityName',
      'r.received_at',
      'r.concerns',
      'r.residence_unknown',
      'r.categories',
      'r.description',
      'r.safety_answers',
      'r.level',
      'r.triage_rules',
      'r.ruleset_version',
      'r.destination',
      'j.name as jourName',
      'r.routing_reason',
      'r.protection_assessment_due',
      'r.decision_due',
      'r.status',
      'a.name as assignedName',
      'r.protection_needed',
      'r.protection_assessed_at',
      'r.decision',
      'r.decided_at',
    ])
    .where('r.id', '=', reportId)
    .executeTakeFirstOrThrow()
  const subjects = await db.selectFrom('report_subjects').selectAll().where('report_id', '=', reportId).orderBy('position').execute()
  const reporter = await db.selectFrom('report_reporters').selectAll().where('report_id', '=', reportId).executeTakeFirstOrThrow()
  const events = await db
    .selectFrom('report_events as e')
    .select(['e.id', 'e.at', 'e.kind', 'e.data'])
    .where('e.report_id', '=', reportId)
    .orderBy('e.id')
    .execute()
  const staffNames = new Map(
    (await db.selectFrom('staff_users').select(['id', 'name']).where('id', 'in', [...new Set(events.map((event) => String(event.data.staffId ?? '')).filter(Boolean)), '00000000-0000-0000-0000-000000000000']).execute()).map(
      (row) => [row.id, row.name],
    ),
  )
  return {
    ...report,
    description: reveal(report.description, 'reports.description') ?? '',
    subjects: subjects.map((subject) => ({
      kind: subject.kind,
      name: reveal(subject.name, 'report_subjects.name'),
      personalIdentityNumber: reveal(subject.personal_identity_number, 'report_subjects.personal_identity_number'),
      birthDate: reveal(subject.birth_date, 'report_subjects.birth_date'),
      approximateAge: subject.approximate_age,
      whereabouts: reveal(subject.whereabouts, 'report_subjects.whereabouts'),
      school: reveal(subject.school, 'report_subjects.school'),
      guardians: reveal(subject.guardians, 'report_subjects.guardians'),
      interpreterNeeded: subject.interpreter_needed,
      interpreterLanguage: reveal(subject.interpreter_language, 'report_subjects.interpreter_language'),
    })),
    reporter: {
      kind: reporter.kind,
      anonymous: reporter.anonymous,
      name: reveal(reporter.name, 'report_reporters.name'),
      phone: reveal(reporter.phone, 'report_reporters.phone'),
      email: reveal(reporter.email, 'report_reporters.email'),
      relation: reveal(reporter.relation, 'report_reporters.relation'),
      organisationType: reporter.organisation_type,
      organisationName: reporter.organisation_name,
      role: reporter.role,
      guardiansInformed: reporter.guardians_informed,
      guardiansNotInformedReason: reveal(reporter.guardians_not_informed_reason, 'report_reporters.guardians_not_informed_reason'),
    },
    events: events.map((event) => ({
      id: event.id,
      at: event.at,
      kind: event.kind,
      staffName: staffNames.get(String(event.data.staffId ?? '')) ?? null,
      details: revealEvent(event.kind, event.data, reveal),
    })),
  }
}

function revealEvent(kind: string, data: Record<string, unknown>, reveal: Reveal): Record<string, string | boolean | null> {
  const text = (key: string) => (typeof data[key] === 'string' ? reveal(data[key] as string, 'report_events.data') : null)
  switch (kind) {
    case 'routed':
      return { destination: String(data.destination ?? ''), reason: String(data.reason ?? '') }
    case 'protectionAssessment':
      return { protectionNeeded: Boolean(data.protectionNeeded), note: text('note') }
    case 'decision':
      return { decision: String(data.decision ?? ''), reason: text('reason') }
    case 'transfer':
      return { from: String(data.from ?? ''), to: String(data.to ?? ''), reason: text('reason') }
    default:
      return {}
  }
}

export type StaffReportView = Awaited<ReturnType<typeof reportForStaff>>
