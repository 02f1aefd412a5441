import { sql } from 'kysely'
import { percentage } from '../domain/statistics'
import type { Level } from '../domain/triage'
import type { Executor } from './db.server'

/** One municipality's period, or the sum of all of them (`code` null). Counts only: no report content. */
export interface MunicipalityStatistics {
  code: string | null
  name: string | null
  reports: number
  immediate: number
  urgent: number
  standard: number
  /** Routed to the jour after hours. */
  toJour: number
  /** Of the reports routed to the jour, how many the jour acknowledged, and the median minutes from receipt. */
  acknowledged: number
  medianMinutesToAcknowledge: number | null
  /** This municipality's part of its jour's reports in the period, in percent. */
  jourSharePercent: number | null
  /** The jour's recorded working minutes on this municipality's reports, and their part of all its minutes (Nordost splits half its cost by time). */
  jourMinutes: number
  jourTimeSharePercent: number | null
  /** Protection assessments due by now, and how many were made by the deadline. */
  protectionAssessmentsDue: number
  protectionAssessmentsInTime: number
  protectionAssessmentsInTimePercent: number | null
  initialAssessmentsDue: number
  initialAssessmentsInTime: number
  initialAssessmentsInTimePercent: number | null
  investigationsOpened: number
}

const count = (condition: ReturnType<typeof sql>) => sql<string>`count(r.id) filter (where ${condition})`

/**
 * Counts per municipality for reports received in [from, to), the last row the sum. A
 * deadline counts once it has passed or been met, so a report still within its 14 days is
 * neither late nor in time.
 */
