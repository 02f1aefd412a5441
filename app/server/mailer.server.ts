import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import nodemailer, { type Transporter } from 'nodemailer'
import { stockholmDate } from '../domain/calendar'
import { formatOpening } from '../domain/opening-time'
import { DEFAULT_PAGING_POLICY, pageStep, type PagingPolicy } from '../domain/paging'
import { FOLLOW_UP_PATH } from '../domain/follow-up'
import { formatReference } from '../domain/reference'
import { reporterNoticeSentences } from '../domain/reporter-notice-text'
import type { ReporterNoticeJson } from '../domain/routing'
import { fixedT } from '../i18n/translations.server'
import type { Language } from '../i18n/config'
import type { Config } from './config.server'
import type { Cipher } from './crypto.server'
import type { Db, Executor } from './db.server'
import { renderEmail, type RenderedEmail } from './email-templates.server'
import { eventColumns } from './report-events.server'
import type { EmailJob } from './jobs.server'
import { morningSummaryCounts } from './morning-summary.server'
import { providerOnlyFor } from './oidc-accounts.server'
import { INVITATION_PATH, issueInvitationToken } from './staff-accounts.server'

// Staff read pages in Swedish; reporters get their messages in the language they reported in.
const STAFF_LANGUAGE: Language = 'sv'

export interface Mailer {
  transport: Transporter
  from: string
}

