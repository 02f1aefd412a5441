import { randomUUID } from 'node:crypto'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { EmergencyNotice } from '~/components/emergency-notice'
import { ErrorSummary, type SummaryError } from '~/components/error-summary'
import { SlowDownNotice, useWaitText, type SlowDownData } from '~/components/slow-down-notice'
import { FOLLOW_UP_PATH, FOLLOW_UP_TEXT_MAX } from '~/domain/follow-up'
import { dateTimeFormat, localeOf } from '~/domain/date-formats'
import { isUuid } from '~/domain/strict-params'
import { requestLanguage } from '~/i18n/i18next.server'
import { readForm } from '~/server/form-body.server'
import { storeReporterMessage, type ReporterMessage } from '~/server/follow-up-messages.server'
import { accessToken, followUpAccessNow, followUpDeps, openFollowUp, readAccessToken, reportMunicipality, reporterView } from '~/server/follow-up.server'
import { consume } from '~/server/rate-limits.server'
import { retryAfterHeaders, slowDown } from '~/server/slow-down.server'

/*
 * The reporter's follow-up page (issue 14). One address whatever it shows, every answer
 * `no-store` (server.ts), and what it shows only as the answer to a POST: the browser's history and its
 * back button tell a guardian holding the phone nothing. It shows when the report came,
 * whether it was read and the social services' questions, never anything the report says or
 * what was decided: the reporter is not a party.
 */

export const handle = { i18n: ['common', 'report', 'errors'], titleKey: 'report:followUp.title' }

// `Cache-Control: no-store` is on every page already (server.ts); a slowed try also says when to come back.
export const headers = retryAfterHeaders

export async function loader(_args: LoaderFunctionArgs) {
  return {}
}

type FieldErrors = Partial<Record<'reference' | 'code' | 'answer' | 'addition', string>>

interface ReportShown {
  token: string
  receivedAt: string
  read: boolean
  openQuestions: Array<{ id: string; askedAt: string; text: string; submissionKey: string }>
  answeredQuestions: number
  additions: number
  additionKey: string
}

type Answer =
  | { view: 'form'; reference: string; errors: FieldErrors; waitSeconds?: number; message?: 'sessionEnded'; kept?: string }
  | { view: 'ended' }
  | {
      view: 'report'
      report: ReportShown
      errors: FieldErrors
      typed: { answer?: Record<string, string>; addition?: string; dangerNow?: boolean }
      message?: 'answered' | 'added' | 'duplicate'
      /** The reporter has just said someone is in danger now: the page says to call 112 at once. */
      urgent?: boolean
      waitSeconds?: number
      /** When the answer or addition was slowed: when to try again, 112, and the jour's number after hours. */
      slowDown?: SlowDownData
    }

