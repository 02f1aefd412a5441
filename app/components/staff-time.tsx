import { useTranslation } from 'react-i18next'
import { STOCKHOLM } from '~/domain/calendar'

/** An instant as staff read it: "tis 24 nov. 16:30" in Stockholm time, in a <time> element. */
export function StaffTime({ value }: { value: string | Date | null }) {
  const { i18n } = useTranslation()
  if (!value) return <>–</>
  const date = new Date(value)
  const text = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: STOCKHOLM,
  }).format(date)
  return <time dateTime={date.toISOString()}>{text}</time>
}

/** "för 3 tim sedan", from the server's clock, so a test clock holds here too. */
export function RelativeTime({ value, now }: { value: string | Date; now: string | Date }) {
  const { t } = useTranslation('staff')
  const minutes = Math.max(0, Math.round((new Date(now).getTime() - new Date(value).getTime()) / 60_000))
  if (minutes < 120) return <>{t('relative.minutes', { count: minutes })}</>
  if (minutes < 48 * 60) return <>{t('relative.hours', { count: Math.round(minutes / 60) })}</>
  return <>{t('relative.days', { count: Math.round(minutes / 1440) })}</>
}
