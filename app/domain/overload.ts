/**
 * The web's answer when it is overloaded (ARCHITECTURE.md, "Hostile input"): a small page
 * built without Remix, since Remix is what is busy, that still tells a person where help is.
 */

/** One language's texts of the page, as `public/locales/<language>/overload.json` holds them. */
export interface OverloadTexts {
  serviceName: string
  title: string
  emergency: string
  busy: string
  seconds_one: string
  seconds_other: string
  minutes_one: string
  minutes_other: string
  kept: string
  jour: string
}

export const OVERLOAD_TEXT_KEYS = [
  'serviceName',
  'title',
  'emergency',
  'busy',
  'seconds_one',
  'seconds_other',
  'minutes_one',
  'minutes_other',
  'kept',
  'jour',
] as const satisfies ReadonlyArray<keyof OverloadTexts>

/** What the event-loop sampler last saw, in milliseconds. */
export interface LoopSample {
  /** How late the sampler's last tick ran. */
  lagMs: number
  /** Time since that tick. */
  sinceTickMs: number
  /** How often the sampler ticks. */
  intervalMs: number
}

/**
 * Whether a request is answered 503 at once rather than queued behind the work already
 * waiting: the loop ran late by more than `limitMs` at its last tick, or its next tick is
 * overdue by that much now (one long turn of the loop that has not let the timer run).
 */
export function shouldShed(sample: LoopSample, limitMs: number): boolean {
  const overdue = sample.sinceTickMs - sample.intervalMs
  return Math.max(sample.lagMs, overdue) > limitMs
}

/** The raw value of cookie `name` in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim()
  }
  return null
}

/**
 * The language of the `lng` cookie, written by Remix's createCookie (the JSON string in
 * base64, URL-encoded: `ImVuIg%3D%3D` is "en"); anything else is the default language.
 */
export function languageFromCookie(value: string | null, supported: readonly string[], fallback: string): string {
  if (!value) return fallback
  try {
    const decoded: unknown = JSON.parse(atob(decodeURIComponent(value)))
    return typeof decoded === 'string' && supported.includes(decoded) ? decoded : fallback
  } catch {
    return fallback
  }
}

/** A municipality code from the `oro_kommun` cookie, when it is one (four digits). */
export function municipalityFromCookie(value: string | null): string | null {
  return value !== null && /^\d{4}$/.test(value) ? value : null
}

function interpolate(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole))
}

// Made once per language: a PluralRules costs more to make than the whole page does to write.
const pluralRules = new Map<string, Intl.PluralRules>()

/** "30 seconds", or whole minutes from a minute on: a person reads "2 minutes", not "120 seconds". */
export function waitText(seconds: number, texts: OverloadTexts, language: string): string {
  const [unit, count] = seconds < 60 ? (['seconds', Math.max(1, Math.ceil(seconds))] as const) : (['minutes', Math.ceil(seconds / 60)] as const)
  let rules = pluralRules.get(language)
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)))
  const plural = rules.select(count) === 'one' ? 'one' : 'other'
  return interpolate(texts[`${unit}_${plural}`], { count })
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/**
 * The whole 503 page: language, title, a main landmark with the heading, 112 first, when to
 * try again, that saved answers are kept, and the jour's number when the municipality is
 * known. No script and no inline style, so the service's CSP holds unchanged.
 */
export function overloadPage(input: {
  language: string
  /** What `<html lang>` says (easy-to-read Swedish is `sv`), and the text's direction. */
  htmlLanguage?: string
  direction?: 'ltr' | 'rtl'
  texts: OverloadTexts
  retryAfterSeconds: number
  jour: { name: string; phone: string } | null
}): string {
  const { language, texts, jour } = input
  const paragraphs = [
    `<p><strong>${escapeHtml(texts.emergency)}</strong></p>`,
    `<p>${escapeHtml(interpolate(texts.busy, { wait: waitText(input.retryAfterSeconds, texts, language) }))}</p>`,
    `<p>${escapeHtml(texts.kept)}</p>`,
    ...(jour ? [`<p>${escapeHtml(interpolate(texts.jour, { name: jour.name, phone: jour.phone }))}</p>`] : []),
  ]
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(input.htmlLanguage ?? language)}" dir="${input.direction ?? 'ltr'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(`${texts.title} – ${texts.serviceName}`)}</title>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(texts.title)}</h1>`,
    ...paragraphs,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
