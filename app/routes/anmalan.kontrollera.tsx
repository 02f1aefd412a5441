import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmergencyNotice } from '~/components/emergency-notice'
import { SlowDownNotice, type SlowDownData } from '~/components/slow-down-notice'
import { ErrorSummary } from '~/components/error-summary'
import { BackLink } from '~/components/layout'
import { SummaryList, type SummaryRow } from '~/components/summary-list'
import { assessDraft, previousPath, someoneInDangerNow, STEP_PATHS, type CompleteReport, type StepId } from '~/domain/report-flow'
import { looksAutomated } from '~/domain/spam'
import { checkWriting } from '~/domain/writing-check'
import { isUuid } from '~/domain/strict-params'
import i18next from '~/i18n/i18next.server'
import { cookies, municipalityHintHeader } from '~/server/cookies.server'
import { findBySubmissionKey, submitReport } from '~/server/reports.server'
import type { Draft } from '~/server/drafts.server'
import { currentDraft, refusedByLimits, reportFlowContext } from '~/server/report-steps.server'
import { retryAfterHeaders, slowDown } from '~/server/slow-down.server'
import { readForm } from '~/server/form-body.server'

export const headers = retryAfterHeaders

export const handle = { i18n: ['common', 'report', 'errors'], titleKey: 'report:check.title' }

async function requireCompleteDraft(request: Request, context: LoaderFunctionArgs['context']) {
  const draft = await currentDraft(request, context)
  if (!draft) throw redirect(STEP_PATHS.municipality, 303)
  return { draft, ...(await requireComplete(draft, context)) }
}

async function requireComplete(draft: Draft, context: LoaderFunctionArgs['context']) {
  const flow = await reportFlowContext(context)
  const assessment = assessDraft(draft.answers, flow)
  if (assessment.status === 'incomplete') throw redirect(STEP_PATHS[assessment.missing], 303)
  return { flow, report: assessment.report }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { draft, flow, report } = await requireCompleteDraft(request, context)
  const municipalityName = (code: string) => flow.municipalities.find((municipality) => municipality.code === code)?.name ?? code
  return {
    submissionKey: draft.id,
    report,
    municipalityName: municipalityName(report.municipalityCode),
    askedReporterKind: report.concerns !== 'self',
    back: previousPath('check', draft.answers, flow),
    danger: someoneInDangerNow(draft.answers),
    // The writing helper (issue 14): computed here, on the server, from what the form already knows.
    identityHints: checkWriting({
      texts: [report.description],
      anonymous: report.reporter.kind !== 'professional' && report.reporter.anonymous,
      subjects: report.subjects,
    }),
  }
}

async function showReceipt(context: ActionFunctionArgs['context'], reportId: string) {
  const headers = new Headers()
  const jar = cookies(context.config)
  headers.append('Set-Cookie', await jar.receipt.serialize(reportId))
  headers.append('Set-Cookie', await jar.draft.serialize('', { maxAge: 0 }))
  headers.append('Set-Cookie', municipalityHintHeader(context.config, null))
  return redirect(STEP_PATHS.confirmation, { status: 303, headers })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const submissionKey = String(formData.get('submissionKey') ?? '')
  const draft = await currentDraft(request, context)
  if (!draft) {
    // The draft is gone because this very report was sent: a resent POST shows its receipt again.
    const existing = isUuid(submissionKey) ? await findBySubmissionKey(context.db, submissionKey) : undefined
    if (existing) return showReceipt(context, existing.id)
    throw redirect(STEP_PATHS.municipality, 303)
  }
  // The draft as read above: read again, a double click's first send may have just deleted it.
  const { report } = await requireComplete(draft, context)
  const automated = looksAutomated({
    draftStartedAt: draft.startedAt,
    now: context.now(),
    minimumFillSeconds: context.config.FORM_MIN_FILL_SECONDS,
    honeypot: String(formData.get('website') ?? ''),
  })
  if (automated) {
    // The draft stays, so a person who was simply quick loses nothing and can send again.
    return data({ status: 'error' as const, message: 'submit.rejected' }, { status: 400 })
  }
  const limited = await refusedByLimits(context, ['submit'])
  if (limited) {
    // The draft stays: the same report can be sent once the limit has passed.
    const slowDownData = await slowDown(context.db, report.municipalityCode, limited.retryAfterSeconds)
    return data(
      { status: 'error' as const, message: 'submit.rateLimited', slowDown: slowDownData },
      { status: 429, headers: { 'Retry-After': String(slowDownData.retryAfterSeconds) } },
    )
  }
  const language = await i18next.getLocale(request)
  const submitted = await submitReport(context.db, context.cipher, context.jobs, { submissionKey: draft.id, report, receivedAt: context.now(), language })
  return showReceipt(context, submitted.id)
}

