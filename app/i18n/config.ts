/**
 * Swedish is the default; English is complete. Arabic, Persian, Finnish, Somali and easy-to-read
 * Swedish ("lättläst") cover the public flow; staff pages stay Swedish and English
 * (docs/decisions/0013-languages-of-the-public-flow.md). Add a language here and in public/locales.
 */
export const SUPPORTED_LANGUAGES = ['sv', 'en', 'ar', 'fa', 'fi', 'so', 'sv-x-lattlast'] as const
export type Language = (typeof SUPPORTED_LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'sv'
/** Easy-to-read Swedish: Swedish with a private-use subtag, so i18next falls back from it to Swedish key by key. */
export const EASY_SWEDISH: Language = 'sv-x-lattlast'

/** Each language's name in itself, as a language switch shows it (an endonym is the same in every locale). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  sv: 'Svenska',
  'sv-x-lattlast': 'Lättläst svenska',
  en: 'English',
  ar: 'العربية',
  fa: 'فارسی',
  fi: 'Suomi',
  so: 'Soomaali',
}

export const NAMESPACES = ['common', 'report', 'errors', 'staff'] as const
export type Namespace = (typeof NAMESPACES)[number]

/** The languages staff pages are written in; in any other, staff texts fall back to Swedish. */
export const STAFF_LANGUAGES: readonly Language[] = ['sv', 'en']

/** The namespaces a language has files for: the staff texts only in Swedish and English. */
export function namespacesOf(language: Language): readonly Namespace[] {
  return STAFF_LANGUAGES.includes(language) ? NAMESPACES : NAMESPACES.filter((namespace) => namespace !== 'staff')
}

export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LANGUAGES],
  fallbackLng: DEFAULT_LANGUAGE,
  defaultNS: 'common',
  ns: [...NAMESPACES],
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
}

export function isLanguage(value: unknown): value is Language {
  return SUPPORTED_LANGUAGES.includes(value as Language)
}

/** Text direction for `<html dir>`: Arabic and Persian are written right to left. */
export function directionOf(language: string): 'ltr' | 'rtl' {
  return ['ar', 'fa', 'he', 'ur'].includes(language) ? 'rtl' : 'ltr'
}

/** `<html lang>` and `Content-Language`: easy-to-read Swedish is Swedish to a screen reader, a browser and a search engine. */
export function htmlLanguageOf(language: string): string {
  return language === EASY_SWEDISH ? 'sv' : language
}

/** The locale numbers, dates, times and weekdays are written in; kept in the domain, which formats opening times for e-mails too. */
export { localeOf } from '../domain/date-formats'
