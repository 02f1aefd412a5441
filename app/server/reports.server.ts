import { randomBytes } from 'node:crypto'
import { sql, type Insertable } from 'kysely'
import Personnummer from 'personnummer'
import type { Database } from '../../db/schema'
import type { Language } from '../i18n/config'
import { decideIntake, type IntakeDecision } from '../domain/intake-decision'
import { generateReference, type RandomBytes } from '../domain/reference'
import type { ReporterNoticeJson } from '../domain/routing'
import type { StaffScope } from '../domain/scope'
import type { CompleteReport, Reporter, Subject } from '../domain/report-flow'
import { isUniqueViolation, type Db, type Executor } from './db.server'
import { coverageOf } from './coverage.server'
import type { Cipher } from './crypto.server'
import { reportsInScope } from './scope.server'
import type { Jobs } from './jobs.server'
import { queueReportNotifications } from './notifications.server'

export interface SubmittedReport {
  id: string
  reference: string
  /** False when the submission key had already made a report: a double click or a resent POST. */
  created: boolean
}

const MAX_REFERENCE_ATTEMPTS = 5

/**
 * Stores a complete report in one transaction: the report with its triage, routing and
 * deadlines, its people, its reporter, the first events on its timeline, and the end of the draft. The reference exists only once
 * this commits, so a reference shown to a reporter always names a stored report, and the
 * jobs it sets off (paging, alerts, the receipt) commit with it.
 * What the reporter wrote about people is encrypted, with a blind index of each personnummer.
 */
export async function submitReport(db: Db, cipher: Cipher, jobs: Jobs, input: Submission, options: { randomBytes?: RandomBytes } = {}): Promise<SubmittedReport> {
  const random = options.randomBytes ?? ((size: number) => new Uint8Array(randomBytes(size)))
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => insertReport(trx, cipher, jobs, input, generateReference(random)))
    } catch (error) {
      // 50 random bits make a clash rare; when one happens, draw again.
      if (isUniqueViolation(error, 'reports_reference_key') && attempt < MAX_REFERENCE_ATTEMPTS) continue
      throw error
    }
  }
}

/** One submit: the report as the reporter completed it, its idempotency key, when it came, in which language. */
export interface Submission {
  submissionKey: string
  report: CompleteReport
  receivedAt: Date
  language: Language
}

async function insertReport(trx: Executor, cipher: Cipher, jobs: Jobs, input: Submission, reference: string): Promise<SubmittedReport> {
  const { report } = input
  const intake = decideIntake(report, await coverageOf(trx, report.municipalityCode), input.receivedAt)
  // One statement for the report, its people, its reporter, its first events and the end of
  // its draft: each round trip to the database costs more here than the work it carries. The
  // rows that hang on the report take its id inside the statement (`report`); when the
  // submission key already made a report, `report` is empty and nothing else is written.
  const key = '00000000-0000-0000-0000-000000000000'
  const json = (rows: unknown) => sql`${JSON.stringify(rows)}::jsonb`
  const subjects = subjectRows(cipher, key, report.subjects).map(({ report_id: _, ...row }) => row)
  const { report_id: _, ...reporter } = reporterRow(cipher, key, report.reporter)
  const events = arrivalEventRows(key, intake, input.receivedAt).map((event) => ({ at: event.at, kind: event.kind, data: JSON.parse(String(event.data)) as unknown }))
  const inserted = await trx
    .with('report', (db) =>
      db
        .insertInto('reports')
        .values(reportRow(cipher, input, intake, reference))
        .onConflict((conflict) => conflict.column('submission_key').doNothing())
        .returning(['id', 'reference']),
    )
    .with('subjects', (db) =>
      db
        .insertInto('report_subjects')
        .columns(['report_id', ...SUBJECT_COLUMNS])
        .expression((eb) =>
          eb
            .selectFrom(['report', sql<Database['report_subjects']>`jsonb_populate_recordset(null::report_subjects, ${json(subjects)})`.as('row')])
            .select(['report.id', ...SUBJECT_COLUMNS.map((column) => `row.${column}` as const)]),
        ),
    )
    .with('reporter', (db) =>
      db
        .insertInto('report_reporters')
        .columns(['report_id', ...REPORTER_COLUMNS])
        .expression((eb) =>
          eb
            .selectFrom(['report', sql<Database['report_reporters']>`jsonb_populate_record(null::report_reporters, ${json(reporter)})`.as('row')])
            .select(['report.id', ...REPORTER_COLUMNS.map((column) => `row.${column}` as const)]),
        ),
    )
    .with('events', (db) =>
      db
        .insertInto('report_events')
        .columns(['report_id', ...EVENT_COLUMNS])
        .expression((eb) =>
          eb
            .selectFrom(['report', sql<Database['report_events']>`jsonb_populate_recordset(null::report_events, ${json(events)})`.as('row')])
            .select(['report.id', ...EVENT_COLUMNS.map((column) => `row.${column}` as const)]),
        ),
    )
    .with('draft', (db) =>
      db
        .deleteFrom('report_drafts')
        .where('id', '=', input.submissionKey)
        .where(sql<boolean>`exists (select 1 from report)`),
    )
    .selectFrom('report')
    .select(['id', 'reference'])
    .executeTakeFirst()
  if (!inserted) {
    const existing = await findBySubmissionKey(trx, input.submissionKey)
    if (!existing) throw new Error('submission key conflict without a report')
    return { ...existing, created: false }
  }
  await queueReportNotifications(trx, jobs, {
    id: inserted.id,
    level: intake.triage.level,
    destination: intake.route.destination,
    alertIntakeDuty: intake.route.alertIntakeDuty,
    municipalityCode: report.municipalityCode,
    reporterHasEmail: reporterHasEmail(report.reporter),
    // The real clock even when a test sets the report's time: pg-boss schedules on it.
    receivedAtRealTime: new Date(),
  })
  return { ...inserted, created: true }
}

