import { addDays, minutesOf, stockholmInstant, stockholmParts, weekdayOf, type LocalDate, type LocalTime, type Weekday } from './calendar'

/** One week's pair: the förstajour who is paged first, and the bakjour behind them. */
export interface OnCallPair {
  primary: OnCallPerson
  backup: OnCallPerson
}

export interface OnCallPerson {
  name: string
  email: string
  /** An e-mail-to-SMS gateway address, when the person wants pages on the phone too. */
  smsEmail: string | null
}

/**
 * A jour's weekly rota: the week turns over at `weekday` `time` in Stockholm (Sociala
 * jouren syd: Wednesday 16:00), and the pairs take turns week by week: pair 0 takes the
 * week that starts at `time` on `anchorDate`, pair 1 the next, and so on round.
 */
export interface WeeklyRota {
  weekday: Weekday
  time: LocalTime
  anchorDate: LocalDate
  pairs: readonly OnCallPair[]
}

const WEEK_MS = 7 * 24 * 3_600_000

/** The instant the rota week that contains `instant` began. */
export function rotaWeekStart(rota: Pick<WeeklyRota, 'weekday' | 'time'>, instant: Date): Date {
  const { date } = stockholmParts(instant)
  const back = (weekdayOf(date) - rota.weekday + 7) % 7
  const start = stockholmInstant(addDays(date, -back), minutesOf(rota.time))
  return start <= instant ? start : stockholmInstant(addDays(date, -back - 7), minutesOf(rota.time))
}

/** Who is on call at `instant`, or null when the jour has no rota. */
export function onCallAt(rota: WeeklyRota, instant: Date): OnCallPair | null {
  if (rota.pairs.length === 0) return null
  const anchor = stockholmInstant(rota.anchorDate, minutesOf(rota.time))
  // Weeks are 7 × 24 h except across a clock change, so round rather than floor.
  const weeks = Math.round((rotaWeekStart(rota, instant).getTime() - anchor.getTime()) / WEEK_MS)
  const position = ((weeks % rota.pairs.length) + rota.pairs.length) % rota.pairs.length
  return rota.pairs[position]!
}
