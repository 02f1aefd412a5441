import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import QRCode from 'qrcode'
import { useTranslation } from 'react-i18next'
import { ErrorSummary } from '~/components/error-summary'
import { confirmEnrolment, csrfMatches, endSession, pendingTotpSecret, startSession, totpUri } from '~/server/auth.server'
import { requireHalfLogin } from '~/server/half-login.server'
import { recoveryCodesCookie, RECOVERY_CODES_PATH, sessionCookieHeader } from '~/server/staff-session.server'
import { readForm } from '~/server/form-body.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:enrol.title' }

/**
 * Enrolment of the second factor. The pending secret is kept on the account unconfirmed;
 * it counts only once a code from it has been entered.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session, staff } = await requireHalfLogin(request, context)
  if (staff.secondFactorEnrolled) throw redirect('/personal/kod', 303)
  const secret = await pendingTotpSecret(context.db, staff.id)
  const qrSvg = await QRCode.toString(totpUri(staff.email, secret), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
  return { csrf: session.csrfToken, secret, qrSvg }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { session, staff } = await requireHalfLogin(request, context)
  const formData = await readForm(request)
  if (!csrfMatches(session, formData.get('csrf'))) return data({ error: 'staff:csrf' }, { status: 403 })
  const codes = await confirmEnrolment(context.db, staff.id, String(formData.get('code') ?? ''), context.now())
  if (!codes) return data({ error: 'staff:enrol.invalid' }, { status: 400 })
  await endSession(context.db, session.id)
  const { token } = await startSession(context.db, staff.id, context.now(), true)
  const headers = new Headers()
  headers.append('Set-Cookie', await sessionCookieHeader(context, token))
  headers.append('Set-Cookie', await recoveryCodesCookie(context.config).serialize(codes))
  return redirect(RECOVERY_CODES_PATH, { status: 303, headers })
}

export default function Enrol() {
  const { t } = useTranslation('staff')
  const { csrf, secret, qrSvg } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <>
      <ErrorSummary errors={result?.error ? [{ targetId: 'code', message: result.error }] : []} />
      <h1 className="heading-l">{t('enrol.title')}</h1>
      <p className="body">{t('enrol.intro')}</p>
      <img className="qr-code" src={`data:image/svg+xml;base64,${btoa(qrSvg)}`} alt={t('enrol.qrAlt')} width={200} height={200} />
      <p className="body">
        {t('enrol.secret')}: <code className="secret">{secret}</code>
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <div className="form-group">
          <label className="label" htmlFor="code">
            {t('enrol.label')}
          </label>
          <input className="input input--medium" id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" />
        </div>
        <button type="submit" className="button">
          {t('enrol.submit')}
        </button>
      </Form>
    </>
  )
}
