import { fromKysely } from 'pg-boss'
import { FOLLOW_UP_TEXT_MAX, followUpAccess } from '../domain/follow-up'
import { route } from '../domain/routing'
import type { StaffScope } from '../domain/scope'
import { coverageOf } from './coverage.server'
import type { Cipher } from './crypto.server'
import type { Db, Executor } from './db.server'
import { audit } from './audit.server'
import { reporterAudit } from './follow-up.server'
import { jobId, QUEUES, type Jobs } from './jobs.server'
import { queueReporterQuestionNotice } from './notifications.server'
import { startPaging } from './paging.server'
import { reportsInScope } from './scope.server'
import { sql } from 'kysely'

/** The rule an addition marked "someone is in danger now" fires, beside the report's own (staff:rules). */
export const ADDITION_DANGER_RULE = 'addition.dangerNow'

export type ReporterMessage = { kind: 'answer'; questionId: string; text: string } | { kind: 'addition'; text: string; dangerNow: boolean }

export type ReporterMessageOutcome = 'stored' | 'duplicate' | 'ended' | 'unknownQuestion'

/**
 * Stores the reporter's answer or addition on the report's timeline, encrypted and marked as
 * the reporter's, in one transaction with what follows from it: the report back in its
 * municipality's queue (status `in_progress` if it was decided, `reporter_update_at` for the
 * queues' "new information"), and, for an addition that says someone is in danger now, the
 * level raised to `immediate` and the report routed and paged as a new one would be at this
 * moment (the jour after hours, the intake unit's duty alert in office hours). No new report.
 */
