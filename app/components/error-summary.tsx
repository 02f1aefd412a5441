import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

export interface SummaryError {
  /** The id of the control to focus: the input, or the first radio or checkbox of a group. */
  targetId: string
  /** A key in the `errors` namespace; the summary and the field say the same words. */
  message: string
  /** What the message's placeholders stand for, e.g. `{ count: 30 }` for "wait 30 seconds". */
  values?: Record<string, string | number>
}

/**
 * The GOV.UK error summary: heading "Det finns ett problem" even for one error, a link to
 * each field, focused on load so a screen reader hears it first. On the staff pages React
 * does that; on the citizen pages, which are not hydrated, public/enhance.js does.
 */
export function ErrorSummary({ errors }: { errors: SummaryError[] }) {
  const { t } = useTranslation('errors')
  const ref = useRef<HTMLDivElement>(null)
  const signature = errors.map((error) => `${error.targetId}:${error.message}`).join('|')
  useEffect(() => {
    if (signature) ref.current?.focus()
  }, [signature])
  if (errors.length === 0) return null
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title" data-module="error-summary">
      <div role="alert">
        <h2 className="error-summary__title" id="error-summary-title">
          {t('summaryTitle')}
        </h2>
        <ul className="error-summary__list">
          {errors.map((error) => (
            <li key={`${error.targetId}-${error.message}`}>
              <a
                href={`#${error.targetId}`}
                onClick={(event) => {
                  const target = document.getElementById(error.targetId)
                  if (!target) return
                  event.preventDefault()
                  // For radios and checkboxes, show the question (legend) as well as the control.
                  const legend = target.closest('fieldset')?.querySelector('legend')
                  ;(legend ?? target).scrollIntoView()
                  target.focus({ preventScroll: true })
                }}
              >
                {t(error.message, error.values)}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}
