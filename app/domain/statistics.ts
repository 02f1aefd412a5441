import { stockholmInstant, stockholmParts } from './calendar'

/**
 * Statistics are kept per tertial, the four-month period Swedish municipalities report in
 * (Socialjouren Nordost reports per municipality every tertial, REGIONS.md): T1 January to
 * April, T2 May to August, T3 September to December, in Stockholm time.
 */
export interface Tertial {
  year: number
  /** 1, 2 or 3. */
  part: 1 | 2 | 3
}

const TERTIAL = /^(\d{4})-T([123])$/

export function parseTertial(value: string | null | undefined): Tertial | null {
  const match = value ? TERTIAL.exec(value) : null
  if (!match) return null
  const year = Number(match[1])
  return year >= 2000 && year <= 2100 ? { year, part: Number(match[2]) as Tertial['part'] } : null
}

export function formatTertial(tertial: Tertial): string {
  return `${tertial.year}-T${tertial.part}`
}

export function tertialOf(instant: Date): Tertial {
  const { date } = stockholmParts(instant)
  const month = Number(date.slice(5, 7))
  return { year: Number(date.slice(0, 4)), part: (Math.floor((month - 1) / 4) + 1) as Tertial['part'] }
}

function firstMonth(tertial: Tertial): number {
  return (tertial.part - 1) * 4 + 1
}

/** The tertial as instants: from its first midnight, up to (not including) the next tertial's. */
export function tertialRange(tertial: Tertial): { from: Date; to: Date } {
  const next = tertial.part === 3 ? { year: tertial.year + 1, part: 1 as const } : { year: tertial.year, part: (tertial.part + 1) as Tertial['part'] }
  const monthStart = (t: Tertial) => `${t.year}-${String(firstMonth(t)).padStart(2, '0')}-01`
  return { from: stockholmInstant(monthStart(tertial), 0), to: stockholmInstant(monthStart(next), 0) }
}

/** The tertial running at `now` and the `count - 1` before it, newest first. */
export function recentTertials(now: Date, count: number): Tertial[] {
  const tertials: Tertial[] = []
  let current = tertialOf(now)
  for (let index = 0; index < count; index++) {
    tertials.push(current)
    current = current.part === 1 ? { year: current.year - 1, part: 3 } : { year: current.year, part: (current.part - 1) as Tertial['part'] }
  }
  return tertials
}

/** A whole percentage of `part` in `whole`, or null when there is nothing to divide. */
export function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 100)
}

/** The tertial's four months as `YYYY-MM`, in order: the columns of the monthly chart. */
export function tertialMonths(tertial: Tertial): string[] {
  return [0, 1, 2, 3].map((offset) => `${tertial.year}-${String(firstMonth(tertial) + offset).padStart(2, '0')}`)
}