export async function storeReporterMessage(
  db: Db,
  cipher: Cipher,
  jobs: Jobs,
  input: { reportId: string; message: ReporterMessage; submissionKey: string; now: Date },
): Promise<ReporterMessageOutcome> {
  const { message, now } = input
  if (message.text.length === 0 || message.text.length > FOLLOW_UP_TEXT_MAX) throw new Error('a reporter message outside its bounds reached the store')
  return db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom('reports')
      .select([
        'id',
        'status',
        'level',
        'municipality_code',
        'destination',
        'destination_jour_id',
        'acknowledged_at',
        'handed_over_at',
        'follow_up_closed_at',
        sql<Date>`greatest(reports.received_at, (select max(e.at) from report_events e where e.report_id = reports.id))`.as('lastActivityAt'),
      ])
      .where('id', '=', input.reportId)
      .forUpdate()
      .executeTakeFirst()
    if (!report) return 'ended'
    if (followUpAccess({ closedAt: report.follow_up_closed_at, lastActivityAt: new Date(report.lastActivityAt) }, now) !== 'open') return 'ended'
    const first = await trx
      .insertInto('follow_up_submissions')
      .values({ key: input.submissionKey, report_id: report.id, at: now })
      .onConflict((conflict) => conflict.doNothing())
      .returning('key')
      .executeTakeFirst()
    if (!first) return 'duplicate'

    let questionId: string | null = null
    if (message.kind === 'answer') {
      const question = await trx
        .selectFrom('reporter_questions')
        .select('id')
        .where('id', '=', message.questionId)
        .where('report_id', '=', report.id)
        .where('answered_at', 'is', null)
        .executeTakeFirst()
      if (!question) return 'unknownQuestion'
      questionId = question.id
    }
    const event = await trx
      .insertInto('report_events')
      .values({
        report_id: report.id,
        at: now,
        kind: message.kind === 'answer' ? 'reporterAnswer' : 'reporterAddition',
        data: JSON.stringify({
          fromReporter: true,
          note: cipher.encrypt(message.text, 'report_events.data'),
          ...(questionId ? { questionId } : {}),
          ...(message.kind === 'addition' ? { dangerNow: message.dangerNow } : {}),
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (questionId) await trx.updateTable('reporter_questions').set({ answered_at: now, answer_event_id: event.id }).where('id', '=', questionId).execute()
    await trx
      .updateTable('reports')
      .set({ reporter_update_at: now, status: report.status === 'decided' ? 'in_progress' : report.status })
      .where('id', '=', report.id)
      .execute()
    if (message.kind === 'addition' && message.dangerNow) await raiseToImmediate(trx, jobs, report, now)
    await reporterAudit(trx, { action: message.kind === 'answer' ? 'reporter.answer' : 'reporter.addition', reportId: report.id, at: now })
    return 'stored'
  })
}

/**
 * An addition that says someone is in danger now makes the report `immediate` and routes it as
 * a new report at this moment (routing.ts): after hours to the jour that covers the
 * municipality, which is paged by the paging rules from step 0 (paging.server.ts), even if it
 * had acknowledged or handed the report over before; in office hours (or with no jour) the
 * intake unit's duty alert.
 */
async function raiseToImmediate(
  trx: Executor,
  jobs: Jobs,
  report: {
    id: string
    level: string
    municipality_code: string
    destination: string
    destination_jour_id: string | null
    acknowledged_at: Date | null
    handed_over_at: Date | null
  },
  now: Date,
): Promise<void> {
  const coverage = await coverageOf(trx, report.municipality_code)
  const decided = route('immediate', coverage, now)
  const pagingRuns =
    report.level === 'immediate' && report.destination === 'jour' && report.destination_jour_id !== null && report.acknowledged_at === null && report.handed_over_at === null
  await trx
    .updateTable('reports')
    .set((eb) => ({ level: 'immediate', triage_rules: sql<string[]>`array_append(array_remove(${eb.ref('triage_rules')}, ${ADDITION_DANGER_RULE}), ${ADDITION_DANGER_RULE})` }))
    .where('id', '=', report.id)
    .execute()
  if (decided.destination === 'jour') {
    // The jour is already being paged for it: the addition is on the timeline, nothing more to start.
    if (pagingRuns && report.destination_jour_id === decided.jourId) return
    await trx
      .updateTable('reports')
      .set({
        destination: 'jour',
        destination_jour_id: decided.jourId,
        routing_reason: 'after-hours',
        routed_at: now,
        acknowledged_at: null,
        acknowledged_by: null,
        handed_over_at: null,
      })
      .where('id', '=', report.id)
      .execute()
    await restartPaging(trx, jobs, report.id)
  } else if (decided.alertIntakeDuty) {
    const municipality = await trx.selectFrom('municipalities').select('intake_email').where('code', '=', report.municipality_code).executeTakeFirst()
    if (municipality?.intake_email) {
      await jobs.sendEmail(trx, { kind: 'intakeAlert', key: `intake-alert:${report.id}:addition:${now.toISOString()}`, reportId: report.id, to: municipality.intake_email })
    }
  }
  await trx
    .insertInto('report_events')
    .values({
      report_id: report.id,
      at: now,
      kind: 'routed',
      data: JSON.stringify({
        level: 'immediate',
        rules: [ADDITION_DANGER_RULE],
        destination: decided.destination,
        jourId: decided.destination === 'jour' ? decided.jourId : null,
        reason: decided.reason,
      }),
    })
    .execute()
}

/**
 * Paging from step 0 again for a report paged before: each step happens once per report
 * (`page_steps`, and a page-step job's id is made of the report and the step), so the earlier
 * round's steps and jobs are cleared first, in the same transaction, and the paging rules then
 * run as for a new report.
 */
async function restartPaging(trx: Executor, jobs: Jobs, reportId: string): Promise<void> {
  const fired = await trx
    .selectFrom('page_steps')
    .select((eb) => eb.fn.max('step').as('last'))
    .where('report_id', '=', reportId)
    .executeTakeFirst()
  const last = fired?.last ?? -1
  // The step after the last fired one may be waiting in the queue too.
  const ids = Array.from({ length: last + 2 }, (_unused, step) => jobId(`page:${reportId}:${step}`))
  await jobs.boss.deleteJob(QUEUES.page, ids, { db: fromKysely(trx) })
  await trx.deleteFrom('page_steps').where('report_id', '=', reportId).execute()
  // The real clock: pg-boss schedules the escalation steps on it.
  await startPaging(trx, jobs, reportId, new Date())
}

/**
 * Staff ask the reporter a question. The intake unit may on any report it sees; the jour while
 * it holds the report (not yet handed over). The question's text is on the timeline,
 * encrypted; the reporter sees it on the follow-up page; a named reporter who gave an e-mail
 * gets a notice that says nothing but that there is a question.
 */
export async function askReporter(
  db: Db,
  cipher: Cipher,
  jobs: Jobs,
  input: { scope: StaffScope; staffId: string; reportId: string; question: string; now: Date },
): Promise<'asked' | 'notFound' | 'ended'> {
  return db.transaction().execute(async (trx) => {
    const report = await reportsInScope(trx, input.scope)
      .select(['reports.id', 'reports.handed_over_at', 'reports.follow_up_closed_at', 'reports.reply_code_hash'])
      .where('reports.id', '=', input.reportId)
      .forUpdate()
      .executeTakeFirst()
    if (!report) return 'notFound'
    if (input.scope.role === 'jour' && report.handed_over_at !== null) return 'notFound'
    if (report.follow_up_closed_at !== null) return 'ended'
    const event = await trx
      .insertInto('report_events')
      .values({
        report_id: report.id,
        at: input.now,
        kind: 'reporterQuestion',
        data: JSON.stringify({ staffId: input.staffId, note: cipher.encrypt(input.question, 'report_events.data') }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const question = await trx
      .insertInto('reporter_questions')
      .values({ report_id: report.id, question_event_id: event.id, asked_at: input.now, asked_by: input.staffId })
      .returning('id')
      .executeTakeFirstOrThrow()
    await queueReporterQuestionNotice(trx, jobs, report.id, question.id)
    await audit(trx, { staffId: input.staffId, action: 'report.reporterQuestion', reportId: report.id, at: input.now })
    return 'asked'
  })
}

/** Staff end the reporter's access before the six months are over; the follow-up page then says only that it can no longer be opened. */
export async function closeFollowUp(db: Db, input: { scope: StaffScope; staffId: string; reportId: string; now: Date }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const report = await reportsInScope(trx, input.scope)
      .select(['reports.id', 'reports.follow_up_closed_at'])
      .where('reports.id', '=', input.reportId)
      .forUpdate()
      .executeTakeFirst()
    if (!report) return false
    if (report.follow_up_closed_at !== null) return true
    await trx.updateTable('reports').set({ follow_up_closed_at: input.now, follow_up_closed_by: input.staffId }).where('id', '=', report.id).execute()
    await trx
      .insertInto('report_events')
      .values({ report_id: report.id, at: input.now, kind: 'followUpClosed', data: JSON.stringify({ staffId: input.staffId }) })
      .execute()
    await audit(trx, { staffId: input.staffId, action: 'report.closeFollowUp', reportId: report.id, at: input.now })
    return true
  })
}

/** What staff see of the follow-up on a report: the questions and whether and when each was answered, wrong codes, closed. */
export async function followUpForStaff(db: Executor, cipher: Cipher, reportId: string) {
  const [questions, report] = await Promise.all([
    db
      .selectFrom('reporter_questions as q')
      .innerJoin('staff_users as s', 's.id', 'q.asked_by')
      .innerJoin('report_events as e', 'e.id', 'q.question_event_id')
      .select(['q.id', 'q.asked_at as askedAt', 'q.answered_at as answeredAt', 's.name as askedBy', 'e.data'])
      .where('q.report_id', '=', reportId)
      .orderBy('q.asked_at')
      .execute(),
    db.selectFrom('reports').select(['reply_code_hash', 'follow_up_closed_at', 'reporter_update_at']).where('id', '=', reportId).executeTakeFirstOrThrow(),
  ])
  return {
    questions: questions.map(({ data, ...question }) => ({ ...question, text: cipher.decrypt(String(data.note), 'report_events.data') })),
    hasReplyCode: report.reply_code_hash !== null,
    closedAt: report.follow_up_closed_at,
    reporterUpdateAt: report.reporter_update_at,
  }
}