/** An answer with a refusal says `status: 'error'`, so the page title starts with "Fel: " (root.tsx). */
const answer = (body: Answer, status = 200, extra: Record<string, string> = {}) =>
  data({ ...body, ...(status >= 400 ? { status: 'error' as const } : {}) }, { status, headers: extra })

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? 'open')
  const language = await requestLanguage(request)
  const now = context.now()

  if (intent === 'open') {
    const reference = String(formData.get('reference') ?? '').slice(0, 100)
    const code = String(formData.get('code') ?? '').slice(0, 100)
    const errors: FieldErrors = {}
    if (reference.trim() === '') errors.reference = 'followUp.referenceRequired'
    if (code.trim() === '') errors.code = 'followUp.codeRequired'
    if (Object.keys(errors).length > 0) return answer({ view: 'form', reference, errors }, 400)
    const outcome = await openFollowUp(followUpDeps(context.db, context.limits, context.clientAddress, context.now), { reference, code })
    switch (outcome.kind) {
      case 'wait':
        return answer({ view: 'form', reference, errors: { code: 'followUp.wait' }, waitSeconds: outcome.retryAfterSeconds }, 429, {
          'Retry-After': String(outcome.retryAfterSeconds),
        })
      case 'notFound':
        return answer({ view: 'form', reference, errors: { code: 'followUp.notFound' } }, 400)
      case 'ended':
        return answer({ view: 'ended' })
      case 'open':
        return answer({ view: 'report', report: await shown(context, outcome.reportId, language), errors: {}, typed: {} })
    }
  }

  // An answer or an addition: from our own page, with the token it carries instead of the code.
  const reportId = readAccessToken(context.cipher, String(formData.get('access') ?? ''), now)
  if (!reportId) {
    // What was typed is shown back to copy, never stored without a report it belongs to.
    const kept = String(formData.get('text') ?? '').trim()
    return answer({ view: 'form', reference: '', errors: {}, message: 'sessionEnded', ...(kept ? { kept } : {}) }, 400)
  }
  if ((await followUpAccessNow(context.db, reportId, now)) !== 'open') return answer({ view: 'ended' })
  const submissionKey = String(formData.get('submissionKey') ?? '')
  const text = String(formData.get('text') ?? '').trim()
  let message: ReporterMessage
  const typed: Extract<Answer, { view: 'report' }>['typed'] = {}
  const errors: FieldErrors = {}
  if (intent === 'answer') {
    const questionId = String(formData.get('questionId') ?? '')
    if (!isUuid(questionId) || !isUuid(submissionKey)) return answer({ view: 'report', report: await shown(context, reportId, language), errors: {}, typed: {} }, 400)
    typed.answer = { [questionId]: text }
    if (text === '') errors.answer = 'followUp.answerRequired'
    else if (text.length > FOLLOW_UP_TEXT_MAX) errors.answer = 'followUp.tooLong'
    message = { kind: 'answer', questionId, text }
  } else if (intent === 'addition') {
    if (!isUuid(submissionKey)) return answer({ view: 'report', report: await shown(context, reportId, language), errors: {}, typed: {} }, 400)
    const dangerNow = formData.get('dangerNow') === 'yes'
    typed.addition = text
    typed.dangerNow = dangerNow
    if (text === '') errors.addition = 'followUp.additionRequired'
    else if (text.length > FOLLOW_UP_TEXT_MAX) errors.addition = 'followUp.tooLong'
    message = { kind: 'addition', text, dangerNow }
  } else {
    return answer({ view: 'report', report: await shown(context, reportId, language), errors: {}, typed: {} }, 400)
  }
  if (Object.keys(errors).length > 0) return answer({ view: 'report', report: await shown(context, reportId, language), errors, typed }, 400)
  const verdict = await consume(context, 'step')
  if (!verdict.allowed) {
    // Nothing typed is lost: it comes back in the form, with when to try again.
    const field = intent === 'answer' ? 'answer' : 'addition'
    const slowed = await slowDown(context.db, await reportMunicipality(context.db, reportId), verdict.retryAfterSeconds)
    return answer(
      { view: 'report', report: await shown(context, reportId, language), errors: { [field]: 'followUp.wait' }, typed, waitSeconds: verdict.retryAfterSeconds, slowDown: slowed },
      429,
      {
        'Retry-After': String(verdict.retryAfterSeconds),
      },
    )
  }
  const stored = await storeReporterMessage(context.db, context.cipher, context.jobs, { reportId, message, submissionKey, now })
  if (stored === 'ended') return answer({ view: 'ended' })
  const report = await shown(context, reportId, language)
  if (stored === 'unknownQuestion') return answer({ view: 'report', report, errors: {}, typed: {} })
  return answer({
    view: 'report',
    report,
    errors: {},
    typed: {},
    message: stored === 'duplicate' ? 'duplicate' : message.kind === 'answer' ? 'answered' : 'added',
    urgent: message.kind === 'addition' && message.dangerNow,
  })
}

async function shown(context: ActionFunctionArgs['context'], reportId: string, language: string): Promise<ReportShown> {
  const now = context.now()
  const view = await reporterView(context.db, context.cipher, reportId)
  // Dates in the page's language (easy Swedish as Swedish), in Stockholm time, as every other date of the service.
  const when = dateTimeFormat(localeOf(language), 'long')
  return {
    token: accessToken(context.cipher, reportId, now),
    receivedAt: when.format(view.receivedAt),
    read: view.read,
    openQuestions: view.openQuestions.map((question) => ({ id: question.id, askedAt: when.format(question.askedAt), text: question.text, submissionKey: randomUUID() })),
    answeredQuestions: view.answeredQuestions,
    additions: view.additions,
    additionKey: randomUUID(),
  }
}

