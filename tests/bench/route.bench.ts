/**
 * route() over a year of instants: calls per second and latency percentiles, and the time
 * the coverage-gap check of `npm run config:check` takes over the demo regions.
 *   npx tsx tests/bench/route.bench.ts
 */
import { coverageGaps } from '../../app/domain/coverage-gaps'
import type { Jour } from '../../app/domain/jour-coverage'
import { DEFAULT_OFFICE_HOURS } from '../../app/domain/office-hours'
import { route, type MunicipalityCoverage } from '../../app/domain/routing'
import { LEVELS } from '../../app/domain/triage'
import { DEMO_CLOSURES, JOURS, MUNICIPALITIES } from '../../db/seed/regions'

const coverages: MunicipalityCoverage[] = MUNICIPALITIES.map(({ code }) => {
  const seed = JOURS.find((jour) => jour.memberCodes.includes(code))
  const jour: Jour | null = seed ? { id: seed.id, name: seed.name, publicPhone: seed.publicPhone, levels: ['immediate'], schedule: seed.schedule } : null
  const closures = DEMO_CLOSURES.filter((closure) => closure.municipalityCode === code).map((closure) => closure.date)
  return { code, intakeHours: { ...DEFAULT_OFFICE_HOURS, closures }, jour }
})

const start = Date.parse('2026-01-01T00:00:00Z')
const YEAR_MINUTES = 365 * 24 * 60
const STEP_MINUTES = 7 // coprime with the hour, so the samples fall on every minute of the day

// Warm-up: holiday tables and offsets for the year, JIT.
for (let minute = 0; minute < YEAR_MINUTES; minute += 60) route('immediate', coverages[0]!, new Date(start + minute * 60_000))

const samples: number[] = []
let calls = 0
const began = performance.now()
for (let minute = 0; minute < YEAR_MINUTES; minute += STEP_MINUTES) {
  const instant = new Date(start + minute * 60_000)
  const coverage = coverages[calls % coverages.length]!
  const level = LEVELS[calls % LEVELS.length]!
  const before = performance.now()
  route(level, coverage, instant)
  samples.push(performance.now() - before)
  calls++
}
const elapsedMs = performance.now() - began
samples.sort((a, b) => a - b)
const percentile = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!

const gapsBegan = performance.now()
let gaps = 0
const withGaps: string[] = []
const from = new Date('2026-11-23T00:00:00Z')
const to = new Date(from.getTime() + 365 * 24 * 60 * 60 * 1000)
for (const coverage of coverages) {
  const found = coverageGaps(coverage, from, to).length
  gaps += found
  if (found > 0) withGaps.push(coverage.code)
}
const gapsMs = performance.now() - gapsBegan

console.log(`route(): ${calls} calls over 2026 (every ${STEP_MINUTES} min, ${coverages.length} municipalities, 3 levels)`)
console.log(`  ${Math.round(calls / (elapsedMs / 1000)).toLocaleString('en')} calls/s`)
console.log(`  p50 ${(percentile(50) * 1000).toFixed(1)} µs, p99 ${(percentile(99) * 1000).toFixed(1)} µs, max ${(samples.at(-1)! * 1000).toFixed(1)} µs`)
console.log(`coverage gaps: ${coverages.length} municipalities x 365 days in ${Math.round(gapsMs)} ms (${gaps} gaps, in ${withGaps.join(', ') || 'none'})`)
