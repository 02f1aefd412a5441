import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

const EXIT_PATH = '/lamna'
const SHIFT_PRESSES = 3
const SHIFT_WINDOW_MS = 5_000

/**
 * "Lämna sidan snabbt" (govuk-frontend's Exit this page). The link works without
 * JavaScript; with it, three presses of Shift within five seconds do the same, and the page
 * is replaced so Back does not return to it. /lamna deletes the draft before sending the
 * person to a neutral site.
 */
export function ExitThisPage() {
  const { t } = useTranslation('common')
  const [presses, setPresses] = useState(0)
  const [leaving, setLeaving] = useState(false)

  useEffect(() => {
    let count = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key !== 'Shift') {
        count = 0
        setPresses(0)
        return
      }
      count += 1
      setPresses(count)
      clearTimeout(timer)
      timer = setTimeout(() => {
        count = 0
        setPresses(0)
      }, SHIFT_WINDOW_MS)
      if (count >= SHIFT_PRESSES) {
        setLeaving(true)
        window.location.replace(EXIT_PATH)
      }
    }
    // Back after leaving shows the page from the cache: take the overlay away again.
    const onPageShow = () => setLeaving(false)
    document.addEventListener('keyup', onKeyUp, true)
    window.addEventListener('pageshow', onPageShow)
    return () => {
      document.removeEventListener('keyup', onKeyUp, true)
      window.removeEventListener('pageshow', onPageShow)
      clearTimeout(timer)
    }
  }, [])

  return (
    <div className="exit-this-page" data-leaving={leaving || undefined}>
      <a
        href={EXIT_PATH}
        className="button button--warning exit-this-page__button"
        rel="nofollow noreferrer"
        onClick={(event) => {
          event.preventDefault()
          setLeaving(true)
          window.location.replace(EXIT_PATH)
        }}
      >
        <span className="visually-hidden">{t('exit.emergency')} </span>
        {t('exit.button')}
      </a>
      <div role="status" className="exit-this-page__status">
        {presses > 0 && presses < SHIFT_PRESSES ? t('exit.shiftCount', { count: SHIFT_PRESSES - presses }) : ''}
      </div>
      {leaving ? (
        <div className="exit-this-page__overlay" role="alert">
          {t('exit.loading')}
        </div>
      ) : null}
    </div>
  )
}
