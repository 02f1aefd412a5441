import { coverageGaps } from '../domain/coverage-gaps'
import { loadCoverage } from './coverage.server'
import type { Executor } from './db.server'

const YEAR_MS = 365 * 24 * 60 * 60 * 1000

/**
 * One line per municipality that has hours in the next 365 days when neither its intake
 * unit nor a jour covers it: reports then go to the intake queue marked `uncovered`.
 */
export async function coverageGapReport(db: Executor, from: Date): Promise<string[]> {
  const to = new Date(from.getTime() + YEAR_MS)
  const lines: string[] = []
  for (const coverage of await loadCoverage(db)) {
    const gaps = coverageGaps(coverage, from, to)
    if (gaps.length === 0) continue
    const hours = gaps.reduce((sum, gap) => sum + (gap.to.getTime() - gap.from.getTime()), 0) / 3_600_000
    const first = gaps[0]!
    lines.push(
      `${coverage.name} (${coverage.code}): ${gaps.length} gaps, ${Math.round(hours)} h in all; first ${first.from.toISOString()} to ${first.to.toISOString()}` +
        (coverage.jour ? '' : '; no jour is configured'),
    )
  }
  return lines
}
