import { useTranslation } from 'react-i18next'
import { formatInstant, localeOf } from '~/domain/date-formats'

/** An instant as staff read it: "tis 24 nov. 16:30" in Stockholm time, in a <time> element. */
export function StaffTime({ value }: { value: string | Date | null }) {
  const { i18n } = useTranslation()
  if (!value) return <>–</>
  const date = new Date(value)
  return <time dateTime={date.toISOString()}>{formatInstant(localeOf(i18n.language), 'staff', date)}</time>
}

/** "för 3 tim sedan", from the server's clock, so a test clock holds here too. */
export function RelativeTime({ value, now }: { value: string | Date; now: string | Date }) {
  const { t } = useTranslation('staff')
  const minutes = Math.max(0, Math.round((new Date(now).getTime() - new Date(value).getTime()) / 60_000))
  if (minutes < 120) return <>{t('relative.minutes', { count: minutes })}</>
  if (minutes < 48 * 60) return <>{t('relative.hours', { count: Math.round(minutes / 60) })}</>
  return <>{t('relative.days', { count: Math.round(minutes / 1440) })}</>
}
