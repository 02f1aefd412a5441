import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatReference } from '~/domain/reference'
import { LevelWithRules } from './level-with-rules'
import { NewInformation } from './queue-marks'
import { RelativeTime, StaffTime } from './staff-time'
import { Table } from './table-section'

export interface IntakeQueueRow {
  id: string
  reference: string
  level: string
  rules: string[]
  receivedAt: string
  status: string
  municipality: string
  protectionDue: string | null
  protectionOverdue: boolean
  protectionDone: boolean
  initialAssessmentDue: string | null
  initialAssessmentOverdue: boolean
  initialAssessmentDone: boolean
  handedOver: boolean
  holder: string | null
  /** When the reporter last added information or answered a question (issue 14), if ever. */
  newInformationAt: string | null
}

/**
 * The intake unit's queue: one line per report on a wide screen; on a phone each line is a
 * card (app.css, `.queue-table`), in the same order, most urgent first. The municipality
 * column is there only for a staff member of several.
 */
export function IntakeQueueTable({ rows, now, showMunicipality }: { rows: IntakeQueueRow[]; now: string; showMunicipality: boolean }) {
  const { t } = useTranslation('staff')
  // Translated once per table, not once per cell: a page has 50 lines of 7 labelled cells.
  const label = {
    level: t('queue.level'),
    municipality: t('queueView.municipality'),
    received: t('queue.received'),
    protectionDue: t('queue.protectionDue'),
    initialAssessmentDue: t('queue.initialAssessmentDue'),
    status: t('queue.status'),
    holder: t('queueView.holder'),
  }
  const marks = { overdue: t('queue.overdue'), done: t('queue.done') }
  return (
    <Table caption={t('queue.title')} className="queue queue-table">
      <thead>
        <tr>
          <th scope="col">{t('queue.reference')}</th>
          <th scope="col">{label.level}</th>
          {showMunicipality ? <th scope="col">{label.municipality}</th> : null}
          <th scope="col">{label.received}</th>
          <th scope="col">{label.protectionDue}</th>
          <th scope="col">{label.initialAssessmentDue}</th>
          <th scope="col">{label.status}</th>
          <th scope="col">{label.holder}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={row.protectionOverdue || row.initialAssessmentOverdue ? 'queue__row--overdue' : undefined}>
            <th scope="row" className="queue-table__reference">
              <Link to={`/personal/anmalan/${row.id}`}>{formatReference(row.reference)}</Link>
              {row.newInformationAt ? <NewInformation at={row.newInformationAt} /> : null}
            </th>
            <td data-label={label.level} className="queue-table__level">
              <LevelWithRules level={row.level} rules={row.rules} />
            </td>
            {showMunicipality ? <td data-label={label.municipality}>{row.municipality}</td> : null}
            <td data-label={label.received} className="queue-table__time">
              <RelativeTime value={row.receivedAt} now={now} />
              <br />
              <StaffTime value={row.receivedAt} />
            </td>
            <td data-label={label.protectionDue} className="queue-table__time">
              <Deadline due={row.protectionDue} overdue={row.protectionOverdue} done={row.protectionDone} marks={marks} />
            </td>
            <td data-label={label.initialAssessmentDue} className="queue-table__time">
              <Deadline due={row.initialAssessmentDue} overdue={row.initialAssessmentOverdue} done={row.initialAssessmentDone} marks={marks} />
            </td>
            <td data-label={label.status}>
              {t(`statuses.${row.status}`)}
              {row.handedOver ? <div className="tag tag--done">{t('queue.handledByJour')}</div> : null}
            </td>
            <td data-label={label.holder}>{row.holder ?? <span className="hint">{t('queueView.noHolder')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  )
}

function Deadline({ due, overdue, done, marks }: { due: string | null; overdue: boolean; done: boolean; marks: { overdue: string; done: string } }) {
  if (!due) return <>–</>
  return (
    <>
      <StaffTime value={due} />
      {overdue ? <strong className="tag tag--overdue"> {marks.overdue}</strong> : null}
      {done ? <span className="tag tag--done"> {marks.done}</span> : null}
    </>
  )
}
