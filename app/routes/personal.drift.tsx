import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { StaffTime } from '~/components/staff-time'
import { useStaffCsrf } from '~/components/staff-csrf'
import { SummaryList } from '~/components/summary-list'
import { Table } from '~/components/table-section'
import { configurationProblems } from '~/server/coverage-check.server'
import { administeredJours } from '~/server/jour-settings.server'
import { isUuid } from '~/domain/strict-params'
import { outOfScope } from '~/server/audit.server'
import { operationsOverview, resendDeadLetter } from '~/server/operations.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'

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

/** Where the page says what became of a resend: `?omskickat=ja` sent again, `?omskickat=redan` already sent or gone. */
const RESENT = 'omskickat'

/** Sends one dead letter again (operations.server.ts: once, audit-logged), then shows the page again (post-redirect-get). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { staff, formData } = await requireStaffPost(request, context, ['admin'])
  const deadLetterId = formData.get('deadLetter')
  if (!isUuid(deadLetterId)) throw data({ status: 'bad-request' }, { status: 400 })
  const outcome = await resendDeadLetter(context.db, context.jobs, { staffId: staff.id, municipalityCodes: staff.municipalityCodes, deadLetterId, at: context.now() })
  if (outcome === 'outOfScope') throw await outOfScope(context, request, { staffId: staff.id, kind: 'deadLetter', id: deadLetterId })
  return redirect(`/personal/drift?${RESENT}=${outcome === 'resent' ? 'ja' : 'redan'}#dead-letters`, 303)
}

export default function Operations() {
  const { t } = useTranslation('staff')
  const { onCall, queues, deadLetters, problems } = useLoaderData<typeof loader>()
  const csrf = useStaffCsrf()
  const [searchParams] = useSearchParams()
  const resent = searchParams.get(RESENT)
  // A second click while the first is on its way is not sent (the server would find nothing to move anyway).
  const sending = useNavigation().state === 'submitting'
  return (
    <>
      <h1 className="heading-l">{t('operations.title')}</h1>
      {resent === 'ja' || resent === 'redan' ? (
        <div className="inset" role="status">
          <p className="body">{t(resent === 'ja' ? 'operations.resent' : 'operations.alreadyResent')}</p>
        </div>
      ) : null}
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

      <h2 className="heading-m" id="dead-letters">
        {t('operations.deadLettersTitle')}
      </h2>
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
              <th scope="col">
                <span className="visually-hidden">{t('operations.resendColumn')}</span>
              </th>
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
                <td>
                  {job.resendable ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="csrf" value={csrf} />
                      <input type="hidden" name="deadLetter" value={job.id} />
                      <button type="submit" className="button button--secondary button--small" disabled={sending}>
                        {t('operations.resend')}
                        <span className="visually-hidden">
                          {': '}
                          {job.kind ? t(`operations.kinds.${job.kind}`) : job.queue}, <StaffTime value={job.createdOn} />
                        </span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  )
}
