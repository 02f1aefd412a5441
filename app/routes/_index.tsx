import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmergencyNotice } from '~/components/emergency-notice'
import { useOpeningTime } from '~/components/opening-time'
import { nextOpening } from '~/domain/office-hours'
import { STEP_PATHS } from '~/domain/report-flow'
import { reporterNotice, route } from '~/domain/routing'
import { recentCoverage } from '~/server/coverage.server'
import { listMunicipalities } from '~/server/municipalities.server'

export const handle = { i18n: ['common', 'report'], titleKey: 'report:start.title' }

/** The start page may show, for a municipality the visitor picks, who reads a report right now. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const municipalities = await listMunicipalities(context.db)
  const chosen = new URL(request.url).searchParams.get('kommun')
  const coverage = chosen && municipalities.some((m) => m.code === chosen) ? await recentCoverage(context.db, chosen) : undefined
  if (!coverage) return { municipalities, status: null }
  const now = context.now()
  // What an `immediate` report would meet now: the office, the jour, or nobody.
  const notice = reporterNotice(route('immediate', coverage, now), coverage, now)
  return {
    municipalities,
    status: {
      code: coverage.code,
      municipality: coverage.name,
      kind: notice.kind === 'intakeToday' ? ('intakeOpen' as const) : notice.kind === 'jour' ? ('jour' as const) : ('uncovered' as const),
      jour: notice.kind === 'jour' ? notice.jourName : null,
      opensAt: nextOpening(coverage.intakeHours, now)?.toISOString() ?? null,
    },
  }
}

export default function StartPage() {
  const { t } = useTranslation('report')
  const { municipalities, status } = useLoaderData<typeof loader>()
  const opening = useOpeningTime()
  const when = status ? opening(status.opensAt) : null
  return (
    <>
      <h1 className="heading-xl">{t('start.title')}</h1>
      <p className="lead">{t('start.lead')}</p>
      <EmergencyNotice />
      <h2 className="heading-m">{t('start.whoTitle')}</h2>
      <ul className="list list--bullet">
        <li>{t('start.whoAnyone')}</li>
        <li>{t('start.whoNoProof')}</li>
        <li>{t('start.whoSelf')}</li>
        <li>{t('start.whoProfessional')}</li>
      </ul>
      <h2 className="heading-m">{t('start.readTitle')}</h2>
      <p className="body">{t('start.readBody')}</p>
      <p className="body">{t('start.readAfterHours')}</p>
      <Form method="get" className="inline-form" preventScrollReset>
        <div className="form-group">
          <label className="label label--bold" htmlFor="status-municipality">
            {t('start.status.legend')} <span className="visually-hidden">{t('start.status.label')}</span>
          </label>
          <select className="select select--inline" id="status-municipality" name="kommun" defaultValue={status?.code ?? ''}>
            <option value="">{t('start.status.label')}</option>
            {municipalities.map((municipality) => (
              <option key={municipality.code} value={municipality.code}>
                {municipality.name}
              </option>
            ))}
          </select>{' '}
          <button type="submit" className="button button--secondary button--inline">
            {t('start.status.button')}
          </button>
        </div>
      </Form>
      {status ? (
        <div className="inset" role="status">
          <p className="body">
            {t(`start.status.${status.kind}`, {
              municipality: status.municipality,
              jour: status.jour,
              day: when?.day ?? '',
              time: when?.time ?? '',
            })}
          </p>
        </div>
      ) : null}
      <h2 className="heading-m">{t('start.accessTitle')}</h2>
      <p className="body">{t('start.accessBody')}</p>
      <h2 className="heading-m">{t('start.beforeTitle')}</h2>
      <p className="body">{t('start.beforeBody')}</p>
      <Link to={STEP_PATHS.municipality} className="button button--start" role="button" draggable={false}>
        {t('start.button')}
        <svg aria-hidden="true" focusable="false" width="17.5" height="19" viewBox="0 0 33 40">
          <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
        </svg>
      </Link>
      <p className="body">
        <Link to="/folj-din-anmalan">{t('start.followUpLink')}</Link>
      </p>
      <p className="body">
        <Link to="/sakerhet-pa-natet">{t('start.safetyLink')}</Link>
      </p>
    </>
  )
}
