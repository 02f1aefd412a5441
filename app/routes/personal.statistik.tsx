import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { TableSection } from '~/components/table-section'
import { formatTertial, parseTertial, recentTertials, tertialOf, tertialRange } from '~/domain/statistics'
import { municipalityStatistics, type MunicipalityStatistics } from '~/server/statistics.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:statistics.title' }

/** Tertials to choose from: this year's and the two years before. */
const CHOOSABLE_TERTIALS = 9

/** Statistics for the administrator's municipalities, per tertial; the same rows as CSV at /personal/statistik.csv. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const now = context.now()
  const tertial = parseTertial(new URL(request.url).searchParams.get('period')) ?? tertialOf(now)
  return {
    period: formatTertial(tertial),
    periods: recentTertials(now, CHOOSABLE_TERTIALS).map(formatTertial),
    rows: await municipalityStatistics(context.db, staff.municipalityCodes, tertialRange(tertial), now),
  }
}

export default function Statistics() {
  const { t } = useTranslation('staff')
  const { period, periods, rows } = useLoaderData<typeof loader>()
  const label = (row: MunicipalityStatistics) => row.name ?? t('statistics.total')
  const inTime = (count: number, due: number, percent: number | null) => (percent === null ? '–' : t('statistics.inTime', { count, due, percent }))
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

      <TableSection id="statistics-reports" title={t('statistics.reportsTitle')}>
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
      </TableSection>

      <TableSection id="statistics-deadlines" title={t('statistics.deadlinesTitle')} intro={t('statistics.deadlinesIntro')}>
        <thead>
          <tr>
            <th scope="col">{t('statistics.municipality')}</th>
            <th scope="col">{t('statistics.protectionInTime')}</th>
            <th scope="col">{t('statistics.decisionsInTime')}</th>
            <th scope="col">{t('statistics.investigationsOpened')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.code ?? 'total'}>
              <th scope="row">{label(row)}</th>
              <td>{inTime(row.protectionAssessmentsInTime, row.protectionAssessmentsDue, row.protectionAssessmentsInTimePercent)}</td>
              <td>{inTime(row.decisionsInTime, row.decisionsDue, row.decisionsInTimePercent)}</td>
              <td>{row.investigationsOpened}</td>
            </tr>
          ))}
        </tbody>
      </TableSection>
    </>
  )
}
