import type { Executor } from './db.server'
import type { Jobs } from './jobs.server'
import { startPaging } from './paging.server'

/**
 * The messages a new report sets off, queued in the submit transaction: paging the jour
 * for an `immediate` report after hours, the intake unit's duty alert in office hours,
 * and a receipt to a named reporter who gave an e-mail address.
 */
export async function queueReportNotifications(
  trx: Executor,
  jobs: Jobs,
  report: {
    id: string
    level: 'immediate' | 'urgent' | 'standard'
    destination: 'jour' | 'intake'
    alertIntakeDuty: boolean
    municipalityCode: string
    reporterHasEmail: boolean
    /** The real instant of receipt (not a test clock): the paging timers count from it. */
    receivedAtRealTime: Date
  },
): Promise<void> {
  if (report.level === 'immediate' && report.destination === 'jour') {
    await startPaging(trx, jobs, report.id, report.receivedAtRealTime)
  }
  if (report.alertIntakeDuty) {
    const municipality = await trx.selectFrom('municipalities').select('intake_email').where('code', '=', report.municipalityCode).executeTakeFirst()
    if (municipality?.intake_email) {
      await jobs.sendEmail(trx, { kind: 'intakeAlert', key: `intake-alert:${report.id}`, reportId: report.id, to: municipality.intake_email })
    }
  }
  if (report.reporterHasEmail) {
    await jobs.sendEmail(trx, { kind: 'receipt', key: `receipt:${report.id}`, reportId: report.id })
  }
}

/**
 * Återkoppling: a mandated reporter is told whether an investigation was opened, in the
 * transaction that records the decision. A corrected decision is told again.
 */
export async function queueInitialAssessmentFeedback(trx: Executor, jobs: Jobs, reportId: string, decision: string): Promise<void> {
  const reporter = await trx.selectFrom('report_reporters').select(['kind', 'email']).where('report_id', '=', reportId).executeTakeFirst()
  if (reporter?.kind !== 'professional' || !reporter.email) return
  await jobs.sendEmail(trx, { kind: 'feedback', key: `feedback:${reportId}:${decision}`, reportId })
}

/**
 * Issue 14: a named reporter who gave an e-mail is told that the social services have a
 * question, in the transaction that records it; the question itself is never in the e-mail,
 * and an anonymous reporter sees it when they open the follow-up page.
 */
export async function queueReporterQuestionNotice(trx: Executor, jobs: Jobs, reportId: string, questionId: string): Promise<void> {
  const reporter = await trx.selectFrom('report_reporters').select(['anonymous', 'email']).where('report_id', '=', reportId).executeTakeFirst()
  if (!reporter || reporter.anonymous || !reporter.email) return
  await jobs.sendEmail(trx, { kind: 'reporterQuestion', key: `reporter-question:${questionId}`, reportId })
}
