import { addDays, holidayOn, minutesOf, stockholmParts, weekdayOf, type LocalDate, type LocalTime, type Weekday } from './calendar'
import { isIntakeOpen, type OfficeHours } from './office-hours'
import type { Level } from './triage'

/** `open`: staffed ("kontor"); `standby`: on call from home, reached through SOS Alarm. */
export type JourStatus = 'open' | 'standby'

/** A span that starts on a day; when `to` is not after `from` it runs past midnight into the next day. */
export interface JourSpan {
  from: LocalTime
  to: LocalTime
  status: JourStatus
}

export type JourSchedule =
  /** From each member office's closing to its next opening (Sociala jouren syd, Fyrbodal, Stockholm). */
  | { kind: 'whenIntakeClosed' }
  /**
   * Set hours per weekday (Socialjouren Nordost). A holiday follows the pattern of
   * `holidaysAs`; with `coversIntakeGaps`, any other hour a member office is closed counts
   * as staffed ("extended hours" before holidays and on klämdagar).
   */
  | { kind: 'weekly'; days: Readonly<Record<Weekday, readonly JourSpan[]>>; holidaysAs: Weekday; coversIntakeGaps: boolean }

export interface Jour {
  id: string
  name: string
  publicPhone: string | null
  /** The triage levels the jour takes after hours; the rest wait for the intake unit. */
  levels: readonly Level[]
  schedule: JourSchedule
}

function patternOf(date: LocalDate, holidaysAs: Weekday): Weekday {
  return holidayOn(date) ? holidaysAs : weekdayOf(date)
}

function weeklyStatus(schedule: Extract<JourSchedule, { kind: 'weekly' }>, instant: Date): JourStatus | null {
  const { date, minuteOfDay } = stockholmParts(instant)
  for (const span of schedule.days[patternOf(date, schedule.holidaysAs)]) {
    const [from, to] = [minutesOf(span.from), minutesOf(span.to)]
    const end = to > from ? to : 24 * 60
    if (minuteOfDay >= from && minuteOfDay < end) return span.status
  }
  const yesterday = addDays(date, -1)
  for (const span of schedule.days[patternOf(yesterday, schedule.holidaysAs)]) {
    const [from, to] = [minutesOf(span.from), minutesOf(span.to)]
    if (to <= from && minuteOfDay < to) return span.status
  }
  return null
}

/** Whether the jour covers a member municipality at `instant`, and how; null when it does not. */
export function jourStatusAt(jour: Jour, intakeHours: OfficeHours, instant: Date): JourStatus | null {
  switch (jour.schedule.kind) {
    case 'whenIntakeClosed':
      return isIntakeOpen(intakeHours, instant) ? null : 'open'
    case 'weekly': {
      const status = weeklyStatus(jour.schedule, instant)
      if (status) return status
      return jour.schedule.coversIntakeGaps && !isIntakeOpen(intakeHours, instant) ? 'open' : null
    }
    default: {
      const unreachable: never = jour.schedule
      throw new Error(`unknown jour schedule ${JSON.stringify(unreachable)}`)
    }
  }
}
