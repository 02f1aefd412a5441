import { randomBytes } from 'node:crypto'
import type { Selectable } from 'kysely'
import Personnummer from 'personnummer'
import type { Database } from '../../db/schema'
import { decideIntake } from '../domain/intake-decision'
import { generateReference, type RandomBytes } from '../domain/reference'
import type { ReporterNoticeJson } from '../domain/routing'
import type { StaffScope } from '../domain/scope'
import type { CompleteReport } from '../domain/report-flow'
import type { Db, Executor } from './db.server'
import { coverageOf } from './coverage.server'
import { ENCRYPTED_EVENT_FIELDS, type Cipher } from './crypto.server'
import { reportsInScope } from './scope.server'
import { deleteDraft } from './drafts.server'
import type { Jobs } from './jobs.server'
import { queueReportNotifications } from './notifications.server'

export interface SubmittedReport {
  id: string
  reference: string
  /** False when the submission key had already made a report: a double click or a resent POST. */
  created: boolean
}

const MAX_REFERENCE_ATTEMPTS = 5

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pgError = error as { code?: string; constraint?: string }
  return pgError?.code === '23505' && pgError.constraint === constraint
}

/**
 * Stores a complete report in one transaction: the report with its triage, routing and
 * deadlines, its people, its reporter, the first events on its timeline, and the end of the draft. The reference exists only once
 * this commits, so a reference shown to a reporter always names a stored report, and the
 * jobs it sets off (paging, alerts, the receipt) commit with it.
 * What the reporter wrote about people is encrypted, with a blind index of each personnummer.
 */
export async function submitReport(
  db: Db,
  cipher: Cipher,
  jobs: Jobs,
  input: { submissionKey: string; report: CompleteReport; receivedAt: Date; language: 'sv' | 'en' },
  options: { randomBytes?: RandomBytes } = {},
): Promise<SubmittedReport> {
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

async function insertReport(
  trx: Executor,
  cipher: Cipher,
  jobs: Jobs,
  input: { submissionKey: string; report: CompleteReport; receivedAt: Date; language: 'sv' | 'en' },
  reference: string,
): Promise<SubmittedReport> {
  const { report } = input
  const decision = decideIntake(report, await coverageOf(trx, report.municipalityCode), input.receivedAt)
  const { route } = decision
  const inserted = await trx
    .insertInto('reports')
    .values({
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
      level: decision.triage.level,
      triage_rules: decision.triage.rules,
      ruleset_version: decision.triage.rulesetVersion,
      destination: route.destination,
      destination_jour_id: route.destination === 'jour' ? route.jourId : null,
      routing_reason: route.reason,
      routed_at: input.receivedAt,
      alert_intake_duty: route.alertIntakeDuty,
      protection_assessment_due: decision.deadlines.protectionAssessmentDue,
      decision_due: decision.deadlines.decisionDue,
      reporter_notice: JSON.stringify(decision.notice),
    })
    .onConflict((conflict) => conflict.column('submission_key').doNothing())
    .returning(['id', 'reference'])
    .executeTakeFirst()
  if (!inserted) {
    const existing = await findBySubmissionKey(trx, input.submissionKey)
    if (!existing) throw new Error('submission key conflict without a report')
    return { ...existing, created: false }
  }

  await trx
    .insertInto('report_subjects')
    .values(
      report.subjects.map((subject, position) => ({
        report_id: inserted.id,
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
      })),
    )
    .execute()

  const { reporter } = report
  // Nullable even where the type says a value is there: a missing one must reach the database's CHECK.
  const seal = (value: string | null | undefined, column: 'name' | 'phone' | 'email' | 'relation' | 'guardians_not_informed_reason') =>
    cipher.encryptNullable(value, `report_reporters.${column}`)
  await trx
    .insertInto('report_reporters')
    .values(
      reporter.kind === 'professional'
        ? {
            report_id: inserted.id,
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
            guardians_not_informed_reason:
              reporter.guardiansInformed === 'no' ? seal(reporter.guardiansNotInformedReason, 'guardians_not_informed_reason') : null,
          }
        : {
            report_id: inserted.id,
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
          },
    )
    .execute()

  await trx
    .insertInto('report_events')
    .values([
      { report_id: inserted.id, at: input.receivedAt, kind: 'received', data: JSON.stringify({}) },
      {
        report_id: inserted.id,
        at: input.receivedAt,
        kind: 'routed',
        data: JSON.stringify({
          level: decision.triage.level,
          rules: decision.triage.rules,
          destination: route.destination,
          jourId: route.destination === 'jour' ? route.jourId : null,
          reason: route.reason,
        }),
      },
    ])
    .execute()
  await queueReportNotifications(trx, jobs, {
    id: inserted.id,
    level: decision.triage.level,
    destination: route.destination,
    alertIntakeDuty: route.alertIntakeDuty,
    municipalityCode: report.municipalityCode,
    reporterHasEmail: !(reporter.kind !== 'professional' && reporter.anonymous) && Boolean(reporter.email),
    // The real clock even when a test sets the report's time: pg-boss schedules on it.
    receivedAtRealTime: new Date(),
  })
  await deleteDraft(trx, input.submissionKey)
  return { ...inserted, created: true }
}

export async function findBySubmissionKey(db: Executor, submissionKey: string) {
  return db
    .selectFrom('reports')
    .select(['id', 'reference'])
    .where('submission_key', '=', submissionKey)
    .executeTakeFirst()
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

type ReportRow = Selectable<Database['reports']>
type SubjectRow = Omit<Selectable<Database['report_subjects']>, 'personal_identity_number_index'>
type ReporterRow = Selectable<Database['report_reporters']>
type EventRow = Selectable<Database['report_events']>

/** A whole report as stored, decrypted: its row, its people in order, its reporter, its timeline. */
export type DecryptedReport = ReportRow & { subjects: SubjectRow[]; reporter: ReporterRow; events: EventRow[] }

/**
 * A whole report, decrypted, or null when there is none. No scope check: the caller has
 * found the report through the reader's scope and writes the read to the audit log.
 */
export async function readReport(db: Executor, cipher: Cipher, reportId: string): Promise<DecryptedReport | null> {
  const report = await db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirst()
  if (!report) return null
  const [subjects, reporter, events] = await Promise.all([
    db.selectFrom('report_subjects').selectAll().where('report_id', '=', reportId).orderBy('position').execute(),
    db.selectFrom('report_reporters').selectAll().where('report_id', '=', reportId).executeTakeFirstOrThrow(),
    db.selectFrom('report_events').selectAll().where('report_id', '=', reportId).orderBy('id').execute(),
  ])
  return {
    ...report,
    description: cipher.decrypt(report.description, 'reports.description'),
    subjects: subjects.map(({ personal_identity_number_index: _index, ...subject }) => ({
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

/** An event's data with what staff wrote in it decrypted. */
function decryptEventData(cipher: Cipher, kind: string, data: Record<string, unknown>): Record<string, unknown> {
  const decrypted = { ...data }
  for (const field of ENCRYPTED_EVENT_FIELDS[kind] ?? []) {
    const value = data[field]
    if (typeof value === 'string') decrypted[field] = cipher.decrypt(value, 'report_events.data')
  }
  return decrypted
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
  const indexes = personalIdentityNumbers
    .filter((number) => Personnummer.valid(number))
    .map((number) => cipher.blindIndex(Personnummer.parse(number).format(true)))
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
