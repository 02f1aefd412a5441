import type { LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { clearTransactionCookieHeader, finishOidcSignIn, oidcProvider } from '~/server/oidc.server'
import { LOGIN_PATH, sessionCookieHeader } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:oidc.refused.title' }

/** Where the provider sends the browser back: signed in (perhaps on to our code), or told why not. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = oidcProvider(context.config, params.provider)
  if (!provider) throw data({ status: 'not-found' }, { status: 404 })
  const result = await finishOidcSignIn(context, request, provider)
  const headers = new Headers({ 'Set-Cookie': await clearTransactionCookieHeader(context.config) })
  if (result.ok) {
    headers.append('Set-Cookie', await sessionCookieHeader(context, result.sessionToken))
    throw redirect(result.next, { status: 303, headers })
  }
  const status = result.refusal === 'not-invited' || result.refusal === 'disabled' || result.refusal === 'email' ? 403 : 400
  return data({ refusal: result.refusal, provider: { id: provider.id, name: provider.name } }, { status, headers })
}

export default function OidcRefused() {
  const { t } = useTranslation('staff')
  const { refusal, provider } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('oidc.refused.title')}</h1>
      <p className="body">{t(`oidc.refused.${refusal}`, { name: provider.name })}</p>
      {refusal === 'again' || refusal === 'provider-error' || refusal === 'invalid-response' ? (
        <p className="body">
          <a className="button" href={`/personal/oidc/${provider.id}`}>
            {t('oidc.refused.tryAgain', { name: provider.name })}
          </a>
        </p>
      ) : null}
      <p className="body">
        <Link to={LOGIN_PATH}>{t('oidc.refused.toSignIn')}</Link>
      </p>
    </>
  )
}
