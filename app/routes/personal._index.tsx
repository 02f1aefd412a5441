import type { LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { JourQueue, type JourQueueRow } from '~/components/jour-queue'
import { LevelWithRules } from '~/components/level-with-rules'
import { RelativeTime, StaffTime } from '~/components/staff-time'
import { Table } from '~/components/table-section'
import { useStaffCsrf } from '~/components/staff-csrf'
import { CONTACT_PROMISE_MINUTES, isOverdue, minutesSince, pastContactPromise } from '~/domain/deadlines'
import { formatReference } from '~/domain/reference'
import { LEVELS, type Level } from '~/domain/triage'
import { audit } from '~/server/audit.server'
import { listJourQueue } from '~/server/jour-queue.server'
import { decodeCursor, listQueue, QUEUE_STATUSES, type QueueStatus } from '~/server/intake-queue.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:queue.title' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff, scope } = await requireStaff(request, context)
  if (staff.role === 'auditor') throw redirect('/personal/granskning', 303)
  // Administrators read no reports; their start page is the operations overview.
  if (staff.role === 'admin') throw redirect('/personal/drift', 303)
  const now = context.now()
  if (scope.role === 'jour') {
    const rows = await listJourQueue(context.db, scope)
    await audit(context.db, { staffId: staff.id, action: 'queue.list', details: { jour: scope.jourId, shown: rows.length }, at: now })
    return { ...emptyIntakeQueue, role: staff.role, now: now.toISOString(), promiseMinutes: CONTACT_PROMISE_MINUTES, jourRows: rows.map((row) => jourRow(row, now)) }
  }
  const params = new URL(request.url).searchParams
  const status = (QUEUE_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as QueueStatus) : 'open'
  const level = (LEVELS as readonly string[]).includes(params.get('level') ?? '') ? (params.get('level') as Level) : 'all'
  const after = decodeCursor(params.get('efter'))
  // A cursor the service did not write is a bad address, not the first page.
  if (params.get('efter') && !after) throw data({ status: 'bad-request' }, { status: 400 })
  const { rows, next } = await listQueue(context.db, scope, { status, level, after })
  await audit(context.db, { staffId: staff.id, action: 'queue.list', details: { status, level, shown: rows.length }, at: now })
  return {
    now: now.toISOString(),
    role: staff.role,
    municipalityCount: staff.municipalityCodes.length,
    status,
    level,
    next,
    promiseMinutes: CONTACT_PROMISE_MINUTES,
    jourRows: [] as JourQueueRow[],
    rows: rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      level: row.level,
      rules: row.triage_rules,
      receivedAt: row.received_at.toISOString(),
      status: row.status,
      municipality: row.municipalityName,
      protectionDue: row.protection_assessment_due?.toISOString() ?? null,
      protectionOverdue: isOverdue(row.protection_assessment_due, row.protection_assessed_at, now),
      protectionDone: Boolean(row.protection_assessed_at),
      initialAssessmentDue: row.decision_due?.toISOString() ?? null,
      initialAssessmentOverdue: isOverdue(row.decision_due, row.decided_at, now),
      initialAssessmentDone: Boolean(row.decided_at),
      handedOver: Boolean(row.handed_over_at),
    })),
  }
}

const emptyIntakeQueue = { municipalityCount: 0, status: 'all' as QueueStatus, level: 'all' as const, next: null, rows: [] }

const PAGE_ROLE_ORDER = ['primary', 'backup', 'shared', 'manager'] as const

function jourRow(row: Awaited<ReturnType<typeof listJourQueue>>[number], now: Date): JourQueueRow {
  return {
    id: row.id,
    reference: row.reference,
    level: row.level,
    rules: row.triage_rules,
    municipality: row.municipalityName,
    receivedAt: row.received_at.toISOString(),
    minutesSinceReceived: minutesSince(row.received_at, now),
    late: pastContactPromise({ acknowledgedAt: row.acknowledged_at, handedOverAt: row.handed_over_at, receivedAt: row.received_at }, now),
    acknowledgedBy: row.acknowledgedBy,
    handedOver: Boolean(row.handed_over_at),
    pagedRoles: PAGE_ROLE_ORDER.filter((role) => row.pagedRoles.includes(role)),
  }
}

