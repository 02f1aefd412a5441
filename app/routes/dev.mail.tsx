import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { StaffTime } from '~/components/staff-time'
import { caughtMail } from '~/server/dev-mail.server'
import { localOnly } from '~/server/local-only.server'

export const handle = { i18n: ['common', 'staff'], titleKey: 'common:devMail.title' }

const LATEST = 100

/**
 * Development only, and only to this machine: the e-mail the service sent, as the mail catcher
 * of `npm start` kept it. Its invitation links open accounts.
 */
export async function loader({ context }: LoaderFunctionArgs) {
  if (!localOnly(context)) throw new Response('Not Found', { status: 404 })
  return { messages: await caughtMail(context.config.DATA_DIR, LATEST), smtpConfigured: Boolean(context.config.SMTP_URL) }
}

export default function DevMail() {
  const { t } = useTranslation('common')
  const { messages, smtpConfigured } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('devMail.title')}</h1>
      <p className="body">{t('devMail.intro')}</p>
      {smtpConfigured ? <p className="body">{t('devMail.smtpConfigured')}</p> : null}
      {messages.length === 0 ? <p className="body">{t('devMail.empty')}</p> : <p className="body">{t('devMail.showing', { count: messages.length })}</p>}
      <ul className="mail-list">
        {messages.map((message) => (
          <li key={message.id}>
            <details>
              <summary>
                <bdi>{message.subject}</bdi>
              </summary>
              <p className="body">
                {t('devMail.to')}: <bdi>{message.to}</bdi>
                <br />
                {t('devMail.sent')}: <StaffTime value={message.date} />
              </p>
              <pre className="mail-list__text" dir="auto">
                {message.text}
              </pre>
            </details>
          </li>
        ))}
      </ul>
    </>
  )
}