// What each row that hangs on a report holds besides `report_id` (and the generated ids).
export const SUBJECT_COLUMNS = [
  'position',
  'kind',
  'name',
  'personal_identity_number',
  'personal_identity_number_index',
  'birth_date',
  'approximate_age',
  'whereabouts',
  'school',
  'guardians',
  'interpreter_needed',
  'interpreter_language',
] as const satisfies ReadonlyArray<Exclude<keyof Database['report_subjects'], 'id' | 'report_id'>>
export const REPORTER_COLUMNS = [
  'kind',
  'anonymous',
  'name',
  'phone',
  'email',
  'relation',
  'organisation_type',
  'organisation_name',
  'role',
  'guardians_informed',
  'guardians_not_informed_reason',
] as const satisfies ReadonlyArray<Exclude<keyof Database['report_reporters'], 'report_id'>>
const EVENT_COLUMNS = ['at', 'kind', 'data'] as const satisfies ReadonlyArray<Exclude<keyof Database['report_events'], 'id' | 'report_id'>>

/** The report's row: what was answered, what was decided on arrival, the description encrypted. */
export function reportRow(cipher: Cipher, input: Submission, intake: IntakeDecision, reference: string): Insertable<Database['reports']> {
  const { report } = input
  const { triage, route, deadlines } = intake
  return {
    reference,
    submission_key: input.submissionKey,
    municipality_code: report.municipalityCode,
    residence_unknown: report.residenceUnknown,
    concerns: report.concerns,
    categories: report.categories,
    description: cipher.encrypt(report.description, 'reports.description'),
    safety_answers: JSON.stringify(report.safety),
    received_at: input.receivedAt,
    language: input.language,
    level: triage.level,
    triage_rules: triage.rules,
    ruleset_version: triage.rulesetVersion,
    destination: route.destination,
    destination_jour_id: route.destination === 'jour' ? route.jourId : null,
    routing_reason: route.reason,
    routed_at: input.receivedAt,
    alert_intake_duty: route.alertIntakeDuty,
    protection_assessment_due: deadlines.protectionAssessmentDue,
    // The initial assessment's deadline, under the column's first name.
    decision_due: deadlines.initialAssessmentDue,
    reporter_notice: JSON.stringify(intake.notice),
  }
}

/** The people a report is about, in the order given, encrypted, each personnummer with its blind index. */
export function subjectRows(cipher: Cipher, reportId: string, subjects: readonly Subject[]): Array<Insertable<Database['report_subjects']>> {
  return subjects.map((subject, position) => ({
    report_id: reportId,
    position,
    kind: subject.kind,
    name: cipher.encryptNullable(subject.name, 'report_subjects.name'),
    personal_identity_number: cipher.encryptNullable(subject.personalIdentityNumber, 'report_subjects.personal_identity_number'),
    personal_identity_number_index: subject.personalIdentityNumber ? cipher.blindIndex(subject.personalIdentityNumber) : null,
    birth_date: cipher.encryptNullable(subject.birthDate, 'report_subjects.birth_date'),
    approximate_age: subject.approximateAge ?? null,
    whereabouts: cipher.encryptNullable(subject.whereabouts, 'report_subjects.whereabouts'),
    school: cipher.encryptNullable(subject.school, 'report_subjects.school'),
    guardians: cipher.encryptNullable(subject.guardians, 'report_subjects.guardians'),
    interpreter_needed: subject.interpreterNeeded ?? false,
    interpreter_language: subject.interpreterNeeded ? cipher.encryptNullable(subject.interpreterLanguage, 'report_subjects.interpreter_language') : null,
  }))
}

/**
 * Who reported, encrypted: a mandated reporter with organisation and role, never anonymous;
 * an anonymous private reporter with nothing about themself but how they know the person.
 */
