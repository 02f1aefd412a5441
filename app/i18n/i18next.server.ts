import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import { DEFAULT_LANGUAGE, i18nConfig, isLanguage, SUPPORTED_LANGUAGES, type Language } from './config'

/** The chosen language, kept for a year; it says nothing about the person. */
export const languageCookie = createCookie('lng', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 60 * 60 })

const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    cookie: languageCookie,
    // Swedish unless the person chose otherwise: a browser set to English in Sweden still gets Swedish first.
    order: ['searchParams', 'cookie'],
  },
  // Detection only: texts come from translations.server.ts, read once per process.
  i18next: i18nConfig,
})

export default i18next

/** The language a request asks for (address, then cookie), one of ours. */
export async function requestLanguage(request: Request): Promise<Language> {
  const language = await i18next.getLocale(request)
  return isLanguage(language) ? language : DEFAULT_LANGUAGE
}
