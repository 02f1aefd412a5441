import { TZDate } from '@date-fns/tz'
import Holidays from 'date-holidays'
import { keptValues } from './kept-values'
import { STOCKHOLM } from './time-zone'

/** A calendar date in Stockholm, YYYY-MM-DD. */
export type LocalDate = string
/** A time of day in Stockholm, HH:MM. */
export type LocalTime = string
/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

const pad = (value: number) => String(value).padStart(2, '0')

const HOUR_MS = 3_600_000
const offsetByHour = keptValues<number, number>(200_000)

/**
 * Minutes Stockholm is ahead of UTC at `instant`. Offsets change only on whole UTC hours,
 * so they are remembered per hour: routing a year of instants then costs no time-zone maths.
 */
function stockholmOffsetMinutes(instant: number): number {
  const hour = Math.floor(instant / HOUR_MS)
  return offsetByHour.get(hour) ?? offsetByHour.keep(hour, -new TZDate(hour * HOUR_MS, STOCKHOLM).getTimezoneOffset())
}

export function stockholmParts(instant: Date) {
  const local = new Date(instant.getTime() + stockholmOffsetMinutes(instant.getTime()) * 60_000)
  const day = local.getUTCDay()
  return {
    date: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    weekday: (day === 0 ? 7 : day) as Weekday,
    minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
  }
}

/** The calendar date in Stockholm at `instant`. */
export function stockholmDate(instant: Date): LocalDate {
  return stockholmParts(instant).date
}

export function minutesOf(time: LocalTime): number {
  const [hours, minutes] = time.split(':').map(Number)
  return hours! * 60 + minutes!
}

/**
 * The instant at a Stockholm wall-clock time; minutes past 24:00 run into the next day.
 * In the repeated autumn hour it is the first of the two; in the skipped spring hour, the
 * instant an hour-late clock would show.
 */
export function stockholmInstant(date: LocalDate, minuteOfDay: number): Date {
  const [year, month, day] = date.split('-').map(Number)
  const wall = Date.UTC(year!, month! - 1, day!) + minuteOfDay * 60_000
  const guess = wall - stockholmOffsetMinutes(wall - 2 * HOUR_MS) * 60_000
  return new Date(wall - stockholmOffsetMinutes(guess) * 60_000)
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = date.split('-').map(Number)
  const utc = new Date(Date.UTC(year!, month! - 1, day! + days))
  return `${utc.getUTCFullYear()}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`
}

/** A YYYY-MM-DD that names a day of the calendar: "2026-02-30" does not. */
export function isRealDate(value: string): value is LocalDate {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value
}

export function weekdayOf(date: LocalDate): Weekday {
  const [year, month, day] = date.split('-').map(Number)
  const weekday = new Date(Date.UTC(year!, month! - 1, day!)).getUTCDay()
  return (weekday === 0 ? 7 : weekday) as Weekday
}

export type HolidayKind = 'public' | 'closedEve'

/**
 * Swedish public holidays ("röda dagar") from date-holidays, and the eves that are closed
 * in practice. date-holidays types julafton, nyårsafton and midsommarafton `bank`; påskafton
 * and pingstafton `observance` (always a Saturday, so closed anyway); the other eves
 * (trettondagsafton, valborgsmässoafton, allhelgonaafton) are `optional` and only shorten a day.
 */
const holidaysByYear = new Map<number, Map<LocalDate, { name: string; kind: HolidayKind }>>()
const swedishHolidays = new Holidays('SE')

function holidaysOf(year: number): Map<LocalDate, { name: string; kind: HolidayKind }> {
  let holidays = holidaysByYear.get(year)
  if (!holidays) {
    holidays = new Map()
    for (const holiday of swedishHolidays.getHolidays(year)) {
      const date = holiday.date.slice(0, 10)
      if (holiday.type === 'public') holidays.set(date, { name: holiday.name, kind: 'public' })
      else if (holiday.type === 'bank') holidays.set(date, { name: holiday.name, kind: 'closedEve' })
    }
    holidaysByYear.set(year, holidays)
  }
  return holidays
}

export function holidayOn(date: LocalDate): { name: string; kind: HolidayKind } | undefined {
  return holidaysOf(Number(date.slice(0, 4))).get(date)
}

/**
 * The latest instant not after `now` that shows `time` (HH:MM) on a Stockholm clock: when
 * the jour writes "22:40" at 00:15, it means last evening.
 */
export function latestAtOrBefore(time: LocalTime, now: Date): Date {
  const { date } = stockholmParts(now)
  const today = stockholmInstant(date, minutesOf(time.replace('.', ':')))
  return today <= now ? today : stockholmInstant(addDays(date, -1), minutesOf(time.replace('.', ':')))
}
