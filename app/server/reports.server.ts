import { randomBytes } from 'node:crypto'
import { decideIntake } from '../domain/intake-decision'
import { generateReference, type RandomBytes } from '../domain/reference'
import type { ReporterNoticeJson } from '../domain/routing'
import type { CompleteReport } from '../domain/report-flow'
import type { Db, Executor } from './db.server'
import { coverageOf } from './coverage.server'
import { deleteDraft } from './drafts.server'

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
 * this commits, so a reference shown to a reporter always names a stored report.
 */
export async function submitReport(
  db: Db,
  input: { submissionKey: string; report: CompleteReport; receivedAt: Date; language: 'sv' | 'en' },
  options: { randomBytes?: RandomBytes } = {},
): Promise<SubmittedReport> {
  const random = options.randomBytes ?? ((size: number) => new Uint8Array(randomBytes(size)))
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => insertReport(trx, input, generateReference(random)))
    } catch (error) {
      // 50 random bits make a clash rare; when one happens, draw again.
      if (isUniqueViolation(error, 'reports_reference_key') && attempt < MAX_REFERENCE_ATTEMPTS) continue
      throw error
    }
  }
}

async function insertReport(
  trx: Executor,
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
      description: report.description,
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
        name: subject.name ?? null,
        personal_identity_number: subject.personalIdentityNumber ?? null,
        birth_date: subject.birthDate ?? null,
        approximate_age: subject.approximateAge ?? null,
        whereabouts: subject.whereabouts ?? null,
        school: subject.school ?? null,
        guardians: subject.guardians ?? null,
        interpreter_needed: subject.interpreterNeeded ?? false,
        interpreter_language: subject.interpreterNeeded ? (subject.interpreterLanguage ?? null) : null,
      })),
    )
    .execute()

  const { reporter } = report
  await trx
    .insertInto('report_reporters')
    .values(
      reporter.kind === 'professional'
        ? {
            report_id: inserted.id,
            kind: reporter.kind,
            anonymous: false,
            name: reporter.name,
            phone: reporter.phone,
            email: reporter.email,
            relation: null,
            organisation_type: reporter.organisationType,
            organisation_name: reporter.organisationName,
            role: reporter.role,
            guardians_informed: reporter.guardiansInformed,
            guardians_not_informed_reason:
              reporter.guardiansInformed === 'no' ? (reporter.guardiansNotInformedReason ?? null) : null,
          }
        : {
            report_id: inserted.id,
            kind: reporter.kind,
            anonymous: reporter.anonymous,
            name: reporter.anonymous ? null : (reporter.name ?? null),
            phone: reporter.anonymous ? null : (reporter.phone ?? null),
            email: reporter.anonymous ? null : (reporter.email ?? null),
            relation: reporter.relation ?? null,
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
