import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmergencyNotice } from '~/components/emergency-notice'
import { ReporterNotice } from '~/components/reporter-notice'
import { FOLLOW_UP_PATH, formatReplyCode } from '~/domain/follow-up'
import { formatReference } from '~/domain/reference'
import { cookies } from '~/server/cookies.server'
import { issueReplyCode } from '~/server/follow-up.server'
import { findReceipt } from '~/server/reports.server'

export const handle = { i18n: ['common', 'report'], titleKey: 'report:confirmation.title' }

/**
 * The receipt. It is found through a signed cookie, not the address, so a reload or a
 * bookmark in the same browser shows it again and the address reveals nothing. The reply
 * code is made and shown at the first view only (docs/decisions/0011): a reload or a second
 * tab shows the reference without it, and a double-clicked submit still shows it once. Like
 * every page, it is sent `Cache-Control: no-store` (server.ts), so the back button does not
 * bring the code back from the cache.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const reportId: unknown = await cookies(context.config).receipt.parse(request.headers.get('Cookie'))
  const receipt = typeof reportId === 'string' ? await findReceipt(context.db, reportId) : null
  if (!receipt) throw redirect('/', 303)
  const replyCode = await issueReplyCode(context.db, reportId as string)
  return { ...receipt, reference: formatReference(receipt.reference), replyCode: replyCode ? formatReplyCode(replyCode) : null }
}

export default function Confirmation() {
  const { t } = useTranslation('report')
  const { reference, municipalityName, someoneInDangerNow, notice, replyCode } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="panel">
        <h1 className="panel__title">{t('confirmation.title')}</h1>
        <div className="panel__body">
          {t('confirmation.referenceLabel')}
          <br />
          <strong className="panel__reference">{reference}</strong>
        </div>
      </div>
      <EmergencyNotice urgent={someoneInDangerNow} />
      <p className="body">{t('confirmation.keepReference')}</p>
      <section className="inset" aria-labelledby="reply-code-title">
        <h2 className="heading-m" id="reply-code-title">
          {t('confirmation.replyCodeTitle')}
        </h2>
        {replyCode ? (
          <>
            <p className="body">{t('confirmation.replyCodeLabel')}</p>
            <p className="body">
              <strong className="reply-code" translate="no">
                {replyCode}
              </strong>
            </p>
            <p className="body">{t('confirmation.replyCodeFor')}</p>
            <p className="body">
              <strong>{t('confirmation.replyCodeOnce')}</strong>
            </p>
            <p className="body">{t('confirmation.replyCodeNeverAsked')}</p>
            <p className="body">{t('confirmation.replyCodeNoPersonalData')}</p>
          </>
        ) : (
          <p className="body">{t('confirmation.replyCodeShown')}</p>
        )}
        <p className="body">
          <Link to={FOLLOW_UP_PATH}>{t('confirmation.followUpLink')}</Link>
        </p>
      </section>
      <h2 className="heading-m">{t('confirmation.nextTitle')}</h2>
      <ReporterNotice notice={notice} municipality={municipalityName} />
      <p className="body">{t('confirmation.nextBody')}</p>
      <p className="body">{t('confirmation.nextContact')}</p>
      <p className="body">{t('confirmation.readers')}</p>
      <p className="body">
        <Link to="/sakerhet-pa-natet">{t('start.safetyLink')}</Link>
      </p>
    </>
  )
}
