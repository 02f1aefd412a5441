import { z } from 'zod'
import { isRealDate, type LocalDate, type Weekday } from './calendar'
import { MAX_CLOSURES } from './form-limits'
import { email, optional } from './form-values'
import type { DaySpans, OfficeHours } from './office-hours'

/**
 * What a municipality's administrator keeps about its intake unit: the functional mailbox
 * for duty alerts and the morning summary, the weekly opening hours, the early close before
 * a public holiday, and the extra closed days ("klämdagar"). Routing reads them at once.
 */

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const satisfies readonly Weekday[]
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/

/** "8", "8:00", "08.00" and "0800" are how people type a time; the stored form is "08:00". */
export function normaliseTime(value: string): string {
  const match = /^(\d{1,2})(?:[:.]?(\d{2}))?$/.exec(value.trim())
  return match ? `${match[1]!.padStart(2, '0')}:${match[2] ?? '00'}` : value.trim()
}

const closureRowSchema = z.object({
  date: optional(z.string().trim()),
  reason: optional(z.string().trim().max(200, 'text.tooLong')),
  remove: z.preprocess((value) => value === 'on' || value === true, z.boolean()),
})

const timeField = optional(z.string().transform(normaliseTime).pipe(z.string().regex(TIME, 'municipalitySettings.time.invalid')))

/**
 * A day's opening hours as typed: "08:00-16:30", or with a lunch closure
 * "08:00-12:00, 13:00-16:30"; blank for a closed day. Null when it cannot be read.
 */
export function parseDayHours(value: string): DaySpans | null {
  const spans: Array<readonly [string, string]> = []
  for (const part of value
    .split(/[,;]/)
    .map((text) => text.trim())
    .filter(Boolean)) {
    const [from, to, extra] = part.split(/\s*[-–—]\s*/)
    if (from === undefined || to === undefined || extra !== undefined) return null
    const span = [normaliseTime(from), normaliseTime(to)] as const
    if (!TIME.test(span[0]) || !TIME.test(span[1]) || span[1] <= span[0]) return null
    // In the order of the day, one after the other.
    if (spans.length > 0 && span[0] < spans.at(-1)![1]) return null
    spans.push(span)
  }
  return spans
}

/** The spans as the form shows them again. */
export function formatDayHours(spans: DaySpans): string {
  return spans.map(([from, to]) => `${from}-${to}`).join(', ')
}

// Blank arrives as no value at all: a closed day.
const dayHours = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const spans = parseDayHours(value ?? '')
    if (spans === null) ctx.addIssue({ code: 'custom', message: 'municipalitySettings.day.invalid' })
    return spans ?? []
  })
type DayField = `hours${Weekday}`
const dayFields = Object.fromEntries(WEEKDAYS.map((day) => [`hours${day}`, dayHours])) as Record<DayField, typeof dayHours>

export interface MunicipalitySettings {
  intakeEmail: string | null
  officeHours: Omit<OfficeHours, 'closures'>
  /** The closed days from `today` on; earlier ones are history and stay as they are. */
  closures: Array<{ date: LocalDate; reason: string }>
}

/** The form, judged on `today` (Stockholm): a new klämdag cannot be in the past. */
export function municipalitySettingsSchema(today: LocalDate) {
  return z
    .object({
      intakeEmail: optional(email),
      ...dayFields,
      dayBeforeHolidayClosesAt: timeField,
      closures: z.array(closureRowSchema).default([]),
    })
    .superRefine((value, ctx) => {
      const seen = new Set<string>()
      const kept = value.closures.filter((row) => !row.remove && (row.date !== undefined || row.reason !== undefined)).length
      if (kept > MAX_CLOSURES) ctx.addIssue({ code: 'custom', path: ['closures'], message: 'municipalitySettings.closure.tooMany' })
      value.closures.forEach((row, index) => {
        if (row.remove || (row.date === undefined && row.reason === undefined)) return
        if (row.date === undefined) ctx.addIssue({ code: 'custom', path: ['closures', index, 'date'], message: 'municipalitySettings.closure.date.required' })
        else if (!isRealDate(row.date)) ctx.addIssue({ code: 'custom', path: ['closures', index, 'date'], message: 'municipalitySettings.closure.date.invalid' })
        else if (row.date < today) ctx.addIssue({ code: 'custom', path: ['closures', index, 'date'], message: 'municipalitySettings.closure.date.past' })
        else if (seen.has(row.date)) ctx.addIssue({ code: 'custom', path: ['closures', index, 'date'], message: 'municipalitySettings.closure.date.twice' })
        if (row.date) seen.add(row.date)
        if (row.reason === undefined) ctx.addIssue({ code: 'custom', path: ['closures', index, 'reason'], message: 'municipalitySettings.closure.reason.required' })
      })
    })
    .transform((value): MunicipalitySettings => ({
      intakeEmail: value.intakeEmail ?? null,
      officeHours: {
        weekly: Object.fromEntries(WEEKDAYS.map((day): [Weekday, DaySpans] => [day, value[`hours${day}`]])) as Record<Weekday, DaySpans>,
        dayBeforeHolidayClosesAt: value.dayBeforeHolidayClosesAt ?? null,
      },
      closures: value.closures
        .filter((row) => !row.remove && row.date !== undefined && row.reason !== undefined)
        .map((row) => ({ date: row.date!, reason: row.reason! }))
        .sort((a, b) => a.date.localeCompare(b.date)),
    }))
}
