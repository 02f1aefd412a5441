import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { StaffTime } from '~/components/staff-time'
import { SummaryList } from '~/components/summary-list'
import { Table } from '~/components/table-section'
import { configurationProblems } from '~/server/coverage-check.server'
import { administeredJours } from '~/server/jour-settings.server'
import { operationsOverview } from '~/server/operations.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:operations.title' }

/** For administrators: who is on call in their jours, and whether pages and e-mails get out. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const jours = await administeredJours(context.db, staff.municipalityCodes)
  const [overview, problems] = await Promise.all([
    operationsOverview(context.db, context.jobs, staff.municipalityCodes, context.now()),
    configurationProblems(context.db, { jourIds: jours.map((jour) => jour.id), municipalityCodes: staff.municipalityCodes }),
  ])
  // Only the jours this administrator keeps (administeredJours) link to their settings.
  const kept = new Set(jours.map((jour) => jour.id))
  return { ...overview, onCall: overview.onCall.map((jour) => ({ ...jour, editable: kept.has(jour.id) })), problems }
}

export default function Operations() {
  const { t } = useTranslation('staff')
  const { onCall, queues, deadLetters, problems } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('operations.title')}</h1>
      {problems.length > 0 ? (
        <div className="inset">
          <h2 className="heading-m">{t('operations.problemsTitle')}</h2>
          <ul className="list list--bullet">
            {problems.map((problem) => (
              <li key={`${problem.kind}-${'jourId' in problem ? problem.jourId : problem.municipalityCode}`}>
                <Link to={'jourId' in problem ? `/personal/jourer/${problem.jourId}` : `/personal/kommuner/${problem.municipalityCode}`}>{problem.name}</Link>
                {': '}
                {t(`operations.problems.${problem.kind}`)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2 className="heading-m">{t('operations.onCallTitle')}</h2>
      {onCall.length === 0 ? <p className="body">{t('operations.noJours')}</p> : null}
      {onCall.map((jour) => (
        <section key={jour.id} aria-labelledby={`jour-${jour.id}`}>
          <h3 className="heading-s" id={`jour-${jour.id}`}>
            {jour.name}
          </h3>
          <SummaryList
            rows={[
              ...(['primary', 'backup'] as const).map((role) => {
                const person = jour[role]
                return {
                  key: t(`report.pageRoles.${role}`),
                  value: person ? (
                    <>
                      <bdi>{person.name}</bdi>, <bdi>{person.email}</bdi>
                      {person.smsEmail ? (
                        <>
                          {' '}
                          ({t('report.pageChannels.sms')}: <bdi>{person.smsEmail}</bdi>)
                        </>
                      ) : null}
                    </>
                  ) : (
                    t('operations.nobody')
                  ),
                }
              }),
              { key: t('report.pageRoles.shared'), value: jour.sharedEmail ?? t('operations.nobody') },
              { key: t('report.pageRoles.manager'), value: jour.managerEmail ?? t('operations.nobody') },
              {
                key: t('operations.escalation'),
                value: t('operations.escalationValue', { backup: jour.backupAfterMinutes, everyone: jour.everyoneAfterMinutes, repeat: jour.repeatMinutes }),
              },
            ]}
          />
          {jour.editable ? (
            <p className="body">
              <Link to={`/personal/jourer/${jour.id}`}>{t('jourSettings.edit', { jour: jour.name })}</Link>
            </p>
          ) : null}
        </section>
      ))}

      <h2 className="heading-m">{t('operations.queuesTitle')}</h2>
      <Table caption={t('operations.queuesTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('operations.queue')}</th>
            <th scope="col">{t('operations.queued')}</th>
            <th scope="col">{t('operations.deferred')}</th>
            <th scope="col">{t('operations.active')}</th>
            <th scope="col">{t('operations.failed')}</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <tr key={queue.name}>
              <td>{t(`operations.queues.${queue.name}`)}</td>
              <td>{queue.queued}</td>
              <td>{queue.deferred}</td>
              <td>{queue.active}</td>
              <td>{queue.failed}</td>
            </tr>
          ))}
        </tbody>
      </Table>

      <h2 className="heading-m">{t('operations.deadLettersTitle')}</h2>
      <p className="body">{t('operations.deadLettersIntro')}</p>
      {deadLetters.length === 0 ? (
        <p className="body">{t('operations.noDeadLetters')}</p>
      ) : (
        <Table caption={t('operations.deadLettersTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('operations.created')}</th>
              <th scope="col">{t('operations.kind')}</th>
              <th scope="col">{t('operations.attempts')}</th>
              <th scope="col">{t('operations.error')}</th>
            </tr>
          </thead>
          <tbody>
            {deadLetters.map((job) => (
              <tr key={job.id}>
                <td>
                  <StaffTime value={job.createdOn} />
                </td>
                <td>{job.kind ? t(`operations.kinds.${job.kind}`) : job.queue}</td>
                <td>{job.attempts}</td>
                <td>{job.error}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  )
}
