import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary } from '~/components/error-summary'
import { checkPassword, startSession } from '~/server/auth.server'
import { loginCsrfCookie, loginCsrfToken, sessionCookieHeader } from '~/server/staff-session.server'
import { readForm } from '~/server/form-body.server'
import { demoSignInRefused } from '~/server/local-only.server'
import { passwordSignInRefusal, refusedSignIn } from '~/server/oidc.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:login.title' }

export const headers = retryAfterHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  const csrf = await loginCsrfToken(request)
  const providers = context.config.OIDC_PROVIDERS.map((provider) => ({ id: provider.id, name: provider.name, passwordSignIn: provider.passwordSignIn }))
  // Where a provider's sign-in ended without one: why, from the address the callback sent the browser to.
  const refused = refusedSignIn(context.config, new URL(request.url).searchParams)
  return data({ csrf, providers, refused }, { headers: { 'Set-Cookie': await loginCsrfCookie.serialize(csrf) } })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const expected: unknown = await loginCsrfCookie.parse(request.headers.get('Cookie'))
  if (typeof expected !== 'string' || expected !== formData.get('csrf')) {
    return data({ error: 'staff:csrf', seconds: 0, email: '', provider: '' }, { status: 403 })
  }
  const email = String(formData.get('email') ?? '')
  const result = await checkPassword(context.db, context.limits, { email, password: String(formData.get('password') ?? ''), address: context.clientAddress, now: context.now() })
  if (!result.ok && result.reason === 'wait') {
    const seconds = result.retryAfterSeconds
    return data({ error: 'staff:login.wait', seconds, email, provider: '' }, { status: 429, headers: { 'Retry-After': String(seconds) } })
  }
  if (!result.ok || (await demoSignInRefused(context.db, context, email))) return data({ error: 'staff:login.invalid', seconds: 0, email, provider: '' }, { status: 400 })
  // Told only after the right password, so the answer reveals nothing about someone else's account.
  const provider = await passwordSignInRefusal(context.db, context.config, result.staff.id, context.now())
  if (provider) return data({ error: 'staff:oidc.passwordOff', seconds: 0, email, provider: provider.name }, { status: 400 })
  const { token } = await startSession(context.db, result.staff.id, context.now(), false)
  const next = result.staff.secondFactorEnrolled ? '/personal/kod' : '/personal/aktivera-kod'
  return redirect(next, { status: 303, headers: { 'Set-Cookie': await sessionCookieHeader(context, token) } })
}

export default function Login() {
  const { t } = useTranslation('staff')
  const { csrf, providers, refused } = useLoaderData<typeof loader>()
  const providerOnly = providers.filter((provider) => !provider.passwordSignIn).map((provider) => provider.name)
  const failed = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  return (
    <>
      <ErrorSummary
        errors={
          failed
            ? [{ targetId: 'email', message: failed.error, values: { count: failed.seconds, name: failed.provider } }]
            : refused
              ? [{ targetId: `oidc-${refused.providerId}`, message: `staff:oidc.refused.${refused.reason}`, values: { count: refused.seconds, name: refused.providerName } }]
              : []
        }
      />
      <h1 className="heading-l">{t('login.title')}</h1>
      {searchParams.get('losenord') && !failed ? (
        <div className="inset" role="status">
          <p className="body">{t('login.passwordChosen')}</p>
        </div>
      ) : null}
      {providers.length > 0 ? (
        <>
          <h2 className="heading-m">{t('oidc.providersHeading')}</h2>
          <ul className="list">
            {providers.map((provider) => (
              <li key={provider.id}>
                {/* A document request, not a client-side fetch: the answer is a redirect to the provider. */}
                <a className="button button--secondary" id={`oidc-${provider.id}`} href={`/personal/oidc/${provider.id}`}>
                  {t('oidc.signInWith', { name: provider.name })}
                </a>
              </li>
            ))}
          </ul>
          <h2 className="heading-m">{t('oidc.passwordHeading')}</h2>
          {providerOnly.length > 0 ? <p className="body">{t('oidc.passwordOffFor', { names: providerOnly.join(', ') })}</p> : null}
        </>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <div className="form-group">
          <label className="label" htmlFor="email">
            {t('login.email')}
          </label>
          <input className="input" id="email" name="email" type="email" autoComplete="username" defaultValue={failed?.email ?? ''} spellCheck={false} />
        </div>
        <div className="form-group">
          <label className="label" htmlFor="password">
            {t('login.password')}
          </label>
          <input className="input" id="password" name="password" type="password" autoComplete="current-password" />
        </div>
        <button type="submit" className="button">
          {t('login.submit')}
        </button>
      </Form>
    </>
  )
}
