import { onCallAt, type OnCallPair } from '../domain/on-call'
import { nextPageStep, pageStep, pagingContinues, type PageChannel, type PageRole } from '../domain/paging'
import type { Db, Executor } from './db.server'
import type { Jobs, PageStepJob } from './jobs.server'
import { eventColumns } from './report-events.server'
import { loadJourPaging } from './rota.server'

export interface PageStepOutcome {
  fired: boolean
  /** Why nothing was paged, when nothing was. */
  reason?: 'unknown-report' | 'stopped' | 'already-fired'
  recipients?: number
}

function addressesOf(role: PageRole, pair: OnCallPair | null, jour: { shared_email: string | null; manager_email: string | null }) {
  const found: Array<{ role: PageRole; channel: PageChannel; to: string }> = []
  const person = role === 'primary' ? pair?.primary : role === 'backup' ? pair?.backup : null
  if (person) {
    found.push({ role, channel: 'email', to: person.email })
    if (person.smsEmail) found.push({ role, channel: 'sms', to: person.smsEmail })
  }
  if (role === 'shared' && jour.shared_email) found.push({ role, channel: 'email', to: jour.shared_email })
  if (role === 'manager' && jour.manager_email) found.push({ role, channel: 'email', to: jour.manager_email })
  return found
}

/**
 * Starts a report's paging inside the submit transaction: step 0 runs at once, and the
 * job commits with the report or not at all.
 */
export async function startPaging(trx: Executor, jobs: Jobs, reportId: string, receivedAt: Date): Promise<void> {
  await jobs.sendPageStep(trx, { reportId, step: 0, anchor: receivedAt.toISOString() }, 0)
}

/**
 * One step of a report's escalation. Unless someone has acknowledged (or the report has
 * left the jour), it pages the roles of this step, notes it on the report's timeline and
 * queues the next step at its time from receipt. `page_steps` makes each step happen once,
 * whichever worker runs it and however often.
 */
export async function runPageStep(db: Db, jobs: Jobs, input: PageStepJob & { now: Date }): Promise<PageStepOutcome> {
  return db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom('reports')
      .select(['id', 'level', 'destination', 'destination_jour_id', 'acknowledged_at', 'handed_over_at', 'received_at'])
      .where('id', '=', input.reportId)
      // Serialises with the acknowledge, which locks the same row.
      .forUpdate()
      .executeTakeFirst()
    if (!report) return { fired: false, reason: 'unknown-report' }
    const continues = pagingContinues({
      level: report.level,
      destination: report.destination,
      destinationJourId: report.destination_jour_id,
      acknowledgedAt: report.acknowledged_at,
      handedOverAt: report.handed_over_at,
    })
    if (!continues || !report.destination_jour_id) return { fired: false, reason: 'stopped' }
    const { jour, policy, rota } = await loadJourPaging(trx, report.destination_jour_id)
    const step = pageStep(policy, input.step)
    const pair = onCallAt(rota, input.now)
    const recipients = step.roles.flatMap((role) => addressesOf(role, pair, jour))
    // The step is claimed and noted on the timeline in one statement: the note only if the claim took.
    const event = {
      reportId: report.id,
      at: input.now,
      kind: recipients.length > 0 ? (input.step === 0 ? 'paging' : 'escalated') : 'pageNobody',
      data: { step: input.step, roles: step.roles, afterMinutes: Math.round(step.dueAfterSeconds / 60) },
    }
    const claimed = await trx
      .with('claimed', (db) =>
        db
          .insertInto('page_steps')
          .values({ report_id: report.id, step: input.step, fired_at: input.now })
          .onConflict((conflict) => conflict.doNothing())
          .returning('step'),
      )
      .with('noted', (db) =>
        db
          .insertInto('report_events')
          .columns(['report_id', 'at', 'kind', 'data'])
          .expression((eb) => eb.selectFrom('claimed').select(eventColumns(event))),
      )
      .selectFrom('claimed')
      .select('step')
      .executeTakeFirst()
    if (!claimed) return { fired: false, reason: 'already-fired' }

    for (const recipient of recipients) {
      await jobs.sendEmail(trx, {
        kind: 'page',
        key: `page:${report.id}:${input.step}:${recipient.role}:${recipient.channel}`,
        reportId: report.id,
        step: input.step,
        ...recipient,
      })
    }
    const next = nextPageStep(policy, input.step, new Date(input.anchor), input.now)
    await jobs.sendPageStep(trx, { reportId: report.id, step: next.step, anchor: input.anchor }, next.dueAt)
    return { fired: true, recipients: recipients.length }
  })
}
