import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { safeReturnUrl } from '~/domain/return-address'
import { isLanguage } from '~/i18n/config'
import { languageCookie } from '~/i18n/i18next.server'
import { readForm } from '~/server/form-body.server'

/** The language switch: a plain form post, so it works without JavaScript. */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const language = formData.get('language')
  const returnTo = safeReturnUrl(formData.get('returnTo')?.toString(), context.config.BASE_URL) ?? '/'
  if (!isLanguage(language)) throw redirect(returnTo, 303)
  return redirect(returnTo, { status: 303, headers: { 'Set-Cookie': await languageCookie.serialize(language) } })
}

export async function loader() {
  throw redirect('/', 303)
}