export function createMailer(config: Pick<Config, 'MAIL_FROM'>, smtpUrl: string): Mailer {
  const url = new URL(smtpUrl)
  const secure = url.protocol === 'smtps:'
  const transport = nodemailer.createTransport({
    // A few connections kept open and reused: a new one for every message costs a handshake per page.
    pool: true,
    maxConnections: 4,
    maxMessages: 100,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    // A hung mail server must fail the attempt, so the job is retried rather than stuck.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  return { transport, from: config.MAIL_FROM }
}

export interface DeliveryDeps {
  db: Db
  cipher: Cipher
  mailer: Mailer
  baseUrl: string
  now: () => Date
  oidcProviders?: Config['OIDC_PROVIDERS']
}

/** `limited`: a receipt not sent, its address has had its receipts for the day. */
export type DeliveryOutcome = 'sent' | 'already-sent' | 'nothing-to-send' | 'limited'

/**
 * Receipts to one address in one Stockholm day. Anyone may type any address into the
 * form, so without a cap the service would mail whoever someone wants to annoy; a person
 * who really reports several times a day still has every reference on the confirmation page.
 */
export const RECEIPTS_PER_ADDRESS_PER_DAY = 3

/**
 * Sends one e-mail at most once. The delivery key is locked for the whole attempt, so a
 * second worker with the same job waits and then finds it sent; the row that says "sent"
 * is written only after the SMTP server accepted the message. (If the process dies in
 * the instant between the two, the retry sends it again: a page twice beats no page.)
 */
export async function deliverEmail(deps: DeliveryDeps, job: EmailJob): Promise<DeliveryOutcome> {
  return deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${job.key}, 0))`.execute(trx)
    const done = await trx.selectFrom('email_deliveries').select('key').where('key', '=', job.key).executeTakeFirst()
    if (done) return 'already-sent'
    const message = await compose(trx, deps, job)
    if (!message) return 'nothing-to-send'
    if (job.kind === 'receipt' && !(await takeReceiptAllowance(trx, deps, message.to))) return 'limited'
    const info = (await deps.mailer.transport.sendMail({
      from: deps.mailer.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
      // The same key gives the same Message-ID, so a receiving server can drop a rare repeat.
      messageId: `<${createHash('sha256').update(job.key).digest('hex').slice(0, 32)}@orosanmalan>`,
    })) as { messageId?: string }
    const acceptedAt = deps.now()
    const delivered = trx.insertInto('email_deliveries').values({
      key: job.key,
      kind: job.kind,
      report_id: 'reportId' in job ? job.reportId : null,
      recipient_role: recipientRole(job),
      accepted_at: acceptedAt,
      smtp_message_id: info.messageId ?? null,
    })
    if (job.kind !== 'page') {
      await delivered.execute()
      return 'sent'
    }
    // A page's delivery and its note on the report's timeline in one statement.
    const event = { reportId: job.reportId, at: acceptedAt, kind: 'pageSent', data: { step: job.step, role: job.role, channel: job.channel } }
    await trx
      .with('delivered', () => delivered.returning('key'))
      .insertInto('report_events')
      .columns(['report_id', 'at', 'kind', 'data'])
      .expression((eb) => eb.selectFrom('delivered').select(eventColumns(event)))
      .execute()
    return 'sent'
  })
}

/**
 * Counts a receipt to `address` today, if it is within the day's allowance. In the delivery's
 * transaction: a send the mail server refuses rolls the count back, and workers sending to
 * the same address at once take turns on its row. The address is kept only as a keyed hash
 * under a key of the day, and yesterday's rows go.
 */
async function takeReceiptAllowance(trx: Executor, deps: DeliveryDeps, address: string): Promise<boolean> {
  const day = stockholmDate(deps.now())
  const recipient = deps.cipher.keyedHash(`receipt:${day}`, address.trim().toLowerCase())
  // Skipping rows another worker is deleting: nobody waits for someone else's mail server.
  await sql`delete from receipt_limits where ctid in (select ctid from receipt_limits where day < ${day} for update skip locked)`.execute(trx)
  const counted = await trx
    .insertInto('receipt_limits')
    .values({ day, recipient, sent: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['day', 'recipient'])
        .doUpdateSet((eb) => ({ sent: eb('receipt_limits.sent', '+', 1) }))
        .where('receipt_limits.sent', '<', RECEIPTS_PER_ADDRESS_PER_DAY),
    )
    .returning('sent')
    .executeTakeFirst()
  return counted !== undefined
}

function recipientRole(job: EmailJob): string {
  switch (job.kind) {
    case 'page':
      return job.channel === 'sms' ? `${job.role}-sms` : job.role
    case 'intakeAlert':
    case 'morningSummary':
      return 'intake'
    case 'receipt':
    case 'feedback':
    case 'reporterQuestion':
      return 'reporter'
    case 'invitation':
      return 'staff'
  }
}

type Message = RenderedEmail & { to: string }

async function reportFacts(db: Executor, reportId: string) {
  return db
    .selectFrom('reports')
    .innerJoin('municipalities', 'municipalities.code', 'reports.municipality_code')
    .leftJoin('jour_units', 'jour_units.id', 'reports.destination_jour_id')
    .select([
      'reports.id',
      'reports.reference',
      'reports.level',
      'reports.received_at',
      'reports.language',
      'reports.reporter_notice',
      'reports.decision',
      'reports.decided_at',
      'municipalities.name as municipalityName',
      'jour_units.page_backup_after_seconds',
      'jour_units.page_everyone_after_seconds',
      'jour_units.page_repeat_seconds',
    ])
    .where('reports.id', '=', reportId)
    .executeTakeFirst()
}

/** "måndag 23 november 22:10" in Stockholm. */
function when(instant: Date | string, language: Language): string {
  const parts = formatOpening(language)(instant)!
  return `${parts.day} ${parts.time}`
}

async function compose(db: Executor, deps: DeliveryDeps, job: EmailJob): Promise<Message | null> {
  if (job.kind === 'morningSummary') {
    const municipality = await db.selectFrom('municipalities').select('name').where('code', '=', job.municipalityCode).executeTakeFirstOrThrow()
    const counts = await morningSummaryCounts(db, job.municipalityCode, new Date(job.windowStart), new Date(job.windowEnd))
    return {
      to: job.to,
      ...renderEmail('morning-summary', STAFF_LANGUAGE, {
        municipality: municipality.name,
        windowStart: when(job.windowStart, STAFF_LANGUAGE),
        windowEnd: when(job.windowEnd, STAFF_LANGUAGE),
        received: String(counts.received),
        toJour: String(counts.toJour),
        handedOver: String(counts.handedOver),
        openImmediate: String(counts.openImmediate),
        queueLink: `${deps.baseUrl}/personal`,
      }),
    }
  }

  if (job.kind === 'invitation') {
    const issued = await issueInvitationToken(db, job.invitationId, deps.now())
    if (!issued) return null
    const t = fixedT(STAFF_LANGUAGE, 'staff')
    const values = {
      role: t(`staffAccount.roles.${issued.role}`),
      expiresAt: when(issued.expiresAt, STAFF_LANGUAGE),
      invitationLink: `${deps.baseUrl}${INVITATION_PATH}/${issued.token}`,
    }
    // Where the region signs its staff in through its own provider, no password is chosen.
    const provider = await providerOnlyFor(db, { OIDC_PROVIDERS: deps.oidcProviders ?? [] }, issued.staffId)
    return {
      to: job.to,
      ...(provider ? renderEmail('invitation-provider', STAFF_LANGUAGE, { ...values, provider: provider.name }) : renderEmail('invitation', STAFF_LANGUAGE, values)),
    }
  }

  const report = await reportFacts(db, job.reportId)
  if (!report) return null
  const reportLink = `${deps.baseUrl}/personal/anmalan/${report.id}`
  switch (job.kind) {
    case 'page': {
      const t = fixedT(STAFF_LANGUAGE, 'staff')
      const policy: PagingPolicy = {
        // Only a report routed to a jour is paged, so the jour's row is there; the default is for the type.
        backupAfterSeconds: report.page_backup_after_seconds ?? DEFAULT_PAGING_POLICY.backupAfterSeconds,
        everyoneAfterSeconds: report.page_everyone_after_seconds ?? DEFAULT_PAGING_POLICY.everyoneAfterSeconds,
        repeatSeconds: report.page_repeat_seconds ?? DEFAULT_PAGING_POLICY.repeatSeconds,
      }
      const minutes = String(Math.round(pageStep(policy, job.step).dueAfterSeconds / 60))
      const escalation = job.step === 0 ? t('email.page.first') : t(job.step >= 3 ? 'email.page.repeat' : 'email.page.escalated', { minutes })
      return {
        to: job.to,
        ...renderEmail(job.channel === 'sms' ? 'page-sms' : 'page', STAFF_LANGUAGE, {
          escalation,
          reference: formatReference(report.reference),
          level: t(`levels.${report.level}`),
          municipality: report.municipalityName,
          receivedAt: when(report.received_at, STAFF_LANGUAGE),
          reportLink,
          queueLink: `${deps.baseUrl}/personal`,
        }),
      }
    }
    case 'intakeAlert': {
      const t = fixedT(STAFF_LANGUAGE, 'staff')
      return {
        to: job.to,
        ...renderEmail('intake-alert', STAFF_LANGUAGE, {
          reference: formatReference(report.reference),
          level: t(`levels.${report.level}`),
          municipality: report.municipalityName,
          receivedAt: when(report.received_at, STAFF_LANGUAGE),
          reportLink,
        }),
      }
    }
    case 'receipt':
    case 'feedback':
    case 'reporterQuestion': {
      const to = await reporterEmail(db, deps.cipher, report.id)
      if (!to) return null
      const language = report.language
      const t = fixedT(language, 'report')
      const common = { reference: formatReference(report.reference), municipality: report.municipalityName, serviceLink: deps.baseUrl }
      // Content-free: that there is a question, and where to open it with the reference and the reply code (never in an e-mail).
      if (job.kind === 'reporterQuestion') return { to, ...renderEmail('reporter-question', language, { ...common, followUpLink: `${deps.baseUrl}${FOLLOW_UP_PATH}` }) }
      if (job.kind === 'receipt') {
        const notice = report.reporter_notice as ReporterNoticeJson
        return {
          to,
          ...renderEmail('receipt', language, {
            ...common,
            receivedAt: when(report.received_at, language),
            whatHappensNext: reporterNoticeSentences(notice, report.municipalityName, (key, values) => t(key, values), formatOpening(language)).join('\n'),
          }),
        }
      }
      if (!report.decision || !report.decided_at) return null
      return {
        to,
        ...renderEmail('feedback', language, { ...common, decidedAt: when(report.decided_at, language), decision: t(`email.decision.${report.decision}`) }),
      }
    }
  }
}

async function reporterEmail(db: Executor, cipher: Cipher, reportId: string): Promise<string | null> {
  const reporter = await db.selectFrom('report_reporters').select(['email', 'anonymous']).where('report_id', '=', reportId).executeTakeFirst()
  if (!reporter || reporter.anonymous) return null
  return cipher.decryptNullable(reporter.email, 'report_reporters.email')
}
