import { keptValues } from './kept-values'
import { STOCKHOLM } from './time-zone'

/**
 * The locale a language's numbers, dates, times and weekdays are written in (re-exported by
 * app/i18n/config.ts; the domain may not import the i18n set-up). Swedish and easy-to-read
 * Swedish as in Sweden, English as in Britain (day before month, 24-hour clock), Finnish as in
 * Finland, Somali as in Somalia; Arabic in CLDR's own default; Persian with Persian digits but
 * the Gregorian calendar, since the dates here are Swedish office days.
 */
export function localeOf(language: string): string {
  switch (language) {
    case 'en':
      return 'en-GB'
    case 'fi':
      return 'fi-FI'
    case 'so':
      return 'so-SO'
    case 'fa':
      return 'fa-IR-u-ca-gregory'
    case 'ar':
      return 'ar'
    default:
      // 'sv', easy-to-read Swedish ('sv-x-lattlast') and anything unknown.
      return 'sv-SE'
  }
}

/** The ways the service writes an instant, all in Stockholm time. */
const STYLES = {
  /** "måndag 24 november" */
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  /** "08:00" */
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "tis 24 nov. 16:30", as staff read it */
  staff: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "24 november 2026 16:30", as the follow-up page tells a reporter */
  long: { dateStyle: 'long', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>

export type DateStyle = keyof typeof STYLES

// Making an Intl.DateTimeFormat costs some 50 times formatting with one: one per locale and style, kept.
const formats = new Map<string, Intl.DateTimeFormat>()

export function dateTimeFormat(locale: string, style: DateStyle): Intl.DateTimeFormat {
  const key = `${locale}|${style}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone: STOCKHOLM })
    formats.set(key, format)
  }
  return format
}

// Formatting one instant costs some microseconds; a queue page writes 150 of them and staff
// reload it all day. What was written is kept, per locale and style by the instant's number
// (a number is a cheaper key than a text made for each lookup), bounded, and dropped whole when full.
const written = new Map<string, ReturnType<typeof keptValues<number, string>>>()
const WRITTEN_KEPT = 20_000

/** An instant in Stockholm time in a locale and style, as `dateTimeFormat` writes it. */
export function formatInstant(locale: string, style: DateStyle, instant: Date): string {
  const formatKey = `${locale}|${style}`
  let texts = written.get(formatKey)
  if (!texts) written.set(formatKey, (texts = keptValues(WRITTEN_KEPT)))
  const time = instant.getTime()
  return texts.get(time) ?? texts.keep(time, dateTimeFormat(locale, style).format(instant))
}
