import type { LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { recoveryCodesCookie, requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:enrol.recoveryTitle' }

/** The recovery codes of a new second factor, shown once: reloading shows them no more. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context)
  const cookie = recoveryCodesCookie(context.config)
  const codes: unknown = await cookie.parse(request.headers.get('Cookie'))
  return data(
    { codes: Array.isArray(codes) ? codes.filter((code): code is string => typeof code === 'string') : [] },
    { headers: { 'Set-Cookie': await cookie.serialize('', { maxAge: 0 }) } },
  )
}

export default function RecoveryCodes() {
  const { t } = useTranslation('staff')
  const { codes } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('enrol.recoveryTitle')}</h1>
      {codes.length > 0 ? (
        <>
          <p className="body">{t('enrol.recoveryIntro')}</p>
          <ul className="list recovery-codes">
            {codes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="body">{t('enrol.recoveryShown')}</p>
      )}
      <Link to="/personal" className="button">
        {t('enrol.continue')}
      </Link>
    </>
  )
}
