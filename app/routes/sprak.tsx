import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LanguageList } from '~/components/layout'
import { safeReturnUrl } from '~/domain/return-address'
import { isLanguage } from '~/i18n/config'
import { languageCookie, requestLanguage } from '~/i18n/i18next.server'
import { readForm } from '~/server/form-body.server'

export const handle = { titleKey: 'common:languages.title' }

/** Every language by its own name, with the page to go back to (only a path of this service). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const returnTo = safeReturnUrl(new URL(request.url).searchParams.get('returnTo'), context.config.BASE_URL) ?? '/'
  return { language: await requestLanguage(request), returnTo: returnTo.startsWith('/sprak') ? '/' : returnTo }
}

/** The language switch: a plain form post, so it works without JavaScript. */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const language = formData.get('language')
  const returnTo = safeReturnUrl(formData.get('returnTo')?.toString(), context.config.BASE_URL) ?? '/'
  if (!isLanguage(language)) throw redirect(returnTo, 303)
  return redirect(returnTo, { status: 303, headers: { 'Set-Cookie': await languageCookie.serialize(language) } })
}

export default function Languages() {
  const { t } = useTranslation('common')
  const { language, returnTo } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('languages.title')}</h1>
      <p className="body">{t('languages.intro')}</p>
      <LanguageList current={language} returnTo={returnTo} />
      <p className="body">
        <a href={returnTo}>{t('back')}</a>
      </p>
    </>
  )
}
