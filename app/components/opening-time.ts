import { useTranslation } from 'react-i18next'
import { STOCKHOLM } from '~/domain/time-zone'

/** "måndag 24 november" and "08:00" in Stockholm time, in the page's language. */
export function useOpeningTime() {
  const { i18n } = useTranslation()
  const locale = i18n.language === 'en' ? 'en-GB' : 'sv-SE'
  return (instant: Date | string | null) => {
    if (!instant) return null
    const date = new Date(instant)
    return {
      day: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: STOCKHOLM }).format(date),
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: STOCKHOLM }).format(date),
    }
  }
}
