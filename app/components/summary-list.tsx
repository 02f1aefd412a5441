import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export interface SummaryRow {
  key: string
  value: ReactNode
  /** Where to change this answer, and what it is called for a screen reader ("Ändra namn"). */
  change?: { href: string; name: string }
}

export function SummaryList({ rows }: { rows: SummaryRow[] }) {
  const { t } = useTranslation('common')
  return (
    <dl className="summary-list">
      {rows.map((row, index) => (
        <div className="summary-list__row" key={`${row.key}-${index}`}>
          <dt className="summary-list__key">{row.key}</dt>
          <dd className="summary-list__value">{row.value}</dd>
          {row.change ? (
            <dd className="summary-list__actions">
              <Link to={row.change.href}>
                {t('change')}
                <span className="visually-hidden"> {row.change.name}</span>
              </Link>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  )
}
