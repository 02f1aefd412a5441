import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmergencyNotice } from '~/components/emergency-notice'
import { STEP_PATHS } from '~/domain/report-flow'

export const handle = { i18n: ['common', 'report'], titleKey: 'report:start.title' }

export default function StartPage() {
  const { t } = useTranslation('report')
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
        <Link to="/sakerhet">{t('start.safetyLink')}</Link>
      </p>
    </>
  )
}
