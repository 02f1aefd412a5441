import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatReference } from '~/domain/reference'
import { StaffTime } from './staff-time'

export interface QueueSearchState {
  /** What was typed, shown again whatever the outcome: nothing typed is lost. */
  query: string
  error: string | null
  /** Reports found for a personnummer; null when the search was not one, or failed. */
  results: Array<{ id: string; reference: string; level: string; status: string; receivedAt: string; municipalityName: string }> | null
  /** A reference that matched nothing the reader may see. */
  notFound: boolean
}

/**
 * Search by reference or personnummer. A POST, so what is typed never reaches an address, a
 * browser history or a log line; each search is written to the audit log by the action.
 */
export function QueueSearch({ csrf, state }: { csrf: string; state: QueueSearchState | null }) {
  const { t } = useTranslation('staff')
  const error = state?.error ?? null
  const describedBy = ['queue-search-hint', error ? 'queue-search-error' : null].filter(Boolean).join(' ')
  return (
    <section className="queue-search" aria-labelledby="queue-search-title">
      <h2 className="heading-s" id="queue-search-title">
        {t('queueView.search.title')}
      </h2>
      <Form method="post" noValidate className="queue-search__form">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="intent" value="search" />
        <div className={error ? 'form-group form-group--error' : 'form-group'}>
          <label className="label" htmlFor="queue-search">
            {t('queueView.search.label')}
          </label>
          <div className="hint" id="queue-search-hint">
            {t('queueView.search.hint')}
          </div>
          {error ? (
            <p className="field-error" id="queue-search-error">
              <span className="visually-hidden">{t('errors:prefix')}</span> {t(error)}
            </p>
          ) : null}
          <div className="queue-search__row">
            <input
              className={error ? 'input input--medium input--error' : 'input input--medium'}
              id="queue-search"
              name="q"
              type="search"
              autoComplete="off"
              spellCheck={false}
              defaultValue={state?.query ?? ''}
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
            />
            <button type="submit" className="button button--secondary button--inline">
              {t('queueView.search.submit')}
            </button>
          </div>
        </div>
      </Form>
      {state?.notFound ? (
        <p className="body" role="status">
          {t('queueView.search.noReference')}
        </p>
      ) : null}
      {state?.results ? (
        <div role="status">
          {state.results.length === 0 ? (
            <p className="body">{t('queueView.search.noPerson')}</p>
          ) : (
            <>
              <p className="body">{t('queueView.search.found', { count: state.results.length })}</p>
              <ul className="list queue-search__results">
                {state.results.map((report) => (
                  <li key={report.id}>
                    <Link to={`/personal/anmalan/${report.id}`}>{formatReference(report.reference)}</Link> – {t(`levels.${report.level}`)}, {t(`statuses.${report.status}`)},{' '}
                    {report.municipalityName}, <StaffTime value={report.receivedAt} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
    </section>
  )
}
