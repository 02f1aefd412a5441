import { createCookie } from '@remix-run/node'
import { DEFAULT_LANGUAGE, isLanguage, STAFF_LANGUAGES, type Language } from './config'

/** The chosen language, kept for a year; it says nothing about the person. */
export const languageCookie = createCookie('lng', { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 60 * 60 })

/** Staff pages (and the developers' mail page) are written in Swedish and English only. */
function isStaffPath(pathname: string): boolean {
  return pathname === '/personal' || pathname.startsWith('/personal/') || pathname.startsWith('/dev/')
}

/**
 * The language a request asks for: `?lng=` in the address, then the cookie, then Swedish,
 * whatever the browser prefers (a browser set to English in Sweden still gets Swedish first).
 * Only an exact supported code counts: remix-i18next's loose matching took `sv-x-lattlast` for
 * `sv` (same primary subtag), so the detection is ours. On a staff page a language staff pages
 * are not written in reads as Swedish, so `<html lang dir>` never claims Arabic over Swedish text.
 */
export async function requestLanguage(request: Request): Promise<Language> {
  const url = new URL(request.url)
  const fromAddress = url.searchParams.get('lng')
  let language: Language = DEFAULT_LANGUAGE
  if (isLanguage(fromAddress)) language = fromAddress
  else {
    const fromCookie: unknown = await languageCookie.parse(request.headers.get('Cookie'))
    if (isLanguage(fromCookie)) language = fromCookie
  }
  return isStaffPath(url.pathname) && !STAFF_LANGUAGES.includes(language) ? DEFAULT_LANGUAGE : language
}

/** The shape remix-i18next's detector had, for the modules that ask `i18next.getLocale(request)`. */
const i18next = { getLocale: requestLanguage }

export default i18next
