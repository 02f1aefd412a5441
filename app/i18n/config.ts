/** Swedish is the default; English is complete. Add a language here and in public/locales. */
export const SUPPORTED_LANGUAGES = ['sv', 'en'] as const
export type Language = (typeof SUPPORTED_LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'sv'
/** Each language's name in itself, as a language switch shows it (an endonym is the same in every locale). */
export const LANGUAGE_NAMES: Record<Language, string> = { sv: 'Svenska', en: 'English' }

export const NAMESPACES = ['common', 'report', 'errors', 'staff'] as const

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

/** Text direction for `<html dir>`, right for the right-to-left languages that may follow. */
export function directionOf(language: string): 'ltr' | 'rtl' {
  return ['ar', 'fa', 'he', 'ur'].includes(language) ? 'rtl' : 'ltr'
}
