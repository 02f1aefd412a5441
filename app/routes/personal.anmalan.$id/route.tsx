import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary } from '~/components/error-summary'
import { ReportDetails } from '~/components/report-details'
import { StaffTime } from '~/components/staff-time'
import { SummaryList } from '~/components/summary-list'
import { useStaffCsrf } from '~/components/staff-csrf'
import { CASEWORK_INTENTS, caseworkSchema, jourActionTime } from '~/domain/casework'
import { formatReference } from '~/domain/reference'
import { outOfScope } from '~/server/audit.server'
import { findInScope, recordCasework, type CaseworkAct } from '~/server/casework.server'
import { MANY_WRONG_CODES } from '~/domain/follow-up'
import { askReporter, closeFollowUp, followUpForStaff } from '~/server/follow-up-messages.server'
import { wrongCodes } from '~/server/follow-up.server'
import { listMunicipalities } from '~/server/municipalities.server'
import { activePreNoticesAbout } from '~/server/pre-notices.server'
import { readReportForStaff, reportsAboutSamePeople, sealText } from '~/server/staff-report.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'
import { IntakePanel, useIntakeForms } from './intake-panel'
import { JourPanel, useJourForms } from './jour-panel'
import { FOLLOW_UP_INTENTS, FollowUpPanel, reporterQuestionSchema, useFollowUpForms } from './follow-up-panel'

export const handle = { i18n: ['common', 'staff', 'errors', 'report'], titleKey: 'staff:report.pageTitle' }

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { staff, scope } = await requireStaff(request, context)
  const report = await readReportForStaff(context, request, { scope, staffId: staff.id, reportId: params.id ?? '', action: 'report.view' })
  const numbers = report.subjects.map((subject) => subject.personalIdentityNumber).filter((number): number is string => Boolean(number))
  const [municipalities, earlier, preNotices, followUp, wrong] = await Promise.all([
    listMunicipalities(context.db),
    reportsAboutSamePeople(context, scope, report),
    activePreNoticesAbout(context.db, context.cipher, scope, numbers, { staffId: staff.id, reportId: report.id, now: context.now() }),
    followUpForStaff(context.db, context.cipher, report.id),
    wrongCodes(context.db, report.reference, context.now()),
  ])
  return {
    report,
    preNotices,
    earlier: earlier.map((row) => ({ ...row, reference: formatReference(row.reference) })),
    canAct: staff.role === 'intake',
    isJour: staff.role === 'jour',
    transferTargets: municipalities.filter((municipality) => municipality.code !== report.municipalityCode),
    followUp: {
      ...followUp,
      wrongCodes: wrong,
      manyWrongCodes: wrong.count >= MANY_WRONG_CODES,
      // The intake unit asks on any report it sees; the jour only while it holds the report.
      canAsk: staff.role === 'intake' || (staff.role === 'jour' && !report.handedOverAt),
      canClose: staff.role === 'intake',
    },
  }
}

/** Marks where a sentence puts a person's name, so the name can be set apart from it. */
const PERSON = '\uE000'

