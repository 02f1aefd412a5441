import { addDays, minutesOf, stockholmInstant, stockholmParts, type LocalDate } from './calendar'
import { jourStatusAt } from './jour-coverage'
import { isIntakeOpen, openingSpans } from './office-hours'
import type { MunicipalityCoverage } from './routing'

export interface Gap {
  from: Date
  to: Date
}

/** Minutes of a day at which coverage may change: midnight, office spans, and the jour's span edges. */
function boundaries(coverage: MunicipalityCoverage, date: LocalDate): number[] {
  const minutes = new Set<number>([0, 24 * 60])
  for (const [from, to] of openingSpans(coverage.intakeHours, date)) minutes.add(from).add(to)
  const schedule = coverage.jour?.schedule
  if (schedule?.kind === 'weekly') {
    for (const spans of Object.values(schedule.days)) {
      for (const span of spans) minutes.add(minutesOf(span.from)).add(minutesOf(span.to))
    }
  }
  return [...minutes].sort((a, b) => a - b)
}

/**
 * Every stretch in [from, to) when neither the intake unit nor a jour covers the
 * municipality. Coverage changes only at the edges of configured spans, so each stretch
 * between two edges is judged once, at its middle.
 */
export function coverageGaps(coverage: MunicipalityCoverage, from: Date, to: Date): Gap[] {
  const gaps: Gap[] = []
  let date = stockholmParts(from).date
  const lastDate = stockholmParts(to).date
  while (date <= lastDate) {
    const edges = boundaries(coverage, date)
    for (let i = 0; i < edges.length - 1; i++) {
      const start = stockholmInstant(date, edges[i]!)
      const end = stockholmInstant(date, edges[i + 1]!)
      const middle = new Date((start.getTime() + end.getTime()) / 2)
      const covered = isIntakeOpen(coverage.intakeHours, middle) || (coverage.jour !== null && jourStatusAt(coverage.jour, coverage.intakeHours, middle) !== null)
      if (covered) continue
      const clippedStart = start < from ? from : start
      const clippedEnd = end > to ? to : end
      if (clippedEnd <= clippedStart) continue
      const previous = gaps.at(-1)
      if (previous && previous.to.getTime() === clippedStart.getTime()) previous.to = clippedEnd
      else gaps.push({ from: clippedStart, to: clippedEnd })
    }
    date = addDays(date, 1)
  }
  return gaps
}