export async function municipalityStatistics(db: Executor, municipalityCodes: readonly string[], range: { from: Date; to: Date }, now: Date): Promise<MunicipalityStatistics[]> {
  if (municipalityCodes.length === 0) return []
  const rows = await db
    .selectFrom('municipalities as m')
    .leftJoin('reports as r', (join) => join.onRef('r.municipality_code', '=', 'm.code').on('r.received_at', '>=', range.from).on('r.received_at', '<', range.to))
    .select([
      'm.code',
      sql<string | null>`min(m.name)`.as('name'),
      sql<string>`count(r.id)`.as('reports'),
      count(sql`r.level = 'immediate'`).as('immediate'),
      count(sql`r.level = 'urgent'`).as('urgent'),
      count(sql`r.level = 'standard'`).as('standard'),
      count(sql`r.destination = 'jour'`).as('toJour'),
      count(sql`r.destination = 'jour' and r.acknowledged_at is not null`).as('acknowledged'),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from r.acknowledged_at - r.received_at)) filter (where r.destination = 'jour')`.as(
        'medianSecondsToAcknowledge',
      ),
      count(sql`r.protection_assessment_due is not null and (r.protection_assessed_at is not null or r.protection_assessment_due < ${now})`).as('protectionAssessmentsDue'),
      count(sql`r.protection_assessed_at <= r.protection_assessment_due`).as('protectionAssessmentsInTime'),
      count(sql`r.decision_due is not null and (r.decided_at is not null or r.decision_due < ${now})`).as('initialAssessmentsDue'),
      count(sql`r.decided_at <= r.decision_due`).as('initialAssessmentsInTime'),
      count(sql`r.decision = 'open'`).as('investigationsOpened'),
      sql<string>`coalesce(sum((${jourMinutesOf(sql`r.id`)})), 0)`.as('jourMinutes'),
    ])
    .where('m.code', 'in', [...municipalityCodes])
    // The rollup adds the sum of every municipality as a row whose code is null.
    .groupBy(sql`rollup(m.code)`)
    .orderBy(sql`m.code is null`)
    .orderBy(sql`min(m.name)`)
    .execute()

  const shares = await jourShares(db, municipalityCodes, range)
  return rows.map((row) => {
    const reports = Number(row.reports)
    const protectionAssessmentsDue = Number(row.protectionAssessmentsDue)
    const protectionAssessmentsInTime = Number(row.protectionAssessmentsInTime)
    const initialAssessmentsDue = Number(row.initialAssessmentsDue)
    const initialAssessmentsInTime = Number(row.initialAssessmentsInTime)
    return {
      code: row.code,
      name: row.code === null ? null : row.name,
      reports,
      immediate: Number(row.immediate),
      urgent: Number(row.urgent),
      standard: Number(row.standard),
      toJour: Number(row.toJour),
      acknowledged: Number(row.acknowledged),
      medianMinutesToAcknowledge: row.medianSecondsToAcknowledge === null ? null : Math.round(Number(row.medianSecondsToAcknowledge) / 60),
      jourSharePercent: row.code === null ? null : (shares.get(row.code)?.reports ?? null),
      jourMinutes: Number(row.jourMinutes),
      jourTimeSharePercent: row.code === null ? null : (shares.get(row.code)?.minutes ?? null),
      protectionAssessmentsDue,
      protectionAssessmentsInTime,
      protectionAssessmentsInTimePercent: percentage(protectionAssessmentsInTime, protectionAssessmentsDue),
      initialAssessmentsDue,
      initialAssessmentsInTime,
      initialAssessmentsInTimePercent: percentage(initialAssessmentsInTime, initialAssessmentsDue),
      investigationsOpened: Number(row.investigationsOpened),
    }
  })
}

/** The minutes the jour recorded on a report's actions (casework: jourAction). */
function jourMinutesOf(reportId: ReturnType<typeof sql>) {
  return sql<number | null>`select sum((e.data->>'minutes')::int) from report_events e where e.report_id = ${reportId} and e.kind = 'jourAction'`
}

/**
 * Each municipality's percentage of its jour's reports and of its recorded minutes in the
 * period, counted over every member of the jour, also those this administrator does not
 * keep (only the shares are shown).
 */
async function jourShares(db: Executor, municipalityCodes: readonly string[], range: { from: Date; to: Date }) {
  const rows = await db
    .selectFrom('reports as r')
    .select([
      'r.destination_jour_id as jourId',
      'r.municipality_code as code',
      sql<string>`count(*)`.as('reports'),
      sql<string>`coalesce(sum((${jourMinutesOf(sql`r.id`)})), 0)`.as('minutes'),
    ])
    .where('r.destination', '=', 'jour')
    .where('r.received_at', '>=', range.from)
    .where('r.received_at', '<', range.to)
    .where('r.destination_jour_id', 'in', (eb) =>
      eb
        .selectFrom('jour_memberships')
        .select('jour_id')
        .where('municipality_code', 'in', [...municipalityCodes]),
    )
    .groupBy(['r.destination_jour_id', 'r.municipality_code'])
    .execute()
  const totals = new Map<string, { reports: number; minutes: number }>()
  for (const row of rows) {
    const total = totals.get(row.jourId!) ?? { reports: 0, minutes: 0 }
    totals.set(row.jourId!, { reports: total.reports + Number(row.reports), minutes: total.minutes + Number(row.minutes) })
  }
  const shares = new Map<string, { reports: number | null; minutes: number | null }>()
  for (const row of rows) {
    if (!municipalityCodes.includes(row.code)) continue
    const total = totals.get(row.jourId!)!
    shares.set(row.code, { reports: percentage(Number(row.reports), total.reports), minutes: percentage(Number(row.minutes), total.minutes) })
  }
  return shares
}

/** Reports per month of the period and level, over the administrator's municipalities. */
export type MonthlyReports = { month: string } & Record<Level, number>

/**
 * Reports received in [from, to) in the given municipalities, counted per calendar month in
 * Stockholm time (`YYYY-MM`) and level. `months` lists the months to answer for, in order, so
 * a month without reports is a row of zeros rather than missing.
 */
export async function monthlyReports(db: Executor, municipalityCodes: readonly string[], range: { from: Date; to: Date }, months: readonly string[]): Promise<MonthlyReports[]> {
  const rows =
    municipalityCodes.length === 0
      ? []
      : await db
          .selectFrom('reports as r')
          .select([
            sql<string>`to_char(r.received_at at time zone 'Europe/Stockholm', 'YYYY-MM')`.as('month'),
            count(sql`r.level = 'immediate'`).as('immediate'),
            count(sql`r.level = 'urgent'`).as('urgent'),
            count(sql`r.level = 'standard'`).as('standard'),
          ])
          .where('r.municipality_code', 'in', [...municipalityCodes])
          .where('r.received_at', '>=', range.from)
          .where('r.received_at', '<', range.to)
          .groupBy(sql`1`)
          .execute()
  const byMonth = new Map(rows.map((row) => [row.month, row]))
  return months.map((month) => {
    const row = byMonth.get(month)
    return { month, immediate: Number(row?.immediate ?? 0), urgent: Number(row?.urgent ?? 0), standard: Number(row?.standard ?? 0) }
  })
}
