import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary } from '~/components/error-summary'
import { JourQueue, type JourQueueRow } from '~/components/jour-queue'
import { QueueCountLinks } from '~/components/queue-counts'
import { IntakeQueueTable, type IntakeQueueRow } from '~/components/queue-intake'
import { QueueLive } from '~/components/queue-live'
import { QueueSearch, type QueueSearchState } from '~/components/queue-search'
import { useStaffCsrf } from '~/components/staff-csrf'
import { CONTACT_PROMISE_MINUTES, isOverdue, minutesSince, pastContactPromise } from '~/domain/deadlines'
import { jourCounts, jourLineShown, parseQueueAddress, QUEUE_STATUSES, queueSearch, type JourLine, type QueueAddress } from '~/domain/queue-filter'
import { parseQueueSearch } from '~/domain/queue-search'
import { LEVELS, type Level } from '~/domain/triage'
import { audit } from '~/server/audit.server'
import { decodeCursor, listQueue } from '~/server/intake-queue.server'
import { listJourQueue } from '~/server/jour-queue.server'
import { safeError } from '~/server/logger.server'
import { listMunicipalities } from '~/server/municipalities.server'
import { cachedQueueCounts } from '~/server/queue-counts.server'
import { queueFeedFor } from '~/server/queue-events.server'
import { searchQueue } from '~/server/queue-search.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:queue.title' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff, scope } = await requireStaff(request, context)
  if (staff.role === 'auditor') throw redirect('/personal/granskning', 303)
  // Administrators read no reports; their start page is the operations overview.
  if (staff.role === 'admin') throw redirect('/personal/drift', 303)
  const now = context.now()
  const params = new URL(request.url).searchParams
  if (scope.role === 'jour') {
    const all = (await listJourQueue(context.db, scope)).map((row) => jourRow(row, now))
    const municipalities = [...new Map(all.map((row) => [row.line.municipalityCode, row.row.municipality])).entries()].map(([code, name]) => ({ code, name }))
    const address = parseQueueAddress(
      params,
      municipalities.map((municipality) => municipality.code),
    )
    // The jour's list is one night: every status is shown, handed-over reports last.
    const shown = all.filter(({ line }) => jourLineShown(line, { ...address, status: 'all' }))
    await audit(context.db, { staffId: staff.id, action: 'queue.list', details: { jour: scope.jourId, shown: shown.length }, at: now })
    return {
      ...emptyIntakeQueue,
      role: 'jour' as const,
      now: now.toISOString(),
      address,
      municipalities: municipalities.length > 1 ? municipalities.sort((a, b) => a.name.localeCompare(b.name, 'sv')) : [],
      counts: jourCounts(all.map(({ line }) => line)),
      jourRows: shown.map(({ row }) => row),
    }
  }
  if (scope.role !== 'intake') throw redirect('/personal/logga-in', 303)
  const address = parseQueueAddress(params, scope.municipalityCodes)
  const after = decodeCursor(params.get('efter'))
  // A cursor the service did not write is a bad address, not the first page.
  if (params.get('efter') && !after) throw data({ status: 'bad-request' }, { status: 400 })
  const details = { status: address.status, level: address.level, municipality: address.municipality, overdue: address.overdue }
  const [{ rows, next }, counts, municipalities] = await Promise.all([
    // The read is audited by the statement that reads it (`shown` is added there).
    listQueue(context.db, scope, { ...address, after }, now, { staffId: staff.id, details, at: now }),
    queueFeedFor(context, (error) => console.warn('queue feed: connection lost', safeError(error))).then((feed) => cachedQueueCounts(context.db, feed, scope, address, now)),
    scope.municipalityCodes.length > 1 ? listMunicipalities(context.db) : Promise.resolve([]),
  ])
  return {
    role: 'intake' as const,
    now: now.toISOString(),
    address,
    municipalities: municipalities.filter((municipality) => scope.municipalityCodes.includes(municipality.code)),
    counts,
    next,
    paged: Boolean(after),
    promiseMinutes: CONTACT_PROMISE_MINUTES,
    jourRows: [] as JourQueueRow[],
    rows: rows.map((row): IntakeQueueRow => ({
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
      holder: row.holderName,
      newInformationAt: row.newInformationAt?.toISOString() ?? null,
    })),
  }
}

const emptyIntakeQueue = { next: null, paged: false, rows: [] as IntakeQueueRow[], promiseMinutes: CONTACT_PROMISE_MINUTES }

const PAGE_ROLE_ORDER = ['primary', 'backup', 'shared', 'manager'] as const

function jourRow(row: Awaited<ReturnType<typeof listJourQueue>>[number], now: Date): { row: JourQueueRow; line: JourLine } {
  const late = pastContactPromise({ acknowledgedAt: row.acknowledged_at, handedOverAt: row.handed_over_at, receivedAt: row.received_at }, now)
  return {
    row: {
      id: row.id,
      reference: row.reference,
      level: row.level,
      rules: row.triage_rules,
      municipality: row.municipalityName,
      receivedAt: row.received_at.toISOString(),
      minutesSinceReceived: minutesSince(row.received_at, now),
      late,
      acknowledgedBy: row.acknowledgedBy,
      handedOver: Boolean(row.handed_over_at),
      pagedRoles: PAGE_ROLE_ORDER.filter((role) => row.pagedRoles.includes(role)),
      newInformationAt: row.newInformationAt?.toISOString() ?? null,
    },
    line: { level: row.level, municipalityCode: row.municipality_code, late, acknowledged: Boolean(row.acknowledged_at), handedOver: Boolean(row.handed_over_at) },
  }
}

