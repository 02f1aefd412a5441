import { useContext } from 'react'
import { I18nContext, useTranslation } from 'react-i18next'
import { formatInstant, localeOf } from '~/domain/date-formats'

/**
 * An instant as staff read it: "tis 24 nov. 16:30" in Stockholm time, in a <time> element.
 * Only the language is needed, read from the context: a queue page has 150 of these, and a
 * whole `useTranslation` for each was a measurable part of the page.
 */
export function StaffTime({ value }: { value: string | Date | null }) {
  const language = useContext(I18nContext)?.i18n?.language ?? 'sv'
  if (!value) return <>–</>
  const date = new Date(value)
  return <time dateTime={typeof value === 'string' && ISO_INSTANT.test(value) ? value : date.toISOString()}>{formatInstant(localeOf(language), 'staff', date)}</time>
}

/** What the loaders send (`toISOString()`), usable as the `datetime` attribute as it is. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** "för 3 tim sedan", from the server's clock, so a test clock holds here too. */
export function RelativeTime({ value, now }: { value: string | Date; now: string | Date }) {
  const { t } = useTranslation('staff')
  const minutes = Math.max(0, Math.round((new Date(now).getTime() - new Date(value).getTime()) / 60_000))
  if (minutes < 120) return <>{t('relative.minutes', { count: minutes })}</>
  if (minutes < 48 * 60) return <>{t('relative.hours', { count: Math.round(minutes / 60) })}</>
  return <>{t('relative.days', { count: Math.round(minutes / 1440) })}</>
}