export function reporterRow(cipher: Cipher, reportId: string, reporter: Reporter): Insertable<Database['report_reporters']> {
  // Nullable even where the type says a value is there: a missing one must reach the database's CHECK.
  const seal = (value: string | null | undefined, column: 'name' | 'phone' | 'email' | 'relation' | 'guardians_not_informed_reason') =>
    cipher.encryptNullable(value, `report_reporters.${column}`)
  if (reporter.kind === 'professional') {
    return {
      report_id: reportId,
      kind: reporter.kind,
      anonymous: false,
      name: seal(reporter.name, 'name'),
      phone: seal(reporter.phone, 'phone'),
      email: seal(reporter.email, 'email'),
      relation: null,
      organisation_type: reporter.organisationType,
      organisation_name: reporter.organisationName,
      role: reporter.role,
      guardians_informed: reporter.guardiansInformed,
      guardians_not_informed_reason: reporter.guardiansInformed === 'no' ? seal(reporter.guardiansNotInformedReason, 'guardians_not_informed_reason') : null,
    }
  }
  return {
    report_id: reportId,
    kind: reporter.kind,
    anonymous: reporter.anonymous,
    name: reporter.anonymous ? null : seal(reporter.name, 'name'),
    phone: reporter.anonymous ? null : seal(reporter.phone, 'phone'),
    email: reporter.anonymous ? null : seal(reporter.email, 'email'),
    relation: seal(reporter.relation, 'relation'),
    organisation_type: null,
    organisation_name: null,
    role: null,
    guardians_informed: null,
    guardians_not_informed_reason: null,
  }
}

/** The first two events on the timeline: the report came, and where it was routed and why. */
export function arrivalEventRows(reportId: string, intake: IntakeDecision, receivedAt: Date): Array<Insertable<Database['report_events']>> {
  const { triage, route } = intake
  return [
    { report_id: reportId, at: receivedAt, kind: 'received', data: JSON.stringify({}) },
    {
      report_id: reportId,
      at: receivedAt,
      kind: 'routed',
      data: JSON.stringify({
        level: triage.level,
        rules: triage.rules,
        destination: route.destination,
        jourId: route.destination === 'jour' ? route.jourId : null,
        reason: route.reason,
      }),
    },
  ]
}

/** Whether the reporter left an e-mail address for the receipt: an anonymous one never has. */
function reporterHasEmail(reporter: Reporter): boolean {
  return !(reporter.kind !== 'professional' && reporter.anonymous) && Boolean(reporter.email)
}

export async function findBySubmissionKey(db: Executor, submissionKey: string) {
  return db.selectFrom('reports').select(['id', 'reference']).where('submission_key', '=', submissionKey).executeTakeFirst()
}

/** What the confirmation page shows: nothing the reporter wrote, only where the report went. */
export async function findReceipt(db: Executor, reportId: string) {
  const row = await db
    .selectFrom('reports')
    .innerJoin('municipalities', 'municipalities.code', 'reports.municipality_code')
    .select(['reports.reference', 'reports.safety_answers', 'reports.reporter_notice', 'municipalities.name as municipalityName'])
    .where('reports.id', '=', reportId)
    .executeTakeFirst()
  if (!row) return null
  return {
    reference: row.reference,
    municipalityName: row.municipalityName,
    someoneInDangerNow: row.safety_answers.dangerNow === 'yes',
    notice: row.reporter_notice as unknown as ReporterNoticeJson,
  }
}

/**
 * The reports about a person with this personnummer (any accepted way of writing it), most
 * recent first, optionally only those received before an instant. Found through the blind
 * index: no personnummer is ever compared, or indexed, readable.
 */
export async function findEarlierReportIds(
  db: Executor,
  cipher: Pick<Cipher, 'blindIndex'>,
  scope: StaffScope,
  personalIdentityNumbers: readonly string[],
  options: { receivedBefore?: Date; excluding?: string } = {},
): Promise<string[]> {
  const indexes = personalIdentityNumbers.filter((number) => Personnummer.valid(number)).map((number) => cipher.blindIndex(Personnummer.parse(number).format(true)))
  if (indexes.length === 0) return []
  // Through the scope like every staff read: an earlier report elsewhere stays unseen.
  let query = reportsInScope(db, scope)
    .innerJoin('report_subjects', 'report_subjects.report_id', 'reports.id')
    .select(['reports.id', 'reports.received_at'])
    .distinct()
    .where('report_subjects.personal_identity_number_index', 'in', indexes)
  if (options.receivedBefore) query = query.where('reports.received_at', '<', options.receivedBefore)
  if (options.excluding) query = query.where('reports.id', '<>', options.excluding)
  const rows = await query.orderBy('reports.received_at', 'desc').orderBy('reports.id').execute()
  return rows.map((row) => row.id)
}