export default function CheckAnswers() {
  const { t } = useTranslation('report')
  const { submissionKey, report, municipalityName, askedReporterKind, back, danger, identityHints } = useLoaderData<typeof loader>()
  const rejected = useActionData<typeof action>()
  return (
    <>
      <BackLink to={back} />
      <ErrorSummary errors={rejected ? [{ targetId: 'submit', message: rejected.message }] : []} />
      {rejected && 'slowDown' in rejected ? <SlowDownNotice slowDown={rejected.slowDown as SlowDownData} /> : null}
      {danger ? <EmergencyNotice urgent /> : null}
      <h1 className="heading-l">{t('check.title')}</h1>
      {identityHints.length > 0 ? (
        <section className="inset" aria-labelledby="writing-check-title">
          <h2 className="heading-m" id="writing-check-title">
            {t('check.writingCheck.title')}
          </h2>
          <p className="body">{t('check.writingCheck.body')}</p>
          <ul className="list list--bullet">
            {identityHints.map((hint) => (
              <li key={hint}>{t(`check.writingCheck.hints.${hint}`)}</li>
            ))}
          </ul>
          <p className="body">
            <Link to={`${STEP_PATHS.concern}?returnUrl=${STEP_PATHS.check}`}>{t('check.writingCheck.edit')}</Link>
          </p>
          <p className="body">{t('check.writingCheck.goOn')}</p>
        </section>
      ) : null}
      <AnswerSections report={report} municipalityName={municipalityName} askedReporterKind={askedReporterKind} />
      <h2 className="heading-m">{t('check.sendTitle')}</h2>
      <p className="body">{t('check.readersNotice')}</p>
      <p className="body">{t('check.truthNotice')}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="website">{t('check.honeypot')}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <button id="submit" type="submit" className="button">
          {t('check.submit')}
        </button>
      </Form>
    </>
  )
}

