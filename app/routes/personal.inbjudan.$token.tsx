import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary } from '~/components/error-summary'
import { TextInput } from '~/components/fields'
import { summaryErrors } from '~/components/step-form'
import { newPasswordSchema, PASSWORD_MIN_LENGTH } from '~/domain/staff-account'
import { acceptInvitation, findInvitation } from '~/server/staff-accounts.server'
import { providerOnlyFor } from '~/server/oidc-accounts.server'
import { LOGIN_PATH } from '~/server/staff-session.server'
import { readForm } from '~/server/form-body.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:invitation.title' }

// The token is a key to an account: no cache keeps the page.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

/**
 * Where an invitation e-mail leads: the holder chooses a password, once, while the link
 * works. The token in the path is the only secret; no session exists yet, so the form
 * needs no CSRF token (a forged post would have to know the token already).
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const invitation = await findInvitation(context.db, params.token ?? '', context.now())
  // Where the municipality signs its staff in through its own provider, a password chosen here
  // would never be accepted: the page sends the holder to the provider instead.
  const provider = invitation ? await providerOnlyFor(context.db, context.config, invitation.staffId) : null
  return data(
    { valid: invitation !== null, email: invitation?.email ?? null, provider: provider ? { id: provider.id, name: provider.name } : null },
    { status: invitation ? 200 : 410, headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const invitation = await findInvitation(context.db, params.token ?? '', context.now())
  if (invitation && (await providerOnlyFor(context.db, context.config, invitation.staffId))) throw redirect(request.url, 303)
  const submission = parseWithZod(await readForm(request), { schema: newPasswordSchema })
  // Passwords never travel back to the browser, not even a refused one.
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['password', 'confirm'] }), { status: 400 })
  const accepted = await acceptInvitation(context.db, { token: params.token ?? '', password: submission.value.password, now: context.now() })
  if (!accepted) throw redirect(request.url, 303)
  return redirect(`${LOGIN_PATH}?losenord=valt`, 303)
}

export default function Invitation() {
  const { t } = useTranslation('staff')
  const { valid, email, provider } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<{ password: string; confirm: string }>({ id: 'invitation', lastResult: useActionData<typeof action>() })
  if (!valid) {
    return (
      <>
        <h1 className="heading-l">{t('invitation.expiredTitle')}</h1>
        <p className="body">{t('invitation.expired')}</p>
        <p className="body">
          <Link to={LOGIN_PATH}>{t('login.title')}</Link>
        </p>
      </>
    )
  }
  if (provider) {
    return (
      <>
        <h1 className="heading-l">{t('invitation.providerTitle')}</h1>
        <p className="body">{t('invitation.providerIntro', { email, name: provider.name })}</p>
        <p className="body">
          {/* A plain link: the start of a provider sign-in is a redirect, not a page (personal.oidc.$provider.tsx). */}
          <a className="button" href={`/personal/oidc/${encodeURIComponent(provider.id)}`}>
            {t('oidc.signInWith', { name: provider.name })}
          </a>
        </p>
      </>
    )
  }
  return (
    <>
      <ErrorSummary errors={summaryErrors(form)} />
      <h1 className="heading-l">{t('invitation.title')}</h1>
      <p className="body">{t('invitation.intro', { email })}</p>
      <Form method="post" id={form.id} noValidate>
        <TextInput
          field={fields.password}
          label={t('invitation.password')}
          hint={t('invitation.passwordHint', { count: PASSWORD_MIN_LENGTH })}
          type="password"
          autoComplete="new-password"
        />
        <TextInput field={fields.confirm} label={t('invitation.confirm')} type="password" autoComplete="new-password" />
        <button type="submit" className="button">
          {t('invitation.submit')}
        </button>
      </Form>
    </>
  )
}