/** A form refused: its errors for the form, and `status: 'error'` so the page title starts with "Fel: " (root.tsx). */
function refused(intent: string, reply: SubmissionResult<string[]>) {
  return data({ intent, reply, status: 'error' as const }, { status: 400 })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { staff, scope, formData } = await requireStaffPost(request, context, ['intake', 'jour'])
  const reportId = params.id ?? ''
  const intent = String(formData.get('intent') ?? '')
  const notFound = () => outOfScope(context, request, { staffId: staff.id, kind: 'report', id: reportId })
  if ((FOLLOW_UP_INTENTS as readonly string[]).includes(intent)) {
    if (intent === 'closeFollowUp') {
      if (staff.role !== 'intake' || !(await closeFollowUp(context.db, { scope, staffId: staff.id, reportId, now: context.now() }))) throw await notFound()
      return redirect(`/personal/anmalan/${reportId}`, 303)
    }
    if (!(await findInScope(context.db, scope, reportId))) throw await notFound()
    const submission = parseWithZod(formData, { schema: reporterQuestionSchema })
    if (submission.status !== 'success') return refused(intent, submission.reply())
    const asked = await askReporter(context.db, context.cipher, context.jobs, { scope, staffId: staff.id, reportId, question: submission.value.question, now: context.now() })
    if (asked === 'notFound') throw await notFound()
    if (asked === 'ended') return refused(intent, submission.reply({ formErrors: ['staff:followUp.cannotAsk'], fieldErrors: { question: ['staff:followUp.cannotAsk'] } }))
    return redirect(`/personal/anmalan/${reportId}`, 303)
  }
  // The intake unit assesses; the jour acknowledges, acts and hands over. Another role's act does not exist here.
  const intents: readonly string[] = CASEWORK_INTENTS[staff.role === 'jour' ? 'jour' : 'intake']
  if (!intents.includes(intent)) throw await notFound()
  // Out of scope is "not found" before anything else, so no validation message can hint at the report.
  const current = await findInScope(context.db, scope, reportId)
  if (!current) throw await notFound()
  const municipalities = await listMunicipalities(context.db)
  const schema = caseworkSchema(
    current.municipality_code,
    municipalities.map((municipality) => municipality.code),
  )
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') return refused(intent, submission.reply())
  const value = submission.value
  const now = context.now()
  let act: CaseworkAct
  switch (value.intent) {
    case 'assign':
      act = { kind: 'assign' }
      break
    case 'protectionAssessment':
      act = { kind: 'protectionAssessment', protectionNeeded: value.protectionNeeded === 'yes', note: value.note ?? null }
      break
    case 'initialAssessment':
      act = { kind: 'initialAssessment', initialAssessment: value.initialAssessment, reason: value.reason }
      break
    case 'transfer':
      act = { kind: 'transfer', toMunicipality: value.municipality, reason: value.reason }
      break
    case 'acknowledge':
      act = { kind: 'acknowledge' }
      break
    case 'jourAction': {
      const performedAt = jourActionTime(value.time, current.received_at, now)
      if (!performedAt) return refused(intent, submission.reply({ fieldErrors: { time: ['casework.jourAction.outsideReport'] } }))
      act = { kind: 'jourAction', action: value.action, performedAt, minutes: value.minutes ?? null, note: value.note ?? null }
      break
    }
    case 'handover':
      act = { kind: 'handover', note: value.note }
      break
    default: {
      const unhandled: never = value
      throw new Error(`an intent without an act: ${(unhandled as { intent: string }).intent}`)
    }
  }
  const done = await recordCasework(context.db, context.jobs, { scope, staffId: staff.id, reportId, act, now, seal: sealText(context.cipher) })
  if (!done) throw await notFound()
  // After a transfer the report is no longer ours to see, and an acknowledge from the queue goes back to it.
  const backToQueue = act.kind === 'transfer' || formData.get('from') === 'queue'
  return redirect(backToQueue ? '/personal' : `/personal/anmalan/${reportId}`, 303)
}

