import type { LoaderFunctionArgs } from '@remix-run/node'
import { csvDocument } from '~/domain/csv'
import { parseTertial, formatTertial, tertialOf, tertialRange } from '~/domain/statistics'
import { requestLanguage } from '~/i18n/i18next.server'
import { fixedT } from '~/i18n/translations.server'
import { municipalityStatistics } from '~/server/statistics.server'
import { requireStaff } from '~/server/staff-session.server'

/**
 * The statistics page's rows as CSV for the tertial report: semicolons and a byte-order
 * mark, as Swedish spreadsheet programs expect.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const now = context.now()
  const tertial = parseTertial(new URL(request.url).searchParams.get('period')) ?? tertialOf(now)
  const rows = await municipalityStatistics(context.db, staff.municipalityCodes, tertialRange(tertial), now)
  const t = fixedT(await requestLanguage(request), 'staff')
  const columns = [
    ['municipality', (row) => row.name ?? t('statistics.total')],
    ['code', (row) => row.code],
    ['reports', (row) => row.reports],
    ['immediate', (row) => row.immediate],
    ['urgent', (row) => row.urgent],
    ['standard', (row) => row.standard],
    ['toJour', (row) => row.toJour],
    ['jourShare', (row) => row.jourSharePercent],
    ['jourMinutes', (row) => row.jourMinutes],
    ['jourTimeShare', (row) => row.jourTimeSharePercent],
    ['acknowledged', (row) => row.acknowledged],
    ['medianToAcknowledge', (row) => row.medianMinutesToAcknowledge],
    ['protectionDue', (row) => row.protectionAssessmentsDue],
    ['protectionInTime', (row) => row.protectionAssessmentsInTime],
    ['initialAssessmentsDue', (row) => row.initialAssessmentsDue],
    ['initialAssessmentsInTime', (row) => row.initialAssessmentsInTime],
    ['investigationsOpened', (row) => row.investigationsOpened],
  ] as const satisfies ReadonlyArray<readonly [string, (row: (typeof rows)[number]) => string | number | null]>
  const body = csvDocument([columns.map(([key]) => t(`statistics.csv.${key}`)), ...rows.map((row) => columns.map(([, value]) => value(row)))])
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="orosanmalan-statistik-${formatTertial(tertial)}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
