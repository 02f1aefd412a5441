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

/**
 * One line per gap in who gets told (issue 6): a jour with nobody on its rota pages nobody
 * for an immediate report; without a shared or manager address the 25-minute escalation
 * reaches nobody new; an intake unit without an address gets no duty alerts or summaries.
 */
export async function pagingGapReport(db: Executor): Promise<{ lines: string[]; nobodyPaged: number }> {
  const jours = await db
    .selectFrom('jour_units')
    .leftJoin('on_call_rota', 'on_call_rota.jour_id', 'jour_units.id')
    .select((eb) => ['jour_units.id', 'jour_units.name', 'jour_units.shared_email', 'jour_units.manager_email', eb.fn.count<string>('on_call_rota.position').as('pairs')])
    .groupBy(['jour_units.id', 'jour_units.name', 'jour_units.shared_email', 'jour_units.manager_email'])
    .orderBy('jour_units.name')
    .execute()
  const lines: string[] = []
  let nobodyPaged = 0
  for (const jour of jours) {
    if (Number(jour.pairs) === 0) {
      nobodyPaged++
      lines.push(`${jour.name}: no on-call rota, so nobody is paged for an immediate report`)
    }
    if (!jour.shared_email) lines.push(`${jour.name}: no shared address for the escalation at 25 minutes`)
    if (!jour.manager_email) lines.push(`${jour.name}: no manager address for the escalation at 25 minutes`)
  }
  const silent = await db.selectFrom('municipalities').select(['code', 'name']).where('intake_email', 'is', null).orderBy('name').execute()
  for (const municipality of silent) lines.push(`${municipality.name} (${municipality.code}): no intake address, so no duty alerts or morning summaries`)
  return { lines, nobodyPaged }
}
