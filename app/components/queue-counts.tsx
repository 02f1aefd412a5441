import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { countLink, type QueueAddress, type QueueCounts } from '~/domain/queue-filter'
import { LEVELS } from '~/domain/triage'

/**
 * The counts at the top of a queue, each a link that filters the queue to it: open reports by
 * level, and the overdue ones. The count chosen is marked `aria-current`.
 */
export function QueueCountLinks({ counts, address }: { counts: QueueCounts; address: QueueAddress }) {
  const { t } = useTranslation('staff')
  const items = [
    ...LEVELS.map((level) => ({ key: level, number: counts[level], label: t(`levels.${level}`) })),
    { key: 'overdue' as const, number: counts.overdue, label: t('queueView.counts.overdue') },
    { key: 'all' as const, number: counts.immediate + counts.urgent + counts.standard, label: t('queueView.counts.all') },
  ]
  return (
    <nav className="queue-counts" aria-label={t('queueView.counts.label')}>
      <ul className="queue-counts__list">
        {items.map((item) => {
          const link = countLink(address, item.key)
          return (
            <li key={item.key}>
              <Link
                to={`/personal${link.search}`}
                className={`queue-count queue-count--${item.key}${item.number > 0 ? '' : ' queue-count--none'}`}
                aria-current={link.current ? 'true' : undefined}
              >
                <span className="queue-count__number">{item.number}</span> <span className="queue-count__label">{item.label}</span>
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
