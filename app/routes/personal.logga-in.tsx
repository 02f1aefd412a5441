import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary } from '~/components/error-summary'
import { checkPassword, startSession } from '~/server/auth.server'
import { loginCsrfCookie, loginCsrfToken, sessionCookieHeader } from '~/server/staff-session.server'
import { readForm } from '~/server/form-body.server'
import { demoSignInRefused } from '~/server/local-only.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:login.title' }

export const headers = retryAfterHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  const csrf = await loginCsrfToken(request)
  return data({ csrf }, { headers: { 'Set-Cookie': await loginCsrfCookie.serialize(csrf) } })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const expected: unknown = await loginCsrfCookie.parse(request.headers.get('Cookie'))
  if (typeof expected !== 'string' || expected !== formData.get('csrf')) {
    return data({ error: 'staff:csrf', seconds: 0, email: '' }, { status: 403 })
  }
  const email = String(formData.get('email') ?? '')
  const result = await checkPassword(context.db, context.limits, { email, password: String(formData.get('password') ?? ''), address: context.clientAddress, now: context.now() })
  if (!result.ok && result.reason === 'wait') {
    const seconds = result.retryAfterSeconds
    return data({ error: 'staff:login.wait', seconds, email }, { status: 429, headers: { 'Retry-After': String(seconds) } })
  }
  if (!result.ok || (await demoSignInRefused(context.db, context, email))) return data({ error: 'staff:login.invalid', seconds: 0, email }, { status: 400 })
  const { token } = await startSession(context.db, result.staff.id, context.now(), false)
  const next = result.staff.secondFactorEnrolled ? '/personal/kod' : '/personal/aktivera-kod'
  return redirect(next, { status: 303, headers: { 'Set-Cookie': await sessionCookieHeader(context, token) } })
}

export default function Login() {
  const { t } = useTranslation('staff')
  const { csrf } = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  return (
    <>
      <ErrorSummary errors={failed ? [{ targetId: 'email', message: failed.error, values: { count: failed.seconds } }] : []} />
      <h1 className="heading-l">{t('login.title')}</h1>
      {searchParams.get('losenord') && !failed ? (
        <div className="inset" role="status">
          <p className="body">{t('login.passwordChosen')}</p>
        </div>
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
