import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary } from '~/components/error-summary'
import { checkSecondFactor, csrfMatches, endSession, startSession } from '~/server/auth.server'
import { requireHalfLogin } from '~/server/half-login.server'
import { sessionCookieHeader } from '~/server/staff-session.server'
import { readForm } from '~/server/form-body.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:code.title' }

export const headers = retryAfterHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session, staff } = await requireHalfLogin(request, context)
  if (!staff.secondFactorEnrolled) throw redirect('/personal/aktivera-kod', 303)
  return { csrf: session.csrfToken }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { session, staff } = await requireHalfLogin(request, context)
  const formData = await readForm(request)
  if (!csrfMatches(session, formData.get('csrf'))) return data({ error: 'staff:csrf', seconds: 0 }, { status: 403 })
  const outcome = await checkSecondFactor(context.db, context.limits, {
    staffId: staff.id,
    code: String(formData.get('code') ?? ''),
    address: context.clientAddress,
    now: context.now(),
  })
  if (!outcome.ok && outcome.reason === 'wait') {
    const seconds = outcome.retryAfterSeconds
    return data({ error: 'staff:code.wait', seconds }, { status: 429, headers: { 'Retry-After': String(seconds) } })
  }
  if (!outcome.ok) return data({ error: 'staff:code.invalid', seconds: 0 }, { status: 400 })
  // A new session id once fully logged in: whatever id existed before is worthless now.
  await endSession(context.db, session.id)
  const { token } = await startSession(context.db, staff.id, context.now(), true)
  return redirect('/personal', { status: 303, headers: { 'Set-Cookie': await sessionCookieHeader(context, token) } })
}

export default function SecondFactor() {
  const { t } = useTranslation('staff')
  const { csrf } = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  return (
    <>
      <ErrorSummary errors={failed ? [{ targetId: 'code', message: failed.error, values: { count: failed.seconds } }] : []} />
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <div className={failed ? 'form-group form-group--error' : 'form-group'}>
          <h1 className="heading-l">
            <label className="label label--heading" htmlFor="code">
              {t('code.title')}
            </label>
          </h1>
          <div className="hint" id="code-hint">
            {t('code.hint')}
          </div>
          <input
            className="input input--medium"
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            aria-describedby="code-hint"
            spellCheck={false}
          />
        </div>
        <button type="submit" className="button">
          {t('code.submit')}
        </button>
      </Form>
    </>
  )
}