export default function Queue() {
  const { t } = useTranslation('staff')
  const data = useLoaderData<typeof loader>()
  const csrf = useStaffCsrf()
  const [params] = useSearchParams()
  if (data.role === 'jour') {
    return (
      <>
        <h1 className="heading-l">{t('queue.title')}</h1>
        <p className="body">{t('queue.jourIntro')}</p>
        <JourQueue rows={data.jourRows} promiseMinutes={data.promiseMinutes} csrf={csrf} />
      </>
    )
  }
  const nextParams = new URLSearchParams(params)
  if (data.next) nextParams.set('efter', data.next)
  return (
    <>
      <h1 className="heading-l">{t('queue.title')}</h1>
      <Form method="get" className="filters">
        <fieldset className="fieldset">
          <legend className="legend">{t('queue.filters')}</legend>
          <div className="filters__row">
            <div className="form-group">
              <label className="label" htmlFor="status">
                {t('queue.status')}
              </label>
              <select className="select select--inline" id="status" name="status" defaultValue={data.status}>
                <option value="open">{`${t('statuses.new')} + ${t('statuses.in_progress')}`}</option>
                <option value="new">{t('statuses.new')}</option>
                <option value="in_progress">{t('statuses.in_progress')}</option>
                <option value="decided">{t('statuses.decided')}</option>
                <option value="all">{t('queue.all')}</option>
              </select>
            </div>
            <div className="form-group">
              <label className="label" htmlFor="level">
                {t('queue.level')}
              </label>
              <select className="select select--inline" id="level" name="level" defaultValue={data.level}>
                <option value="all">{t('queue.all')}</option>
                {LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {t(`levels.${level}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button--secondary button--inline">
              {t('queue.apply')}
            </button>
          </div>
        </fieldset>
      </Form>
      {data.rows.length === 0 ? (
        <p className="body">{t('queue.empty')}</p>
      ) : (
        <Table caption={t('queue.title')} className="queue">
          <thead>
            <tr>
              <th scope="col">{t('queue.reference')}</th>
              <th scope="col">{t('queue.level')}</th>
              <th scope="col">{t('queue.received')}</th>
              <th scope="col">{t('queue.protectionDue')}</th>
              <th scope="col">{t('queue.initialAssessmentDue')}</th>
              <th scope="col">{t('queue.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.id} className={row.protectionOverdue || row.initialAssessmentOverdue ? 'queue__row--overdue' : undefined}>
                <th scope="row">
                  <Link to={`/personal/anmalan/${row.id}`}>{formatReference(row.reference)}</Link>
                  {data.municipalityCount !== 1 ? <div className="hint">{row.municipality}</div> : null}
                </th>
                <td>
                  <LevelWithRules level={row.level} rules={row.rules} />
                </td>
                <td>
                  <RelativeTime value={row.receivedAt} now={data.now} />
                  <br />
                  <StaffTime value={row.receivedAt} />
                </td>
                <td>
                  <Deadline due={row.protectionDue} overdue={row.protectionOverdue} done={row.protectionDone} />
                </td>
                <td>
                  <Deadline due={row.initialAssessmentDue} overdue={row.initialAssessmentOverdue} done={row.initialAssessmentDone} />
                </td>
                <td>
                  {t(`statuses.${row.status}`)}
                  {row.handedOver ? <div className="tag tag--done">{t('queue.handledByJour')}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <p className="body pagination">
        {params.get('efter') ? <Link to={`?${new URLSearchParams({ status: data.status, level: data.level }).toString()}`}>{t('queue.first')}</Link> : null}{' '}
        {data.next ? <Link to={`?${nextParams.toString()}`}>{t('queue.next')}</Link> : null}
      </p>
    </>
  )
}

function Deadline({ due, overdue, done }: { due: string | null; overdue: boolean; done: boolean }) {
  const { t } = useTranslation('staff')
  if (!due) return <>–</>
  return (
    <>
      <StaffTime value={due} />
      {overdue ? <strong className="tag tag--overdue"> {t('queue.overdue')}</strong> : null}
      {done ? <span className="tag tag--done"> {t('queue.done')}</span> : null}
    </>
  )
}
