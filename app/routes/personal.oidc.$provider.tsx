import type { HeadersFunction, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { oidcProvider, startOidcSignIn } from '~/server/oidc.server'
import { LOGIN_PATH } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:oidc.start.title' }

/**
 * The button "Logga in med <provider>": a plain link, so the browser goes to the provider by
 * a redirect the page's form-action policy does not govern. Only this browser's callback can
 * finish what starts here (oidc.server.ts).
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const provider = oidcProvider(context.config, params.provider)
  if (!provider) throw data({ status: 'not-found' }, { status: 404 })
  const started = await startOidcSignIn(context, provider)
  if (started.ok) return redirect(started.location, { status: 303, headers: { 'Set-Cookie': started.cookie } })
  if (started.reason === 'wait') {
    const seconds = started.retryAfterSeconds
    return data({ problem: 'wait' as const, seconds, name: provider.name }, { status: 429, headers: { 'Retry-After': String(seconds) } })
  }
  return data({ problem: 'unreachable' as const, seconds: 0, name: provider.name }, { status: 503 })
}

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const retryAfter = loaderHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

export default function StartOidcSignIn() {
  const { t } = useTranslation('staff')
  const { problem, seconds, name } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('oidc.start.title')}</h1>
      <p className="body">{problem === 'wait' ? t('oidc.start.wait', { count: seconds }) : t('oidc.start.unreachable', { name })}</p>
      <p className="body">
        <Link to={LOGIN_PATH}>{t('oidc.refused.toSignIn')}</Link>
      </p>
    </>
  )
}
