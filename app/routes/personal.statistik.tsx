import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PercentBarChart, StackedColumnChart } from '~/components/svg-chart'
import { Table } from '~/components/table-section'
import { formatTertial, parseTertial, recentTertials, tertialMonths, tertialOf, tertialRange } from '~/domain/statistics'
import { LEVELS } from '~/domain/triage'
import { monthlyReports, municipalityStatistics, type MunicipalityStatistics } from '~/server/statistics.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:statistics.title' }

/** Tertials to choose from: this year's and the two years before. */
const CHOOSABLE_TERTIALS = 9

/** Statistics for the administrator's municipalities, per tertial; the same rows as CSV at /personal/statistik.csv. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const now = context.now()
  const tertial = parseTertial(new URL(request.url).searchParams.get('period')) ?? tertialOf(now)
  const range = tertialRange(tertial)
  const [rows, months] = await Promise.all([
    municipalityStatistics(context.db, staff.municipalityCodes, range, now),
    monthlyReports(context.db, staff.municipalityCodes, range, tertialMonths(tertial)),
  ])
  return { period: formatTertial(tertial), periods: recentTertials(now, CHOOSABLE_TERTIALS).map(formatTertial), rows, months }
}

export default function Statistics() {
  const { t } = useTranslation('staff')
  const { period, periods, rows, months } = useLoaderData<typeof loader>()
  const label = (row: MunicipalityStatistics) => row.name ?? t('statistics.total')
  const inTime = (count: number, due: number, percent: number | null) => (percent === null ? '–' : t('statistics.inTime', { count, due, percent }))
  const periodName = t('statistics.tertial', { year: period.slice(0, 4), part: period.slice(-1) })
  const monthName = (month: string) => t(`statistics.months.${month.slice(5)}`)
  const percentText = (percent: number | null) => (percent === null ? t('statistics.nothingToCount') : `${percent} %`)
  const municipalities = rows.filter((row) => row.code !== null)
  const levels = LEVELS.map((level) => ({ key: level, name: t(`statistics.${level}`) }))
  return (
    <>
      <h1 className="heading-l">{t('statistics.title')}</h1>
      <p className="body">{t('statistics.intro')}</p>
      <Form method="get" className="inline-form">
        <div className="form-group">
          <label className="label" htmlFor="period">
            {t('statistics.period')}
          </label>
          <select className="select select--inline" id="period" name="period" defaultValue={period}>
            {(periods.includes(period) ? periods : [period, ...periods]).map((value) => (
              <option key={value} value={value}>
                {t('statistics.tertial', { year: value.slice(0, 4), part: value.slice(-1) })}
              </option>
            ))}
          </select>{' '}
          <button type="submit" className="button button--secondary button--inline">
            {t('statistics.show')}
          </button>
        </div>
      </Form>
      <p className="body">
        <a href={`/personal/statistik.csv?period=${period}`} download>
          {t('statistics.download', { period: t('statistics.tertial', { year: period.slice(0, 4), part: period.slice(-1) }) })}
        </a>
      </p>

      <h2 className="heading-m">{t('statistics.monthlyTitle')}</h2>
      <StackedColumnChart
        id="chart-monthly"
        title={t('statistics.monthlyChart', { period: periodName })}
        description={t('statistics.chartDescription', {
          values: months
            .map((month) =>
              t('statistics.monthlyEntry', {
                month: monthName(month.month),
                count: month.immediate + month.urgent + month.standard,
                immediate: month.immediate,
                urgent: month.urgent,
                standard: month.standard,
              }),
            )
            .join('; '),
        })}
        groups={months.map((month) => ({ label: monthName(month.month), values: month }))}
        series={levels}
      />
      <Table caption={t('statistics.monthlyTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('statistics.month')}</th>
            <th scope="col">{t('statistics.reports')}</th>
            {levels.map((level) => (
              <th scope="col" key={level.key}>
                {level.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.month}>
              <th scope="row">{monthName(month.month)}</th>
              <td>{month.immediate + month.urgent + month.standard}</td>
              {levels.map((level) => (
                <td key={level.key}>{month[level.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>

      <h2 className="heading-m">{t('statistics.reportsTitle')}</h2>
      <PercentBarChart
        id="chart-jour-share"
        title={t('statistics.shareChart', { period: periodName })}
        description={t('statistics.chartDescription', {
          values: municipalities.map((row) => `${label(row)}: ${percentText(row.jourSharePercent)}`).join('; '),
        })}
        rows={municipalities.map((row) => ({ label: label(row), values: [row.jourSharePercent] }))}
        series={[{ name: t('statistics.jourShare') }]}
        emptyValue="–"
      />
      <Table caption={t('statistics.reportsTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('statistics.municipality')}</th>
            <th scope="col">{t('statistics.reports')}</th>
            <th scope="col">{t('statistics.immediate')}</th>
            <th scope="col">{t('statistics.urgent')}</th>
            <th scope="col">{t('statistics.standard')}</th>
            <th scope="col">{t('statistics.toJour')}</th>
            <th scope="col">{t('statistics.jourShare')}</th>
            <th scope="col">{t('statistics.acknowledged')}</th>
            <th scope="col">{t('statistics.medianToAcknowledge')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.code ?? 'total'}>
              <th scope="row">{label(row)}</th>
              <td>{row.reports}</td>
              <td>{row.immediate}</td>
              <td>{row.urgent}</td>
              <td>{row.standard}</td>
              <td>{row.toJour}</td>
              <td>{row.jourSharePercent === null ? '–' : `${row.jourSharePercent} %`}</td>
              <td>{row.acknowledged}</td>
              <td>{row.medianMinutesToAcknowledge === null ? '–' : t('statistics.minutes', { count: row.medianMinutesToAcknowledge })}</td>
            </tr>
          ))}
        </tbody>
      </Table>

      <h2 className="heading-m">{t('statistics.deadlinesTitle')}</h2>
      <p className="body">{t('statistics.deadlinesIntro')}</p>
      <PercentBarChart
        id="chart-deadlines"
        title={t('statistics.deadlinesChart', { period: periodName })}
        description={t('statistics.chartDescription', {
          values: rows
            .map((row) =>
              t('statistics.deadlinesEntry', {
                municipality: label(row),
                protection: percentText(row.protectionAssessmentsInTimePercent),
                decisions: percentText(row.initialAssessmentsInTimePercent),
              }),
            )
            .join('; '),
        })}
        rows={rows.map((row) => ({ label: label(row), values: [row.protectionAssessmentsInTimePercent, row.initialAssessmentsInTimePercent] }))}
        series={[{ name: t('statistics.protectionInTime') }, { name: t('statistics.initialAssessmentsInTime') }]}
        emptyValue="–"
      />
      <Table caption={t('statistics.deadlinesTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('statistics.municipality')}</th>
            <th scope="col">{t('statistics.protectionInTime')}</th>
            <th scope="col">{t('statistics.initialAssessmentsInTime')}</th>
            <th scope="col">{t('statistics.investigationsOpened')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.code ?? 'total'}>
              <th scope="row">{label(row)}</th>
              <td>{inTime(row.protectionAssessmentsInTime, row.protectionAssessmentsDue, row.protectionAssessmentsInTimePercent)}</td>
              <td>{inTime(row.initialAssessmentsInTime, row.initialAssessmentsDue, row.initialAssessmentsInTimePercent)}</td>
              <td>{row.investigationsOpened}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  )
}
