import { useTranslation } from 'react-i18next'
import type { StaffReportView } from '~/server/staff-report.server'
import { StaffTime } from './staff-time'
import { SummaryList, type SummaryRow } from './summary-list'

/** A loader's view of a report, as the page receives it (dates may arrive as strings). */
export type ReportDetailsView = Pick<StaffReportView, 'subjects' | 'categories' | 'description' | 'safetyAnswers' | 'reporter'> & {
  events: Array<Omit<StaffReportView['events'][number], 'at'> & { at: string | Date }>
}

/**
 * Every answer of a report and its timeline, for the report page and the print view.
 * Free text is rendered as text, never as HTML: whatever a reporter typed stays inert.
 * What people typed sits in <bdi>, so a right-to-left override (U+202E) in it cannot
 * reorder the rest of the page.
 */
export function ReportDetails({ report }: { report: ReportDetailsView }) {
  const { t } = useTranslation('staff')
  const { t: tr } = useTranslation('report')
  const given = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? tr('check.notGiven') : <bdi>{value}</bdi>)
  const { reporter } = report
  const reporterRows: SummaryRow[] = [
    { key: tr('check.reporterKind'), value: tr(`reporterKind.${reporter.kind}`) },
    ...(reporter.anonymous
      ? [{ key: tr('check.identity'), value: t('report.anonymous') }]
      : [
          { key: tr('reporterDetails.name'), value: given(reporter.name) },
          { key: tr('reporterDetails.phone'), value: given(reporter.phone) },
          { key: tr('reporterDetails.email'), value: given(reporter.email) },
        ]),
    ...(reporter.kind === 'professional'
      ? [
          { key: tr('reporterDetails.organisationType'), value: reporter.organisationType ? tr(`organisationTypes.${reporter.organisationType}`) : given(null) },
          { key: tr('reporterDetails.organisationName'), value: given(reporter.organisationName) },
          { key: tr('reporterDetails.role'), value: given(reporter.role) },
          {
            key: tr('reporterDetails.guardiansInformed'),
            value:
              reporter.guardiansInformed === 'no' ? (
                <>
                  {tr('answer.no')}: <bdi>{reporter.guardiansNotInformedReason ?? ''}</bdi>
                </>
              ) : reporter.guardiansInformed === 'yes' ? (
                tr('answer.yes')
              ) : (
                tr('reporterDetails.guardiansNotApplicable')
              ),
          },
        ]
      : []),
    ...(reporter.kind === 'private' ? [{ key: tr('reporterDetails.relation'), value: given(reporter.relation) }] : []),
    {
      key: t('report.language.label'),
      value:
        reporter.language === 'sv'
          ? t('report.language.names.sv')
          : `${t(`report.language.names.${reporter.language}`)}: ${t(reporter.language === 'sv-x-lattlast' ? 'report.language.easySwedish' : 'report.language.interpreter')}`,
    },
  ]
  return (
    <>
      <h2 className="heading-m">{t('report.people')}</h2>
      {report.subjects.map((subject, index) => (
        <section key={index} aria-label={`${t('report.people')} ${index + 1}`}>
          <h3 className="heading-s">
            {subject.name ? <bdi>{subject.name}</bdi> : tr(subject.kind === 'child' ? 'people.childLegend' : 'people.legend.adult', { number: index + 1 })}
          </h3>
          <SummaryList
            rows={[
              { key: tr('people.labels.personalIdentityNumber'), value: given(subject.personalIdentityNumber) },
              { key: tr('people.labels.birthDate'), value: given(subject.birthDate) },
              { key: tr('people.labels.approximateAge'), value: given(subject.approximateAge) },
              { key: tr('people.labels.whereabouts'), value: given(subject.whereabouts) },
              { key: tr('people.labels.school'), value: given(subject.school) },
              { key: tr('people.labels.guardians'), value: given(subject.guardians) },
              {
                key: tr('people.labels.interpreterNeeded'),
                value: subject.interpreterNeeded ? (
                  <>
                    {tr('answer.yes')}: <bdi>{subject.interpreterLanguage ?? ''}</bdi>
                  </>
                ) : (
                  tr('answer.no')
                ),
              },
            ]}
          />
        </section>
      ))}
      <h2 className="heading-m">{t('report.concern')}</h2>
      <SummaryList
        rows={[
          { key: tr('check.categories'), value: report.categories.map((category) => tr(`categories.${category}`)).join('\n') },
          { key: tr('check.description'), value: <bdi>{report.description}</bdi> },
        ]}
      />
      <h2 className="heading-m">{t('report.safety')}</h2>
      <SummaryList rows={Object.entries(report.safetyAnswers).map(([id, answer]) => ({ key: tr(`safety.questions.${id}`), value: tr(`answer.${answer}`) }))} />
      <h2 className="heading-m">{t('report.reporter')}</h2>
      <SummaryList rows={reporterRows} />
      <h2 className="heading-m">{t('report.timeline')}</h2>
      <ol className="timeline">
        {report.events.map((event) => (
          <li key={event.id}>
            <StaffTime value={event.at} /> –{' '}
            {t(`report.events.${event.kind}`, {
              name: event.staffName ?? '',
              minutes: String(event.details.afterMinutes ?? ''),
              role: typeof event.details.role === 'string' ? t(`report.pageRoles.${event.details.role}`) : '',
            })}
            {event.kind === 'pageSent' && event.details.channel === 'sms' ? ` (${t('report.pageChannels.sms')})` : null}
            {event.kind === 'routed' ? `: ${t(`report.routingReason.${String(event.details.reason)}`)}` : null}
            {event.kind === 'protectionAssessment' ? `: ${t(`report.protectionNeeded.${String(event.details.protectionNeeded)}`)}` : null}
            {/* The initial assessment's event, stored as 'decision'. */}
            {event.kind === 'decision' ? `: ${t(`casework.initialAssessments.${String(event.details.decision)}`)}` : null}
            {event.kind === 'jourAction' ? (
              <>
                : {t(`jour.actions.${String(event.details.action)}`)}
                {typeof event.details.performedAt === 'string' ? (
                  <>
                    {' '}
                    ({t('jour.performedAt')} <StaffTime value={event.details.performedAt} />)
                  </>
                ) : null}
                {typeof event.details.minutes === 'string' ? ` ${t('jour.minutesSpent', { count: Number(event.details.minutes) })}` : null}
              </>
            ) : null}
            {event.kind === 'registered' ? (
              <>
                {typeof event.details.clientName === 'string' ? (
                  <>
                    {' '}
                    (<bdi>{event.details.clientName}</bdi>)
                  </>
                ) : null}
                : {t('apiClients.registration.diaryNumber')} <bdi>{String(event.details.diaryNumber ?? '')}</bdi>, {t('apiClients.registration.caseId')}{' '}
                <bdi>{String(event.details.caseId ?? '')}</bdi>
              </>
            ) : null}
            {typeof event.details.note === 'string' ? (
              <p className="timeline__text" dir="auto">
                {event.details.note}
              </p>
            ) : null}
            {typeof event.details.reason === 'string' && event.kind !== 'routed' ? (
              <p className="timeline__text" dir="auto">
                {event.details.reason}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  )
}
