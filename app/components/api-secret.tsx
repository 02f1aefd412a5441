import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { SummaryList } from './summary-list'

/** What an administrator is shown once, right after a client is created or its secret or webhook changed. */
interface ShownOnceView {
  clientId: string
  secret: string | null
  webhookSecret: string | null
}

/**
 * The client id and its secrets, shown this once: only a hash of the secret is kept, so the
 * page says to copy them now. The heading takes focus, so a screen reader starts here.
 */
export function ApiSecretNotice({ shown, heading }: { shown: ShownOnceView; heading: string }) {
  const { t } = useTranslation('staff')
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])
  return (
    <section className="inset" aria-labelledby="api-secret-heading">
      <h2 className="heading-m" id="api-secret-heading" tabIndex={-1} ref={headingRef}>
        {heading}
      </h2>
      <p className="body notice">{t('apiClients.shownOnce')}</p>
      <SummaryList
        rows={[
          { key: t('apiClients.clientId'), value: <code>{shown.clientId}</code> },
          ...(shown.secret ? [{ key: t('apiClients.secret'), value: <code data-secret="client">{shown.secret}</code> }] : []),
          ...(shown.webhookSecret ? [{ key: t('apiClients.webhookSecret'), value: <code data-secret="webhook">{shown.webhookSecret}</code> }] : []),
        ]}
      />
    </section>
  )
}
