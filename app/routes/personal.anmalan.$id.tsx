import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CaseworkForm } from '~/components/casework-form'
import { ErrorSummary } from '~/components/error-summary'
import { Radios, Select, TextArea, TextInput } from '~/components/fields'
import { ReportDetails } from '~/components/report-details'
import { StaffTime } from '~/components/staff-time'
import { summaryErrors } from '~/components/step-form'
import { SummaryList } from '~/components/summary-list'
import { useStaffCsrf } from '~/components/staff-csrf'
import {
  acknowledgeSchema,
  assignSchema,
  DECISIONS,
  decisionSchema,
  handoverSchema,
  JOUR_ACTIONS,
  jourActionSchema,
  jourActionTime,
  protectionAssessmentSchema,
  transferSchema,
} from '~/domain/casework'
import { formatReference } from '~/domain/reference'
import { outOfScope } from '~/server/audit.server'
import { findInScope, recordCasework, type CaseworkAct } from '~/server/casework.server'
import { listMunicipalities } from '~/server/municipalities.server'
import { activePreNoticesAbout } from '~/server/pre-notices.server'
import { readReportForStaff, reportsAboutSamePeople, sealText } from '~/server/staff-report.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors', 'report'], titleKey: 'staff:report.pageTitle' }

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { staff, scope } = await requireStaff(request, context)
  const report = await readReportForStaff(context, request, { scope, staffId: staff.id, reportId: params.id ?? '', action: 'report.view' })
  const numbers = report.subjects.map((subject) => subject.personalIdentityNumber).filter((number): number is string => Boolean(number))
  const [municipalities, earlier, preNotices] = await Promise.all([
    listMunicipalities(context.db),
    reportsAboutSamePeople(context, scope, report),
    activePreNoticesAbout(context.db, context.cipher, scope, numbers, { staffId: staff.id, reportId: report.id, now: context.now() }),
  ])
  return {
    report,
    preNotices,
    earlier: earlier.map((row) => ({ ...row, reference: formatReference(row.reference) })),
    now: context.now().toISOString(),
    canAct: staff.role === 'intake',
    isJour: staff.role === 'jour',
    isAssignedToMe: report.assigned_to === staff.id,
    transferTargets: municipalities.filter((municipality) => municipality.code !== report.municipality_code),
  }
}

/** Marks where a sentence puts a person's name, so the name can be set apart from it. */
const PERSON = '\uE000'

const INTAKE_INTENTS = ['assign', 'protectionAssessment', 'decision', 'transfer']
const JOUR_INTENTS = ['acknowledge', 'jourAction', 'handover']

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { staff, scope, formData } = await requireStaffPost(request, context, ['intake', 'jour'])
  const reportId = params.id ?? ''
  const intent = String(formData.get('intent') ?? '')
  // The intake unit decides; the jour acknowledges, acts and hands over. Another role's act does not exist here.
  if (!(staff.role === 'jour' ? JOUR_INTENTS : INTAKE_INTENTS).includes(intent)) throw await outOfScope(context, request, { staffId: staff.id, kind: 'report', id: reportId })
  // Out of scope is "not found" before anything else, so no validation message can hint at the report.
  const current = await findInScope(context.db, scope, reportId)
  if (!current) throw await outOfScope(context, request, { staffId: staff.id, kind: 'report', id: reportId })
  const municipalities = await listMunicipalities(context.db)
  const schema =
    intent === 'protectionAssessment'
      ? protectionAssessmentSchema
      : intent === 'decision'
        ? decisionSchema
        : intent === 'transfer'
          ? transferSchema(current.municipality_code, municipalities.map((municipality) => municipality.code))
          : intent === 'acknowledge'
            ? acknowledgeSchema
            : intent === 'jourAction'
              ? jourActionSchema
              : intent === 'handover'
                ? handoverSchema
                : assignSchema
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') return data({ intent, reply: submission.reply() }, { status: 400 })
  const value = submission.value
  const now = context.now()
  const performedAt = value.intent === 'jourAction' ? jourActionTime(value.time, current.received_at, now) : now
  if (!performedAt) return data({ intent, reply: submission.reply({ fieldErrors: { time: ['casework.jourAction.outsideReport'] } }) }, { status: 400 })
  const act: CaseworkAct = ((): CaseworkAct => {
    switch (value.intent) {
      case 'protectionAssessment':
        return { kind: 'protectionAssessment', protectionNeeded: value.protectionNeeded === 'yes', note: value.note ?? null }
      case 'decision':
        return { kind: 'decision', decision: value.decision, reason: value.reason }
      case 'transfer':
        return { kind: 'transfer', toMunicipality: value.municipality, reason: value.reason }
      case 'jourAction':
        return { kind: 'jourAction', action: value.action, performedAt, minutes: value.minutes ?? null, note: value.note ?? null }
      case 'handover':
        return { kind: 'handover', note: value.note }
      case 'acknowledge':
        return { kind: 'acknowledge' }
      case 'assign':
        return { kind: 'assign' }
    }
  })()
  const done = await recordCasework(context.db, context.jobs, { scope, staffId: staff.id, reportId, act, now, seal: sealText(context.cipher) })
  if (!done) throw await outOfScope(context, request, { staffId: staff.id, kind: 'report', id: reportId })
  // After a transfer the report is no longer ours to see, and an acknowledge from the queue goes back to it.
  const backToQueue = act.kind === 'transfer' || formData.get('from') === 'queue'
  return redirect(backToQueue ? '/personal' : `/personal/anmalan/${reportId}`, 303)
}

