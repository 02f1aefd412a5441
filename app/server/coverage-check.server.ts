import { setImmediate as nextTurn } from 'node:timers/promises'
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
    // A year of one municipality is tens of milliseconds before the JIT has warmed up; the
    // web runs this just after it starts listening, so requests get a turn between them.
    await nextTurn()
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

/** Something in the configuration that leaves a report or a page without a reader. */
export type ConfigurationProblem =
  { kind: 'noRota' | 'noSharedEmail' | 'noManagerEmail'; jourId: string; name: string } | { kind: 'noIntakeEmail'; municipalityCode: string; name: string }

/**
 * Gaps in who gets told (issue 6), for the jours and municipalities given (all when none
 * are): a jour with nobody on its rota pages nobody for an immediate report; without a
 * shared or manager address the 25-minute escalation reaches nobody new; an intake unit
 * without an address gets no duty alerts or morning summaries.
 */
export async function configurationProblems(db: Executor, scope?: { jourIds: readonly string[]; municipalityCodes: readonly string[] }): Promise<ConfigurationProblem[]> {
  let jourQuery = db
    .selectFrom('jour_units')
    .leftJoin('on_call_rota', 'on_call_rota.jour_id', 'jour_units.id')
    .select((eb) => ['jour_units.id', 'jour_units.name', 'jour_units.shared_email', 'jour_units.manager_email', eb.fn.count<string>('on_call_rota.position').as('pairs')])
    .groupBy(['jour_units.id', 'jour_units.name', 'jour_units.shared_email', 'jour_units.manager_email'])
    .orderBy('jour_units.name')
  let municipalityQuery = db.selectFrom('municipalities').select(['code', 'name']).where('intake_email', 'is', null).orderBy('name')
  if (scope) {
    jourQuery = jourQuery.where('jour_units.id', 'in', scope.jourIds.length > 0 ? [...scope.jourIds] : [''])
    municipalityQuery = municipalityQuery.where('code', 'in', scope.municipalityCodes.length > 0 ? [...scope.municipalityCodes] : [''])
  }
  const problems: ConfigurationProblem[] = []
  for (const jour of await jourQuery.execute()) {
    if (Number(jour.pairs) === 0) problems.push({ kind: 'noRota', jourId: jour.id, name: jour.name })
    if (!jour.shared_email) problems.push({ kind: 'noSharedEmail', jourId: jour.id, name: jour.name })
    if (!jour.manager_email) problems.push({ kind: 'noManagerEmail', jourId: jour.id, name: jour.name })
  }
  for (const municipality of await municipalityQuery.execute()) problems.push({ kind: 'noIntakeEmail', municipalityCode: municipality.code, name: municipality.name })
  return problems
}

const PROBLEM_LINES: Record<ConfigurationProblem['kind'], string> = {
  noRota: 'no on-call rota, so nobody is paged for an immediate report',
  noSharedEmail: 'no shared address for the escalation at 25 minutes',
  noManagerEmail: 'no manager address for the escalation at 25 minutes',
  noIntakeEmail: 'no intake address, so no duty alerts or morning summaries',
}

/** The same problems as lines for `npm run config:check`. */
export async function pagingGapReport(db: Executor): Promise<{ lines: string[]; nobodyPaged: number }> {
  const problems = await configurationProblems(db)
  return {
    lines: problems.map((problem) => `${problem.name}${problem.kind === 'noIntakeEmail' ? ` (${problem.municipalityCode})` : ''}: ${PROBLEM_LINES[problem.kind]}`),
    nobodyPaged: problems.filter((problem) => problem.kind === 'noRota').length,
  }
}
