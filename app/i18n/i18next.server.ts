import path from 'node:path'
import { createCookie } from '@remix-run/node'
import Backend from 'i18next-fs-backend'
import { RemixI18Next } from 'remix-i18next/server'
import { DEFAULT_LANGUAGE, i18nConfig, SUPPORTED_LANGUAGES } from './config'

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
  i18next: {
    ...i18nConfig,
    backend: { loadPath: path.resolve('public/locales/{{lng}}/{{ns}}.json') },
  },
  plugins: [Backend],
})

export default i18next