export default function StaffReport() {
  const { t } = useTranslation('staff')
  const { report, preNotices, earlier, canAct, isJour, transferTargets, followUp } = useLoaderData<typeof loader>()
  const csrf = useStaffCsrf()
  const result = useActionData<typeof action>()
  const lastResult = (intent: string) => (result?.intent === intent ? result.reply : undefined)
  const intakeForms = useIntakeForms(lastResult)
  const jourForms = useJourForms(lastResult)
  const followUpForms = useFollowUpForms(lastResult)
  const reference = formatReference(report.reference)
  return (
    <>
      <Link to="/personal" className="back-link no-print">
        {t('report.back')}
      </Link>
      <ErrorSummary errors={[...intakeForms.errors, ...jourForms.errors, ...followUpForms.errors]} />
      <h1 className="heading-l">{t('report.title', { reference })}</h1>
      {preNotices.map((notice) => (
        <section key={notice.id} className="emergency pre-notice" aria-labelledby={`pre-notice-${notice.id}`}>
          <h2 className="emergency__title" id={`pre-notice-${notice.id}`}>
            {/* The person sits in <bdi> wherever the sentence puts them, so a right-to-left override cannot reorder the heading. */}
            {t('preNotice.onReport', { person: PERSON })
              .split(PERSON)
              .flatMap((part, index) => (index === 0 ? [part] : [<bdi key={index}>{notice.personName ?? notice.personalIdentityNumber}</bdi>, part]))}
          </h2>
          <p className="body">
            <strong>{t('preNotice.plan')}:</strong> <bdi>{notice.plan}</bdi>
          </p>
          <p className="body">
            <strong>{t('preNotice.background')}:</strong> <bdi>{notice.background}</bdi>
          </p>
          <p className="body">
            <strong>{t('preNotice.contact')}:</strong> <bdi>{notice.contact}</bdi>
          </p>
          <Link to={`/personal/foranmalningar/${notice.id}`}>{t('preNotice.open')}</Link>
        </section>
      ))}
      <p className="body no-print">
        <Link to={`/personal/anmalan/${report.id}/utskrift`}>{t('report.print')}</Link>
      </p>
      <h2 className="heading-m">{t('report.case')}</h2>
      <SummaryList
        rows={[
          { key: t('report.municipality'), value: report.municipalityName },
          { key: t('report.level'), value: t(`levels.${report.level}`) },
          {
            key: t('report.rules'),
            value: report.triageRules.length > 0 ? report.triageRules.map((rule) => t(`rules.${rule}`)).join('\n') : t('report.noRules'),
          },
          { key: t('report.rulesetVersion'), value: report.rulesetVersion },
          {
            key: t('report.routing'),
            value: `${t(`report.routingValue.${report.destination}`, { jour: report.jourName ?? '' })} – ${t(`report.routingReason.${report.routingReason}`)}`,
          },
          { key: t('report.status'), value: t(`statuses.${report.status}`) },
          { key: t('report.assigned'), value: report.assignedName ?? t('report.nobody') },
          ...(report.destination === 'jour'
            ? [
                { key: t('report.acknowledged'), value: report.acknowledgedName ?? t('report.notAcknowledged') },
                { key: t('report.handedOver'), value: report.handedOverAt ? t('report.handledByJour') : t('report.notYet') },
              ]
            : []),
          {
            key: t('report.protection'),
            value: report.protectionNeeded === null ? t('report.notYet') : t(`report.protectionNeeded.${String(report.protectionNeeded)}`),
          },
          {
            key: t('report.initialAssessment'),
            value: report.initialAssessment ? t(`casework.initialAssessments.${report.initialAssessment}`) : t('report.notYet'),
          },
          // The case system's registration through the export API (issue 16).
          ...(report.registration
            ? [
                { key: t('apiClients.registration.diaryNumber'), value: <bdi>{report.registration.diaryNumber}</bdi> },
                { key: t('apiClients.registration.caseId'), value: <bdi>{report.registration.caseId}</bdi> },
                {
                  key: t('apiClients.registration.registeredAt'),
                  value: (
                    <>
                      <StaffTime value={report.registration.registeredAt} />
                      {report.registration.clientName ? (
                        <>
                          {' '}
                          (<bdi>{report.registration.clientName}</bdi>)
                        </>
                      ) : null}
                    </>
                  ),
                },
              ]
            : report.status === 'decided'
              ? [{ key: t('apiClients.registration.title'), value: t('apiClients.registration.notYet') }]
              : []),
        ]}
      />
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('report.received')}</dt>
          <dd className="summary-list__value">
            <StaffTime value={report.receivedAt} />
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('report.protectionDue')}</dt>
          <dd className="summary-list__value">
            <StaffTime value={report.protectionAssessmentDue} />
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('report.initialAssessmentDue')}</dt>
          <dd className="summary-list__value">
            <StaffTime value={report.initialAssessmentDue} />
          </dd>
        </div>
      </dl>
      <h2 className="heading-m">{t('report.earlier')}</h2>
      {earlier.length === 0 ? (
        <p className="body">{t('report.noEarlier')}</p>
      ) : (
        <ul className="list earlier-reports">
          {earlier.map((other) => (
            <li key={other.id}>
              <Link to={`/personal/anmalan/${other.id}`}>{other.reference}</Link> – <StaffTime value={other.receivedAt} /> – {t(`levels.${other.level}`)} –{' '}
              {t(`statuses.${other.status}`)}
            </li>
          ))}
        </ul>
      )}
      <ReportDetails report={report} />
      {isJour ? (
        <JourPanel
          csrf={csrf}
          forms={jourForms}
          acknowledged={Boolean(report.acknowledgedAt)}
          acknowledgedName={report.acknowledgedName}
          handedOver={Boolean(report.handedOverAt)}
        />
      ) : null}
      <FollowUpPanel csrf={csrf} data={followUp} forms={followUpForms} />
      {canAct ? <IntakePanel csrf={csrf} forms={intakeForms} assignedToReader={report.assignedToReader} transferTargets={transferTargets} /> : null}
    </>
  )
}
