import { coverageGaps } from '../domain/coverage-gaps'
import { readConfig } from '../server/config.server'
import { pagingGapReport } from '../server/coverage-check.server'
import { loadCoverage } from '../server/coverage.server'
import { createDb, migrateToLatest } from '../server/db.server'
import { startEmbeddedPostgres } from '../server/embedded-postgres.server'
import { seedDemoPaging, seedRegions } from '../server/seed.server'

/**
 * `npm run config:check`: every hour in the next 365 days when a municipality is covered by
 * neither its intake unit nor a jour, per municipality. Uses DATABASE_URL, or the embedded
 * database under DATA_DIR as `npm start` does. Exits 1 when any gap is found outside the
 * municipalities listed in ALLOW_GAPS (comma-separated codes), or when a jour has no
 * on-call rota; lists the missing paging addresses.
 */
const config = readConfig()
const started = performance.now()
const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: config.DATA_DIR })
const db = createDb(config.DATABASE_URL ?? embedded!.url, { max: 2 })
try {
  await migrateToLatest(db)
  if (embedded) {
    await seedRegions(db)
    await seedDemoPaging(db)
  }
  const from = new Date()
  const to = new Date(from.getTime() + 365 * 24 * 60 * 60 * 1000)
  const allowed = new Set((process.env.ALLOW_GAPS ?? '').split(',').filter(Boolean))
  const checkStarted = performance.now()
  const coverages = await loadCoverage(db)
  let unexpected = 0
  for (const coverage of coverages) {
    const gaps = coverageGaps(coverage, from, to)
    const hours = gaps.reduce((sum, gap) => sum + gap.to.getTime() - gap.from.getTime(), 0) / 3_600_000
    const status = gaps.length === 0 ? 'covered' : `${gaps.length} gaps, ${Math.round(hours)} h${coverage.jour ? '' : ' (no jour configured)'}`
    console.log(`${coverage.code} ${coverage.name.padEnd(14)} ${status}`)
    for (const gap of gaps.slice(0, 3)) console.log(`     ${gap.from.toISOString()} – ${gap.to.toISOString()}`)
    if (gaps.length > 3) console.log(`     … and ${gaps.length - 3} more`)
    if (gaps.length > 0 && !allowed.has(coverage.code)) unexpected++
  }
  const checkMs = performance.now() - checkStarted
  console.log(`\n${coverages.length} municipalities checked over 365 days in ${Math.round(checkMs)} ms (${Math.round(performance.now() - started)} ms with start-up)`)
  const paging = await pagingGapReport(db)
  console.log(
    paging.lines.length === 0 ? '\nPaging: every jour has a rota and addresses; every intake unit an address.' : `\nPaging:\n${paging.lines.map((line) => `  ${line}`).join('\n')}`,
  )
  process.exitCode = unexpected > 0 || paging.nobodyPaged > 0 ? 1 : 0
} finally {
  await db.destroy()
  await embedded?.stop()
}