export default function FollowUp() {
  const result = useActionData<typeof action>() as Answer | undefined
  if (result?.view === 'report') return <ReportPage result={result} />
  if (result?.view === 'ended') return <Ended />
  return <OpenForm result={result} />
}

function OpenForm({ result }: { result: Extract<Answer, { view: 'form' }> | undefined }) {
  const { t } = useTranslation('report')
  const errors = result?.errors ?? {}
  const wait = useWaitText(result?.waitSeconds ?? 0)
  const summary: SummaryError[] = (['reference', 'code'] as const).flatMap((field) => {
    const message = errors[field]
    return message ? [{ targetId: field, message: `report:${message}`, values: { wait } }] : []
  })
  return (
    <>
      <ErrorSummary errors={summary} />
      <h1 className="heading-l">{t('followUp.title')}</h1>
      {result?.message === 'sessionEnded' ? (
        <div className="inset" role="status">
          <p className="body notice">{t('followUp.sessionEnded')}</p>
          {result.kept ? (
            <>
              <p className="body">{t('followUp.kept')}</p>
              <p className="body timeline__text">
                <bdi>{result.kept}</bdi>
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      <p className="body">{t('followUp.intro')}</p>
      <p className="body">{t('followUp.notParty')}</p>
      <EmergencyNotice />
      <Form method="post" action={FOLLOW_UP_PATH} noValidate>
        <input type="hidden" name="intent" value="open" />
        <Field id="reference" label={t('followUp.referenceLabel')} hint={t('followUp.referenceHint')} error={errors.reference} values={{ wait }}>
          {(describedBy) => (
            <input
              className={errors.reference ? 'input input--medium input--error' : 'input input--medium'}
              id="reference"
              name="reference"
              type="text"
              defaultValue={result?.reference ?? ''}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              aria-invalid={errors.reference ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <Field id="code" label={t('followUp.codeLabel')} hint={t('followUp.codeHint')} error={errors.code} values={{ wait }}>
          {(describedBy) => (
            // Never filled in again: a refused try does not send the code back into the page.
            <input
              className={errors.code ? 'input input--error' : 'input'}
              id="code"
              name="code"
              type="text"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              aria-invalid={errors.code ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <button type="submit" className="button">
          {t('followUp.open')}
        </button>
      </Form>
    </>
  )
}

function Ended() {
  const { t } = useTranslation('report')
  return (
    <>
      <h1 className="heading-l">{t('followUp.endedTitle')}</h1>
      <p className="body">{t('followUp.endedBody')}</p>
      <EmergencyNotice />
    </>
  )
}

function ReportPage({ result }: { result: Extract<Answer, { view: 'report' }> }) {
  const { t } = useTranslation('report')
  const { report, errors, typed } = result
  const wait = useWaitText(result.waitSeconds ?? 0)
  const firstQuestion = report.openQuestions[0]
  const summary: SummaryError[] = [
    ...(errors.answer && firstQuestion
      ? [{ targetId: `answer-${Object.keys(typed.answer ?? {})[0] ?? firstQuestion.id}`, message: `report:${errors.answer}`, values: { wait } }]
      : []),
    ...(errors.addition ? [{ targetId: 'addition', message: `report:${errors.addition}`, values: { wait } }] : []),
  ]
  return (
    <>
      <ErrorSummary errors={summary} />
      {result.slowDown ? <SlowDownNotice slowDown={result.slowDown} inForm /> : null}
      <h1 className="heading-l">{t('followUp.reportTitle')}</h1>
      {result.message ? (
        <div className="inset" role="status">
          <p className="body notice">{t(`followUp.messages.${result.message}`)}</p>
        </div>
      ) : null}
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('followUp.received')}</dt>
          <dd className="summary-list__value">{report.receivedAt}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('followUp.readLabel')}</dt>
          <dd className="summary-list__value">{t(report.read ? 'followUp.read' : 'followUp.notRead')}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('followUp.questionsLabel')}</dt>
          <dd className="summary-list__value">
            {report.openQuestions.length > 0 ? t('followUp.questionsOpen', { count: report.openQuestions.length }) : t('followUp.noQuestions')}
          </dd>
        </div>
      </dl>
      <EmergencyNotice urgent={result.urgent ?? false} />
      {report.openQuestions.map((question, index) => {
        const fieldId = `answer-${question.id}`
        const error = errors.answer && (typed.answer?.[question.id] !== undefined || (!typed.answer && index === 0)) ? errors.answer : undefined
        return (
          <section key={question.id} aria-labelledby={`question-${question.id}`}>
            <h2 className="heading-m" id={`question-${question.id}`}>
              {t('followUp.questionTitle', { when: question.askedAt })}
            </h2>
            <p className="body">
              <bdi>{question.text}</bdi>
            </p>
            <Form method="post" action={FOLLOW_UP_PATH} noValidate>
              <input type="hidden" name="intent" value="answer" />
              <input type="hidden" name="access" value={report.token} />
              <input type="hidden" name="questionId" value={question.id} />
              <input type="hidden" name="submissionKey" value={question.submissionKey} />
              <Field id={fieldId} label={t('followUp.answerLabel')} hint={t('followUp.textHint')} error={error} values={{ wait }}>
                {(describedBy) => (
                  <textarea
                    className={error ? 'textarea input--error' : 'textarea'}
                    id={fieldId}
                    name="text"
                    rows={5}
                    defaultValue={typed.answer?.[question.id] ?? ''}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy}
                  />
                )}
              </Field>
              <button type="submit" className="button">
                {t('followUp.sendAnswer')}
              </button>
            </Form>
          </section>
        )
      })}
      <section aria-labelledby="addition-title">
        <h2 className="heading-m" id="addition-title">
          {t('followUp.additionTitle')}
        </h2>
        <Form method="post" action={FOLLOW_UP_PATH} noValidate>
          <input type="hidden" name="intent" value="addition" />
          <input type="hidden" name="access" value={report.token} />
          <input type="hidden" name="submissionKey" value={report.additionKey} />
          <Field id="addition" label={t('followUp.additionLabel')} hint={t('followUp.textHint')} error={errors.addition} values={{ wait }}>
            {(describedBy) => (
              <textarea
                className={errors.addition ? 'textarea input--error' : 'textarea'}
                id="addition"
                name="text"
                rows={6}
                defaultValue={typed.addition ?? ''}
                aria-invalid={errors.addition ? true : undefined}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          <div className="form-group">
            <div className="checkboxes">
              <div className="choice">
                <input className="choice__input" id="dangerNow" name="dangerNow" type="checkbox" value="yes" defaultChecked={typed.dangerNow ?? false} />
                <label className="choice__label" htmlFor="dangerNow">
                  {t('followUp.dangerNowLabel')}
                </label>
              </div>
            </div>
          </div>
          <button type="submit" className="button">
            {t('followUp.sendAddition')}
          </button>
        </Form>
      </section>
      <p className="body">{t('followUp.leave')}</p>
    </>
  )
}

/** A labelled control in the GOV.UK shape (components/fields.tsx), for the plain forms of this page. */
function Field({
  id,
  label,
  hint,
  error,
  values,
  children,
}: {
  id: string
  label: string
  hint: string
  error: string | undefined
  values: Record<string, string>
  children: (describedBy: string) => ReactNode
}) {
  const { t } = useTranslation(['report', 'errors'])
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div className={error ? 'form-group form-group--error' : 'form-group'}>
      <label className="label label--bold" htmlFor={id}>
        {label}
      </label>
      <div className="hint" id={`${id}-hint`}>
        {hint}
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">{t('errors:prefix')}</span> {t(`report:${error}`, values)}
        </p>
      ) : null}
      {children(describedBy)}
    </div>
  )
}
