import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { safeReturnUrl } from '~/domain/report-flow'
import { isLanguage } from '~/i18n/config'
import { languageCookie } from '~/i18n/i18next.server'

/** The language switch: a plain form post, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  const language = formData.get('language')
  const returnTo = safeReturnUrl(formData.get('returnTo')?.toString()) ?? '/'
  if (!isLanguage(language)) throw redirect(returnTo, 303)
  return redirect(returnTo, { status: 303, headers: { 'Set-Cookie': await languageCookie.serialize(language) } })
}

export async function loader() {
  throw redirect('/', 303)
}
