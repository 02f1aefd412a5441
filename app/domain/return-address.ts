/** Tab, line feed, carriage return and every other control character, or a backslash. */
const UNSAFE = /[\u0000-\u001F\u007F\\]/

/**
 * A return address ("Ändra" links, the language switch) as this service may follow it: a
 * path of this service, resolved against its own base address, or null. Browsers read a tab
 * or newline as nothing and a backslash as a slash, so `/\t/evil.example` would leave the
 * site: such characters, and `//`, are refused also when percent-encoded.
 */
export function safeReturnUrl(value: string | null | undefined, baseUrl: string, options: { under?: string } = {}): string | null {
  if (!value || value.length > 2000 || !value.startsWith('/')) return null
  let decoded: string
  try {
    decoded = decodeURIComponent(value)
  } catch {
    return null
  }
  if (UNSAFE.test(value) || UNSAFE.test(decoded) || value.startsWith('//') || decoded.startsWith('//')) return null
  const base = new URL(baseUrl)
  let url: URL
  try {
    url = new URL(value, base)
  } catch {
    return null
  }
  if (url.origin !== base.origin) return null
  if (options.under && !url.pathname.startsWith(options.under)) return null
  return url.pathname + url.search + url.hash
}
