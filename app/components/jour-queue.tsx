import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CaseworkForm } from './casework-form'
import { formatReference } from '~/domain/reference'
import { LevelWithRules } from './level-with-rules'
import { NewInformation } from './queue-marks'
import { StaffTime } from './staff-time'
import { Table } from './table-section'

export interface JourQueueRow {
  id: string
  reference: string
  level: string
  rules: string[]
  municipality: string
  receivedAt: string
  minutesSinceReceived: number
  /** Not acknowledged and past the 30-minute contact promise. */
  late: boolean
  acknowledgedBy: string | null
  handedOver: boolean
  /** The roles whose page the mail server accepted, in escalation order. */
  pagedRoles: string[]
  /** When the reporter last added information or answered a question (issue 14), if ever. */
  newInformationAt: string | null
}

/**
 * The jour's night at a glance: open reports first, minutes since each arrived, who
 * acknowledged. On a phone each line is a card with its acknowledge button (app.css,
 * `.queue-table`): from the page's link, signed in, one tap acknowledges.
 */
export function JourQueue({ rows, promiseMinutes, csrf }: { rows: JourQueueRow[]; promiseMinutes: number; csrf: string }) {
  const { t } = useTranslation('staff')
  if (rows.length === 0) return <p className="body">{t('queue.empty')}</p>
  return (
    <Table caption={t('queue.title')} className="queue queue-table">
      <thead>
        <tr>
          <th scope="col">{t('queue.reference')}</th>
          <th scope="col">{t('queue.level')}</th>
          <th scope="col">{t('queueView.municipality')}</th>
          <th scope="col">{t('queue.received')}</th>
          <th scope="col">{t('report.acknowledged')}</th>
          <th scope="col">{t('report.handedOver')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={row.late ? 'queue__row--overdue' : undefined}>
            <th scope="row" className="queue-table__reference">
              <Link to={`/personal/anmalan/${row.id}`}>{formatReference(row.reference)}</Link>
              {row.newInformationAt ? <NewInformation at={row.newInformationAt} /> : null}
            </th>
            <td data-label={t('queue.level')} className="queue-table__level">
              <LevelWithRules level={row.level} rules={row.rules} />
            </td>
            <td data-label={t('queueView.municipality')}>{row.municipality}</td>
            <td data-label={t('queue.received')} className="queue-table__time">
              {t('queue.sinceReceived', { count: row.minutesSinceReceived })}
              {row.late ? <strong className="tag tag--overdue"> {t('queue.pastPromise', { minutes: promiseMinutes })}</strong> : null}
              <br />
              <StaffTime value={row.receivedAt} />
            </td>
            <td data-label={t('report.acknowledged')} className="queue-table__action">
              {row.acknowledgedBy ?? (
                <>
                  <strong className="tag tag--overdue">{t('queue.notAcknowledged')}</strong>
                  {row.pagedRoles.length > 0 ? (
                    <div className="hint">{t('queue.paged', { roles: row.pagedRoles.map((role) => t(`report.pageRoles.${role}`)).join(', ') })}</div>
                  ) : null}
                  {/* One tap stops the paging: the report page's own acknowledge, posted from here. */}
                  <CaseworkForm
                    action={`/personal/anmalan/${row.id}`}
                    csrf={csrf}
                    intent="acknowledge"
                    hidden={{ from: 'queue' }}
                    buttonClass="button button--secondary button--small queue-table__acknowledge"
                    submitLabel={
                      <>
                        {t('jour.acknowledge')}
                        <span className="visually-hidden"> {formatReference(row.reference)}</span>
                      </>
                    }
                  />
                </>
              )}
            </td>
            <td data-label={t('report.handedOver')}>{row.handedOver ? t('queue.handledByJour') : t('queue.open')}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  )
}
