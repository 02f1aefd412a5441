import { Form, Link, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGE_NAMES, type Language } from '~/i18n/config'
import { ExitThisPage } from './exit-this-page'

/** The frame of every public page: skip links, quick exit, language switch, footer. */
export function PublicLayout({ language, children }: { language: string; children: ReactNode }) {
  const { t } = useTranslation('common')
  const location = useLocation()
  const other: Language = language === 'sv' ? 'en' : 'sv'
  const returnTo = location.pathname + location.search
  return (
    <>
      <div className="skip-links">
        <a href="#main" className="skip-link">
          {t('skipToContent')}
        </a>
        <a href="/lamna" className="skip-link" rel="nofollow noreferrer">
          {t('exit.skipLink')}
        </a>
      </div>
      <ExitThisPage />
      <header className="header">
        <div className="width-container header__inner">
          <Link to="/" className="header__service">
            {t('serviceName')}
          </Link>
          <Form method="post" action="/sprak" className="language-switch" reloadDocument>
            <input type="hidden" name="returnTo" value={returnTo} />
            <input type="hidden" name="language" value={other} />
            <button type="submit" className="link-button">
              <span className="visually-hidden">{t('languageSwitch')} </span>
              <span lang={other}>{LANGUAGE_NAMES[other]}</span>
            </button>
          </Form>
        </div>
      </header>
      <div className="width-container">
        <main id="main" className="main" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer className="footer">
        <div className="width-container">
          <ul className="footer__links">
            <li>
              <Link to="/tillganglighet">{t('footer.accessibility')}</Link>
            </li>
            <li>
              <Link to="/sakerhet">{t('footer.safety')}</Link>
            </li>
          </ul>
          <p>{t('footer.emergency')}</p>
        </div>
      </footer>
    </>
  )
}

export function BackLink({ to }: { to: string }) {
  const { t } = useTranslation('common')
  return (
    <Link to={to} className="back-link">
      {t('back')}
    </Link>
  )
}
