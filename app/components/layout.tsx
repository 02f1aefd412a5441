import { Form, Link, useLocation } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { directionOf, htmlLanguageOf, LANGUAGE_NAMES, SUPPORTED_LANGUAGES, type Language } from '~/i18n/config'
import { ExitThisPage } from './exit-this-page'

/** The frame of every public page: skip links, quick exit, language switch, footer. */
export function PublicLayout({ language, children }: { language: string; children: ReactNode }) {
  const { t } = useTranslation('common')
  const location = useLocation()
  // One tap between Swedish and English as before; every other language is on /sprak and in the footer.
  const other: Language = language === 'sv' ? 'en' : 'sv'
  const returnTo = location.pathname + location.search
  useFocusFromTopOnNewPage(location.pathname)
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
          <a href={`/sprak?returnTo=${encodeURIComponent(returnTo)}`} className="header__languages">
            {t('languages.link')}
          </a>
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
              <Link to="/sakerhet-pa-natet">{t('footer.safety')}</Link>
            </li>
          </ul>
          <p>{t('footer.emergency')}</p>
          <nav aria-labelledby="footer-languages">
            <h2 className="footer__heading" id="footer-languages">
              {t('languages.title')}
            </h2>
            <LanguageList current={language} returnTo={returnTo} />
          </nav>
        </div>
      </footer>
    </>
  )
}

/**
 * With JavaScript, "Fortsätt" shows the next page without loading one, and the focus would
 * stay where the old page's button was. Start from the top instead, as a page load does:
 * the next Tab reaches "Hoppa till innehållet". (A failed submit stays on its path, so the
 * error summary keeps the focus it takes.)
 */
function useFocusFromTopOnNewPage(pathname: string) {
  const shown = useRef(pathname)
  useEffect(() => {
    if (shown.current === pathname) return
    shown.current = pathname
    const body = document.body
    body.tabIndex = -1
    body.focus({ preventScroll: true })
    body.removeAttribute('tabindex')
  }, [pathname])
}

/**
 * Every language by its own name, each a submit button of one plain form to /sprak, so a
 * person who reads none of the page's language still finds theirs, with or without JavaScript.
 */
export function LanguageList({ current, returnTo }: { current: string; returnTo: string }) {
  return (
    <form method="post" action="/sprak" className="language-list">
      <input type="hidden" name="returnTo" value={returnTo} />
      <ul className="language-list__items">
        {SUPPORTED_LANGUAGES.map((language) => (
          <li key={language} lang={htmlLanguageOf(language)} dir={directionOf(language)}>
            {language === current ? (
              <span className="language-list__current" aria-current="true">
                {LANGUAGE_NAMES[language]}
              </span>
            ) : (
              <button type="submit" name="language" value={language} className="language-list__button">
                {LANGUAGE_NAMES[language]}
              </button>
            )}
          </li>
        ))}
      </ul>
    </form>
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
