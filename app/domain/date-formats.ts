import { STOCKHOLM } from './time-zone'

/** The ways the service writes an instant, all in Stockholm time. */
const STYLES = {
  /** "måndag 24 november" */
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  /** "08:00" */
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "tis 24 nov. 16:30", as staff read it */
  staff: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
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