export default function StaffReport() {
  const { t } = useTranslation('staff')
  const { report, preNotices, earlier, canAct, isJour, isAssignedToMe, transferTargets } = useLoaderData<typeof loader>()
  const csrf = useStaffCsrf()
  const result = useActionData<typeof action>()
  const lastResult = (intent: string) => (result?.intent === intent ? result.reply : undefined)
  const [protectionForm, protectionFields] = useForm<{ protectionNeeded: string; note: string }>({ id: 'protection', lastResult: lastResult('protectionAssessment') })
  const [decisionForm, decisionFields] = useForm<{ decision: string; reason: string }>({ id: 'decision', lastResult: lastResult('decision') })
  const [transferForm, transferFields] = useForm<{ municipality: string; reason: string }>({ id: 'transfer', lastResult: lastResult('transfer') })
  const [jourActionForm, jourActionFields] = useForm<{ action: string; time: string; minutes: string; note: string }>({ id: 'jourAction', lastResult: lastResult('jourAction') })
  const [handoverForm, handoverFields] = useForm<{ note: string }>({ id: 'handover', lastResult: lastResult('handover') })
  const reference = formatReference(report.reference)
  return (
    <>
      <Link to="/personal" className="back-link no-print">
        {t('report.back')}
      </Link>
      <ErrorSummary
        errors={[
          ...summaryErrors(protectionForm),
          ...summaryErrors(decisionForm),
          ...summaryErrors(transferForm),
          ...summaryErrors(jourActionForm),
          ...summaryErrors(handoverForm),
        ]}
      />
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
            value: report.triage_rules.length > 0 ? report.triage_rules.map((rule) => t(`rules.${rule}`)).join('\n') : t('report.noRules'),
          },
          { key: t('report.rulesetVersion'), value: report.ruleset_version },
          {
            key: t('report.routing'),
            value: `${t(`report.routingValue.${report.destination}`, { jour: report.jourName ?? '' })} – ${t(`report.routingReason.${report.routing_reason}`)}`,
          },
          { key: t('report.status'), value: t(`statuses.${report.status}`) },
          { key: t('report.assigned'), value: report.assignedName ?? t('report.nobody') },
          ...(report.destination === 'jour'
            ? [
                { key: t('report.acknowledged'), value: report.acknowledgedName ?? t('report.notAcknowledged') },
                { key: t('report.handedOver'), value: report.handed_over_at ? t('report.handledByJour') : t('report.notYet') },
              ]
            : []),
          {
            key: t('report.protection'),
            value: report.protection_needed === null ? t('report.notYet') : t(`report.protectionNeeded.${String(report.protection_needed)}`),
          },
          { key: t('report.decision'), value: report.decision ? t(`casework.decisions.${report.decision}`) : t('report.notYet') },
        ]}
      />
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('report.received')}</dt>
          <dd className="summary-list__value">
            <StaffTime value={report.received_at} />
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('report.protectionDue')}</dt>
          <dd className="summary-list__value">
            <StaffTime value={report.protection_assessment_due} />
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('report.decisionDue')}</dt>
          <dd className="summary-list__value">
            <StaffTime value={report.decision_due} />
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
              <Link to={`/personal/anmalan/${other.id}`}>{other.reference}</Link> – <StaffTime value={other.received_at} /> – {t(`levels.${other.level}`)} –{' '}
              {t(`statuses.${other.status}`)}
            </li>
          ))}
        </ul>
      )}
      <ReportDetails report={report} />
      {isJour ? (
        <section className="casework no-print" aria-labelledby="jour-title">
          <h2 className="heading-m" id="jour-title">
            {t('jour.title')}
          </h2>
          {report.acknowledged_at ? (
            <p className="body">{t('jour.acknowledgedBy', { name: report.acknowledgedName ?? '' })}</p>
          ) : (
            <CaseworkForm csrf={csrf} intent="acknowledge" submitLabel={t('jour.acknowledge')} buttonClass="button" />
          )}
          <CaseworkForm id={jourActionForm.id} csrf={csrf} intent="jourAction" submitLabel={t('jour.recordAction')} buttonClass="button button--secondary">
            <Select
              field={jourActionFields.action}
              label={t('jour.action')}
              placeholder={t('casework.choose')}
              options={JOUR_ACTIONS.map((action) => ({ value: action, label: t(`jour.actions.${action}`) }))}
            />
            <TextInput field={jourActionFields.time} label={t('jour.time')} hint={t('jour.timeHint')} width="short" inputMode="numeric" />
            <TextInput field={jourActionFields.minutes} label={t('jour.minutes')} hint={t('jour.minutesHint')} width="short" inputMode="numeric" />
            <TextArea field={jourActionFields.note} label={t('casework.note')} rows={3} />
          </CaseworkForm>
          {report.handed_over_at ? null : (
            <CaseworkForm id={handoverForm.id} csrf={csrf} intent="handover" submitLabel={t('jour.handover')} buttonClass="button">
              <TextArea field={handoverFields.note} label={t('jour.handoverNote')} rows={4} />
            </CaseworkForm>
          )}
        </section>
      ) : null}
      {canAct ? (
        <section className="casework no-print" aria-labelledby="casework-title">
          <h2 className="heading-m" id="casework-title">
            {t('casework.title')}
          </h2>
          {isAssignedToMe ? (
            <p className="body">{t('casework.assigned')}</p>
          ) : (
            <CaseworkForm csrf={csrf} intent="assign" submitLabel={t('casework.assign')} buttonClass="button button--secondary" />
          )}
          <CaseworkForm id={protectionForm.id} csrf={csrf} intent="protectionAssessment" submitLabel={t('casework.recordProtection')} buttonClass="button">
            <Radios
              field={protectionFields.protectionNeeded}
              legend={t('casework.protectionLegend')}
              inline
              choices={[
                { value: 'yes', label: t('report:answer.yes') },
                { value: 'no', label: t('report:answer.no') },
              ]}
            />
            <TextArea field={protectionFields.note} label={t('casework.note')} rows={3} />
          </CaseworkForm>
          <CaseworkForm id={decisionForm.id} csrf={csrf} intent="decision" submitLabel={t('casework.recordDecision')} buttonClass="button">
            <Radios
              field={decisionFields.decision}
              legend={t('casework.decisionLegend')}
              choices={DECISIONS.map((decision) => ({ value: decision, label: t(`casework.decisions.${decision}`) }))}
            />
            <TextArea field={decisionFields.reason} label={t('casework.reason')} rows={4} />
          </CaseworkForm>
          <h3 className="heading-s">{t('casework.transferTitle')}</h3>
          <p className="body">{t('casework.transferHint')}</p>
          <CaseworkForm id={transferForm.id} csrf={csrf} intent="transfer" submitLabel={t('casework.transfer')} buttonClass="button button--warning">
            <Select
              field={transferFields.municipality}
              label={t('casework.transferTo')}
              placeholder={t('casework.choose')}
              options={transferTargets.map((municipality) => ({ value: municipality.code, label: municipality.name }))}
            />
            <TextArea field={transferFields.reason} label={t('casework.transferReason')} rows={3} />
          </CaseworkForm>
        </section>
      ) : null}
    </>
  )
}