/**
 * The search (a POST, so nothing typed reaches the address): a reference opens that report,
 * a personnummer lists the reports about that person. Each search is audit-logged.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { staff, scope, formData } = await requireStaffPost(request, context, ['intake', 'jour'])
  const query = String(formData.get('q') ?? '').slice(0, 200)
  const search = parseQueueSearch(formData.get('q'))
  const state: QueueSearchState = { query, error: null, results: null, notFound: false }
  // `error` at the top: the document title then starts with "Fel: " (root.tsx).
  if (search.kind === 'error') return data({ error: search.message, search: { ...state, error: search.message } }, { status: 400 })
  const result = await searchQueue(context.db, context.cipher, { scope, staffId: staff.id, search, now: context.now() })
  if (result.kind === 'reference') {
    if (result.reportId) return redirect(`/personal/anmalan/${result.reportId}`, 303)
    return data({ search: { ...state, notFound: true } })
  }
  return data({ search: { ...state, results: result.reports.map((report) => ({ ...report, receivedAt: report.receivedAt.toISOString() })) } })
}

export default function Queue() {
  const { t } = useTranslation('staff')
  const loaded = useLoaderData<typeof loader>()
  const searched = useActionData<typeof action>()
  const csrf = useStaffCsrf()
  const [params] = useSearchParams()
  const search = searched?.search ?? null
  const ids = loaded.role === 'jour' ? loaded.jourRows.map((row) => row.id) : loaded.rows.map((row) => row.id)
  const nextParams = new URLSearchParams(params)
  if (loaded.next) nextParams.set('efter', loaded.next)
  return (
    <>
      <ErrorSummary errors={search?.error ? [{ targetId: 'queue-search', message: `staff:${search.error}` }] : []} />
      <div className="queue-heading">
        <h1 className="heading-l">{t('queue.title')}</h1>
        <QueueLive loadedAt={loaded.now} rowIds={ids} waitingImmediate={loaded.counts.waitingImmediate} />
      </div>
      {loaded.role === 'jour' ? <p className="body">{t('queue.jourIntro')}</p> : null}
      <QueueCountLinks counts={loaded.counts} address={loaded.address} />
      <div className="queue-tools">
        <QueueFilters role={loaded.role} address={loaded.address} municipalities={loaded.municipalities} />
        <QueueSearch csrf={csrf} state={search} />
      </div>
      {loaded.role === 'jour' ? (
        <JourQueue rows={loaded.jourRows} promiseMinutes={loaded.promiseMinutes} csrf={csrf} />
      ) : loaded.rows.length === 0 ? (
        <p className="body">{t('queue.empty')}</p>
      ) : (
        <IntakeQueueTable rows={loaded.rows} now={loaded.now} showMunicipality={loaded.municipalities.length > 1} />
      )}
      {loaded.role === 'intake' ? (
        <p className="body pagination">
          {loaded.paged ? <Link to={`/personal${queueSearch(loaded.address)}`}>{t('queue.first')}</Link> : null}{' '}
          {loaded.next ? <Link to={`?${nextParams.toString()}`}>{t('queue.next')}</Link> : null}
        </p>
      ) : null}
    </>
  )
}

/** The filters, as a GET form: what is chosen is the address, so a reload or a shared link keeps it. */
function QueueFilters({ role, address, municipalities }: { role: 'intake' | 'jour'; address: QueueAddress; municipalities: Array<{ code: string; name: string }> }) {
  const { t } = useTranslation('staff')
  return (
    <Form method="get" action="/personal" className="filters">
      <fieldset className="fieldset">
        <legend className="legend">{t('queue.filters')}</legend>
        <div className="filters__row">
          {role === 'intake' ? (
            <div className="form-group">
              <label className="label" htmlFor="status">
                {t('queue.status')}
              </label>
              <select className="select select--inline" id="status" name="status" defaultValue={address.status} key={address.status}>
                {QUEUE_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {status === 'open' ? `${t('statuses.new')} + ${t('statuses.in_progress')}` : status === 'all' ? t('queue.all') : t(`statuses.${status}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="form-group">
            <label className="label" htmlFor="level">
              {t('queue.level')}
            </label>
            <select className="select select--inline" id="level" name="level" defaultValue={address.level} key={address.level}>
              <option value="all">{t('queue.all')}</option>
              {LEVELS.map((level: Level) => (
                <option key={level} value={level}>
                  {t(`levels.${level}`)}
                </option>
              ))}
            </select>
          </div>
          {municipalities.length > 1 ? (
            <div className="form-group">
              <label className="label" htmlFor="kommun">
                {t('queueView.municipality')}
              </label>
              <select className="select select--inline" id="kommun" name="kommun" defaultValue={address.municipality ?? ''} key={address.municipality ?? ''}>
                <option value="">{t('queueView.allMunicipalities')}</option>
                {municipalities.map((municipality) => (
                  <option key={municipality.code} value={municipality.code}>
                    {municipality.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="form-group choice queue-filters__overdue">
            <input className="choice__input" type="checkbox" id="forsenade" name="forsenade" value="ja" defaultChecked={address.overdue} key={String(address.overdue)} />
            <label className="choice__label" htmlFor="forsenade">
              {t(role === 'jour' ? 'queueView.lateOnly' : 'queueView.overdueOnly')}
            </label>
          </div>
          <button type="submit" className="button button--secondary button--inline">
            {t('queue.apply')}
          </button>
        </div>
      </fieldset>
    </Form>
  )
}
