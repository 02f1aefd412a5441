import { addDays, holidayOn, minutesOf, stockholmInstant, stockholmParts, weekdayOf, type LocalDate, type LocalTime, type Weekday } from './calendar'

/** Opening spans of one day, in Stockholm time, e.g. [['08:00', '16:30']]. */
export type DaySpans = ReadonlyArray<readonly [LocalTime, LocalTime]>

/**
 * When a municipality's intake unit ("mottagningsenhet") reads reports. Public holidays and
 * the closed eves are always closed; a weekday before one closes early; `closures` are the
 * municipality's own extra closed days ("klämdagar").
 */
export interface OfficeHours {
  weekly: Readonly<Record<Weekday, DaySpans>>
  /** The closing time on a working day before a public holiday or closed eve; null keeps full hours. */
  dayBeforeHolidayClosesAt: LocalTime | null
  closures: readonly LocalDate[]
}

/**
 * The default week: Monday to Thursday 08:00-16:30, Friday 08:00-15:00. Socialjouren
 * Nordost opens at 16:30 on weekdays and 15:00 on Fridays (REGIONS.md), when its members'
 * offices close. The 13:00 close before a holiday is demo data, to be set per municipality.
 */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  weekly: {
    1: [['08:00', '16:30']],
    2: [['08:00', '16:30']],
    3: [['08:00', '16:30']],
    4: [['08:00', '16:30']],
    5: [['08:00', '15:00']],
    6: [],
    7: [],
  },
  dayBeforeHolidayClosesAt: '13:00',
  closures: [],
}

/** The intake unit is closed all day: a weekend with no spans, a holiday, a closed eve, a klämdag. */
function isClosedDay(hours: OfficeHours, date: LocalDate): boolean {
  return holidayOn(date) !== undefined || hours.closures.includes(date) || hours.weekly[weekdayOf(date)].length === 0
}

/** Opening spans of a date as minutes of the day, after holidays, closures and early closing. */
export function openingSpans(hours: OfficeHours, date: LocalDate): Array<[number, number]> {
  if (isClosedDay(hours, date)) return []
  const nextDay = addDays(date, 1)
  const shortened = hours.dayBeforeHolidayClosesAt !== null && holidayOn(nextDay) !== undefined
  const closesBy = shortened ? minutesOf(hours.dayBeforeHolidayClosesAt!) : Infinity
  return hours.weekly[weekdayOf(date)].map(([from, to]): [number, number] => [minutesOf(from), Math.min(minutesOf(to), closesBy)]).filter(([from, to]) => to > from)
}

export function isIntakeOpen(hours: OfficeHours, instant: Date): boolean {
  const { date, minuteOfDay } = stockholmParts(instant)
  return openingSpans(hours, date).some(([from, to]) => minuteOfDay >= from && minuteOfDay < to)
}

// Christmas to Epiphany plus klämdagar can close an office for about two weeks; a year is a safe bound.
const SEARCH_DAYS = 366

/** The next instant the intake unit opens, or `instant` itself when it is open; null if never within a year. */
export function nextOpening(hours: OfficeHours, instant: Date): Date | null {
  const { date, minuteOfDay } = stockholmParts(instant)
  for (let offset = 0; offset < SEARCH_DAYS; offset++) {
    const day = addDays(date, offset)
    for (const [from, to] of openingSpans(hours, day)) {
      if (offset === 0 && minuteOfDay >= to) continue
      if (offset === 0 && minuteOfDay >= from) return instant
      return stockholmInstant(day, from)
    }
  }
  return null
}

/** When the opening span that contains or follows `instant` closes: the end of that working day's hours. */
export function closingOfWorkingDay(hours: OfficeHours, instant: Date): Date | null {
  const opening = nextOpening(hours, instant)
  if (!opening) return null
  const { date, minuteOfDay } = stockholmParts(opening)
  const span = openingSpans(hours, date).find(([from, to]) => minuteOfDay >= from && minuteOfDay < to)
  return span ? stockholmInstant(date, span[1]) : null
}

/** When the intake unit last closed before `instant`, or null if it has not been open within a year. */
export function previousClosing(hours: OfficeHours, instant: Date): Date | null {
  const { date, minuteOfDay } = stockholmParts(instant)
  for (let offset = 0; offset < SEARCH_DAYS; offset++) {
    const day = addDays(date, -offset)
    const ends = openingSpans(hours, day)
      .map(([, to]) => to)
      .filter((to) => offset > 0 || to <= minuteOfDay)
    if (ends.length > 0) return stockholmInstant(day, Math.max(...ends))
  }
  return null
}

/**
 * The night an intake unit's morning summary covers, if `instant` falls in the first
 * opening span of a working day: from the last closing to this opening.
 */
export function nightBefore(hours: OfficeHours, instant: Date): { date: LocalDate; start: Date; end: Date } | null {
  const { date, minuteOfDay } = stockholmParts(instant)
  const first = openingSpans(hours, date)[0]
  if (!first || minuteOfDay < first[0] || minuteOfDay >= first[1]) return null
  const end = stockholmInstant(date, first[0])
  const start = previousClosing(hours, end)
  return start ? { date, start, end } : null
}
