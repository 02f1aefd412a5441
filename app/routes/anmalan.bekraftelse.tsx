import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmergencyNotice } from '~/components/emergency-notice'
import { ReporterNotice } from '~/components/reporter-notice'
import { formatReference } from '~/domain/reference'
import { cookies } from '~/server/cookies.server'
import { findReceipt } from '~/server/reports.server'

export const handle = { i18n: ['common', 'report'], titleKey: 'report:confirmation.title' }

/**
 * The receipt. It is found through a signed cookie, not the address, so a reload or a
 * bookmark in the same browser shows it again and the address reveals nothing.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const reportId: unknown = await cookies(context.config).receipt.parse(request.headers.get('Cookie'))
  const receipt = typeof reportId === 'string' ? await findReceipt(context.db, reportId) : null
  if (!receipt) throw redirect('/', 303)
  return { ...receipt, reference: formatReference(receipt.reference) }
}

export default function Confirmation() {
  const { t } = useTranslation('report')
  const { reference, municipalityName, someoneInDangerNow, notice } = useLoaderData<typeof loader>()
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
