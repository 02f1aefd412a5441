import { dateTimeFormat, localeOf } from './date-formats'

export type OpeningFormatter = (instant: Date | string | null) => { day: string; time: string } | null

/** "måndag 24 november" and "08:00" in Stockholm time, in `language`'s own way; for pages and e-mails alike. */
export function formatOpening(language: string): OpeningFormatter {
  const locale = localeOf(language)
  const day = dateTimeFormat(locale, 'day')
  const time = dateTimeFormat(locale, 'time')
  return (instant) => {
    if (!instant) return null
    const date = new Date(instant)
    return { day: day.format(date), time: time.format(date) }
  }
}
