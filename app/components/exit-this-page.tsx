import { useTranslation } from 'react-i18next'

export const EXIT_PATH = '/lamna'
export const SHIFT_PRESSES = 3

/**
 * "Lämna sidan snabbt" (govuk-frontend's Exit this page). The link works without
 * JavaScript; with it, public/enhance.js makes three presses of Shift within five seconds do
 * the same, counting down in the status region, and replaces the page so Back does not
 * return to it. /lamna deletes the draft before sending the person to a neutral site. The
 * texts the module speaks are rendered here, in the page's language, as data attributes.
 */
export function ExitThisPage() {
  const { t } = useTranslation('common')
  const countdown = Object.fromEntries(
    Array.from({ length: SHIFT_PRESSES - 1 }, (_, index) => index + 1).map((left) => [`data-shift${left}`, t('exit.shiftCount', { count: left })]),
  )
  return (
    <div className="exit-this-page" data-module="exit-this-page" data-exit-path={EXIT_PATH} data-loading-text={t('exit.loading')} {...countdown}>
      <a href={EXIT_PATH} className="button button--warning exit-this-page__button" rel="nofollow noreferrer">
        <span className="visually-hidden">{t('exit.emergency')} </span>
        {t('exit.button')}
      </a>
      <div role="status" className="exit-this-page__status" />
    </div>
  )
}