function AnswerSections({ report, municipalityName, askedReporterKind }: { report: CompleteReport; municipalityName: string; askedReporterKind: boolean }) {
  const { t } = useTranslation('report')
  const notGiven = t('check.notGiven')
  const text = (value: string | number | undefined | null) => (value === undefined || value === null || value === '' ? notGiven : String(value))
  const change = (step: StepId, name: string) => ({ href: `${STEP_PATHS[step]}?returnUrl=${STEP_PATHS.check}`, name })
  const { reporter } = report

  const placeRows: SummaryRow[] = [
    {
      key: t(report.residenceUnknown ? 'check.whereabouts' : 'check.municipality'),
      value: municipalityName,
      change: change(report.residenceUnknown ? 'whereabouts' : 'municipality', t('check.municipality')),
    },
    { key: t('check.concerns'), value: t(`concerns.${report.concerns}`), change: change('subjects', t('check.concerns')) },
  ]
  const concernRows: SummaryRow[] = [
    { key: t('check.categories'), value: report.categories.map((category) => t(`categories.${category}`)).join('\n'), change: change('concern', t('check.categories')) },
    { key: t('check.description'), value: report.description, change: change('concern', t('check.description')) },
  ]
  const safetyRows: SummaryRow[] = Object.entries(report.safety).map(([id, answer]) => ({
    key: t(`safety.questions.${id}`),
    value: t(`answer.${answer}`),
    change: change('safety', t(`safety.questions.${id}`)),
  }))
  const reporterRows: SummaryRow[] = [
    ...(askedReporterKind ? [{ key: t('check.reporterKind'), value: t(`reporterKind.${reporter.kind}`), change: change('reporterKind', t('check.reporterKind')) }] : []),
    ...(reporter.kind === 'professional'
      ? [
          { key: t('reporterDetails.name'), value: reporter.name },
          { key: t('reporterDetails.organisationType'), value: t(`organisationTypes.${reporter.organisationType}`) },
          { key: t('reporterDetails.organisationName'), value: reporter.organisationName },
          { key: t('reporterDetails.role'), value: reporter.role },
          { key: t('reporterDetails.phone'), value: reporter.phone },
          { key: t('reporterDetails.email'), value: reporter.email },
          {
            key: t('reporterDetails.guardiansInformed'),
            value:
              reporter.guardiansInformed === 'no'
                ? `${t('answer.no')}: ${reporter.guardiansNotInformedReason ?? ''}`
                : t(reporter.guardiansInformed === 'yes' ? 'answer.yes' : 'reporterDetails.guardiansNotApplicable'),
          },
        ]
      : reporter.anonymous
        ? [{ key: t('check.identity'), value: t('reporterDetails.anonymousYes') }]
        : [
            { key: t('reporterDetails.name'), value: text(reporter.name) },
            { key: t('reporterDetails.phone'), value: text(reporter.phone) },
            { key: t('reporterDetails.email'), value: text(reporter.email) },
          ]),
    ...(reporter.kind === 'private' ? [{ key: t('reporterDetails.relation'), value: text(reporter.relation) }] : []),
  ].map((row) => ('change' in row ? row : { ...row, change: change('reporterDetails', row.key) }))

  return (
    <>
      <h2 className="heading-m">{t('check.placeTitle')}</h2>
      <SummaryList rows={placeRows} />
      {report.subjects.map((subject, index) => {
        const title = report.concerns === 'children' ? t('people.childLegend', { number: index + 1 }) : t(`people.legend.${report.concerns}`)
        const rows: SummaryRow[] = [
          { key: t('people.labels.name'), value: text(subject.name) },
          { key: t('people.labels.personalIdentityNumber'), value: text(subject.personalIdentityNumber) },
          { key: t('people.labels.birthDate'), value: text(subject.birthDate) },
          { key: t('people.labels.approximateAge'), value: text(subject.approximateAge) },
          { key: t('people.labels.whereabouts'), value: text(subject.whereabouts) },
          ...(subject.kind === 'child' || report.concerns !== 'adult'
            ? [
                { key: t('people.labels.school'), value: text(subject.school) },
                { key: t('people.labels.guardians'), value: text(subject.guardians) },
              ]
            : []),
          {
            key: t('people.labels.interpreterNeeded'),
            value: subject.interpreterNeeded ? `${t('answer.yes')}: ${subject.interpreterLanguage ?? ''}` : t('answer.no'),
          },
        ].map((row) => ({ ...row, change: change('people', `${row.key} (${title})`) }))
        return (
          <section key={index} aria-labelledby={`person-${index}`}>
            <h2 className="heading-m" id={`person-${index}`}>
              {title}
            </h2>
            <SummaryList rows={rows} />
          </section>
        )
      })}
      <h2 className="heading-m">{t('check.concernTitle')}</h2>
      <SummaryList rows={concernRows} />
      <h2 className="heading-m">{t('check.safetyTitle')}</h2>
      <SummaryList rows={safetyRows} />
      <h2 className="heading-m">{t('check.reporterTitle')}</h2>
      <SummaryList rows={reporterRows} />
    </>
  )
}
