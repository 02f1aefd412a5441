import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatOpening } from '~/domain/opening-time'
import { directionOf, htmlLanguageOf, localeOf, namespacesOf, NAMESPACES, STAFF_LANGUAGES, SUPPORTED_LANGUAGES, type Language } from '~/i18n/config'
import { languageCookie, requestLanguage } from '~/i18n/i18next.server'
import { fixedT, readResources, renderInstance } from '~/i18n/translations.server'
import { renderEmail } from '~/server/email-templates.server'
import { LEVELS, TRIAGE_RULES } from '~/domain/triage'

const locale = (language: string, namespace: string) => JSON.parse(readFileSync(path.resolve('public/locales', language, `${namespace}.json`), 'utf8')) as Record<string, unknown>

function leaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return [[prefix, value]]
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key))
}

/**
 * Texts only staff (and developers) read: their pages are in Swedish and English alone, and a
 * language without them falls back to Swedish. Everything else in these namespaces is public.
 */
const STAFF_ONLY = { common: ['devMail.'], errors: ['casework.', 'preNotice.', 'jourSettings.', 'municipalitySettings.', 'staffAccount.', 'auditSearch.'] } as Record<
  string,
  string[]
>

const PLURAL = /_(zero|one|two|few|many|other)$/
const placeholders = (text: unknown) => [...new Set([...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]!))].sort()

/** A language's texts of one namespace as `{ key: text }`, plural forms grouped under their key without the suffix. */
function texts(language: string, namespace: string, { publicOnly }: { publicOnly: boolean }) {
  const singles = new Map<string, unknown>()
  const plurals = new Map<string, Map<string, unknown>>()
  for (const [key, text] of leaves(locale(language, namespace))) {
    if (publicOnly && (STAFF_ONLY[namespace] ?? []).some((prefix) => key.startsWith(prefix))) continue
    const plural = PLURAL.exec(key)
    if (plural) {
      const base = key.slice(0, plural.index)
      if (!plurals.has(base)) plurals.set(base, new Map())
      plurals.get(base)!.set(plural[1]!, text)
    } else singles.set(key, text)
  }
  return { singles, plurals }
}

describe('translations', () => {
  it('gives every language the public namespaces, and the staff texts only Swedish and English', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      for (const namespace of [...namespacesOf(language), 'overload'])
        expect(existsSync(path.resolve('public/locales', language, `${namespace}.json`)), `${language}/${namespace}`).toBe(true)
      expect(namespacesOf(language).includes('staff')).toBe(STAFF_LANGUAGES.includes(language))
    }
    expect(NAMESPACES.every((namespace) => namespacesOf('sv').includes(namespace))).toBe(true)
  })

  describe.each(SUPPORTED_LANGUAGES.filter((language) => language !== 'sv'))('%s', (language) => {
    const staffLanguage = STAFF_LANGUAGES.includes(language)
    it.each(namespacesOf(language).map((namespace) => [namespace]))('has every key of %s that Swedish has, with the same placeholders, none empty', (namespace) => {
      const swedish = texts('sv', namespace, { publicOnly: !staffLanguage })
      const own = texts(language, namespace, { publicOnly: !staffLanguage })
      expect([...own.singles.keys()].sort()).toEqual([...swedish.singles.keys()].sort())
      for (const [key, text] of own.singles) {
        expect(typeof text === 'string' && text.trim() !== '', `${language}:${key} is empty`).toBe(true)
        expect(placeholders(text), `${language}:${key}`).toEqual(placeholders(swedish.singles.get(key)))
      }
      // Plural forms: the ones the language has (Arabic six, the others two), as i18next picks them.
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories
      expect([...own.plurals.keys()].sort()).toEqual([...swedish.plurals.keys()].sort())
      for (const [key, forms] of own.plurals) {
        expect([...forms.keys()].sort(), `${language}:${key}`).toEqual([...categories].sort())
        const swedishForms = swedish.plurals.get(key)!
        const allowed = new Set([...swedishForms.values()].flatMap(placeholders))
        for (const [form, text] of forms) {
          expect(typeof text === 'string' && text.trim() !== '', `${language}:${key}_${form} is empty`).toBe(true)
          // "One second" need not write the number; the other form always carries every value.
          if (form === 'other') expect(placeholders(text), `${language}:${key}_other`).toEqual(placeholders(swedishForms.get('other')))
          else for (const name of placeholders(text)) expect(allowed.has(name), `${language}:${key}_${form} has {{${name}}}`).toBe(true)
        }
      }
    })

    it('has the overload page, whose plain renderer picks only one or other', () => {
      const swedish = locale('sv', 'overload')
      const own = locale(language, 'overload')
      expect(Object.keys(own).sort()).toEqual(Object.keys(swedish).sort())
      for (const [key, text] of Object.entries(own)) {
        expect(typeof text === 'string' && text.trim() !== '', `${language}:overload.${key}`).toBe(true)
        if (!key.endsWith('_one')) expect(placeholders(text), `${language}:overload.${key}`).toEqual(placeholders(swedish[key]))
      }
    })

    it.skipIf(staffLanguage)('has no staff-only text, so nothing half-translated reaches a staff page', () => {
      for (const [namespace, prefixes] of Object.entries(STAFF_ONLY)) {
        for (const [key] of leaves(locale(language, namespace)))
          expect(
            prefixes.some((prefix) => key.startsWith(prefix)),
            `${language}:${namespace}.${key}`,
          ).toBe(false)
      }
    })
  })

  it('explains every triage rule and level to staff in Swedish and English', () => {
    for (const language of STAFF_LANGUAGES) {
      const staff = locale(language, 'staff')
      for (const rule of TRIAGE_RULES) expect(typeof leaves(staff).find(([key]) => key === `rules.${rule.id}`)?.[1], `${language}: ${rule.id}`).toBe('string')
      for (const level of LEVELS) expect(typeof leaves(staff).find(([key]) => key === `levels.${level}`)?.[1]).toBe('string')
    }
  })
})

describe('the loaded texts', () => {
  it('reads each language once, without staff texts beyond Swedish and English', () => {
    const resources = readResources()
    expect(Object.keys(resources).sort()).toEqual([...SUPPORTED_LANGUAGES].sort())
    expect(Object.keys(resources.ar!).sort()).toEqual(['common', 'errors', 'report'])
    expect(Object.keys(resources.en!).sort()).toEqual([...NAMESPACES].sort())
  })

  it('falls back to Swedish for a staff text in a public-only language', () => {
    expect(fixedT('ar', 'staff')('levels.immediate')).toBe(fixedT('sv', 'staff')('levels.immediate'))
    expect(fixedT('ar', 'errors')('casework.reason.required')).toBe('Skriv en motivering')
  })

  it('renders each language in its own words, with its own plural forms', () => {
    expect(renderInstance('sv-x-lattlast').t('report:start.button')).toBe('Börja')
    expect(renderInstance('fi').t('common:back')).toBe('Takaisin')
    const arabic = renderInstance('ar')
    expect(arabic.t('common:slowDown.seconds', { count: 2 })).toBe('ثانيتين')
    expect(arabic.t('common:slowDown.seconds', { count: 5 })).toBe('5 ثوانٍ')
    expect(arabic.t('common:slowDown.seconds', { count: 30 })).toBe('30 ثانية')
  })

  it('keeps one render instance per language, each staying in its own language', () => {
    const sv = renderInstance('sv')
    expect(renderInstance('en')).not.toBe(sv)
    expect(renderInstance('sv')).toBe(sv)
    expect(sv.language).toBe('sv')
    expect(renderInstance('en').language).toBe('en')
    expect(sv.t('common:back')).not.toBe(renderInstance('en').t('common:back'))
  })

  it('gives the same texts when remembered, per language and number, as useTranslation reads them', () => {
    const sv = renderInstance('sv').getFixedT(null, 'staff')
    const en = renderInstance('en').getFixedT(null, 'staff')
    expect(sv('relative.hours', { count: 3 })).toBe('för 3 tim sedan')
    expect(en('relative.hours', { count: 3 })).toBe('3 h ago')
    expect(sv('relative.hours', { count: 3 })).toBe('för 3 tim sedan')
    expect(sv('relative.hours', { count: 4 })).toBe('för 4 tim sedan')
    const arabic = renderInstance('ar').getFixedT(null, 'common')
    for (const [count, text] of [
      [2, 'ثانيتين'],
      [5, '5 ثوانٍ'],
      [2, 'ثانيتين'],
    ] as const)
      expect(arabic('slowDown.seconds', { count })).toBe(text)
    // A string given is put in afresh each time (and never kept: it may be a person's address).
    expect(sv('invitation.intro', { email: 'anna@taby.se' })).toContain('anna@taby.se')
    expect(sv('invitation.intro', { email: 'bo@taby.se' })).toContain('bo@taby.se')
  })
})

describe('a language on the page', () => {
  it.each([
    ['sv', 'sv', 'ltr'],
    ['en', 'en', 'ltr'],
    ['ar', 'ar', 'rtl'],
    ['fa', 'fa', 'rtl'],
    ['fi', 'fi', 'ltr'],
    ['so', 'so', 'ltr'],
    ['sv-x-lattlast', 'sv', 'ltr'],
  ] as Array<[Language, string, string]>)('%s is <html lang="%s" dir="%s">', (language, lang, dir) => {
    expect(htmlLanguageOf(language)).toBe(lang)
    expect(directionOf(language)).toBe(dir)
  })

  it.each([
    ['sv', 'måndag 30 november', '08:00'],
    ['sv-x-lattlast', 'måndag 30 november', '08:00'],
    ['en', 'Monday 30 November', '08:00'],
    ['fi', 'maanantai 30. marraskuuta', '08.00'],
    ['fa', 'دوشنبه ۳۰ نوامبر', '۰۸:۰۰'],
    ['so', 'Isniin, Noofeembar 30', '08:00'],
  ])('writes an opening time in %s as people there write it', (language, day, time) => {
    expect(formatOpening(language)(new Date('2026-11-30T07:00:00Z'))).toEqual({ day, time })
  })

  it('writes Arabic weekdays and months in Arabic, and numbers for each language', () => {
    expect(formatOpening('ar')(new Date('2026-11-30T07:00:00Z'))!.day).toMatch(/^الاثنين/)
    expect((12345).toLocaleString(localeOf('fi'))).toBe('12\u00a0345')
    expect((12345).toLocaleString(localeOf('sv-x-lattlast'))).toBe('12\u00a0345')
  })
})

describe('the language a request asks for', () => {
  const request = async (url: string, cookie?: string) =>
    requestLanguage(new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: (await languageCookie.serialize(cookie)).split(';')[0]! } : {} }))

  it('is Swedish unless chosen, whatever the browser prefers', async () => {
    expect(await requestLanguage(new Request('http://localhost/', { headers: { 'Accept-Language': 'ar,en;q=0.8' } }))).toBe('sv')
  })

  it('takes the address first, then the cookie, and only an exact code', async () => {
    expect(await request('/', 'fa')).toBe('fa')
    expect(await request('/?lng=so', 'fa')).toBe('so')
    expect(await request('/', 'sv-x-lattlast')).toBe('sv-x-lattlast')
    expect(await request('/?lng=sv-x-other')).toBe('sv')
    expect(await request('/', 'de')).toBe('sv')
  })

  it('is Swedish or English on a staff page, so lang and dir never claim Arabic over Swedish text', async () => {
    expect(await request('/personal', 'ar')).toBe('sv')
    expect(await request('/personal/anmalan/x', 'sv-x-lattlast')).toBe('sv')
    expect(await request('/personal', 'en')).toBe('en')
    expect(await request('/personalen', 'ar')).toBe('ar')
  })
})

describe("the reporter's e-mails", () => {
  // What a reporter receives comes in the language the report was written in; staff e-mails stay Swedish.
  const REPORTER_TEMPLATES = ['receipt', 'feedback', 'reporter-question'] as const
  const template = (file: string) => readFileSync(path.resolve('emails', file), 'utf8')

  it.each(REPORTER_TEMPLATES)('%s exists in every language, as text and HTML, with the values the Swedish one takes', (name) => {
    for (const language of SUPPORTED_LANGUAGES) {
      for (const kind of ['txt', 'html'])
        expect(placeholders(template(`${name}.${language}.${kind}`)), `${name}.${language}.${kind}`).toEqual(placeholders(template(`${name}.sv.${kind}`)))
    }
  })

  it('sets lang and dir for the language, easy-to-read Swedish being Swedish', () => {
    const values = { reference: 'ABCD-EFGH-JKL', municipality: 'Täby', receivedAt: 'x', whatHappensNext: 'y', serviceLink: 'http://localhost' }
    expect(renderEmail('receipt', 'ar', values).html).toContain('<main lang="ar" dir="rtl"')
    expect(renderEmail('receipt', 'fa', values).subject).toBe('گزارش نگرانی شما به Täby رسید (ABCD-EFGH-JKL)')
    expect(renderEmail('receipt', 'sv-x-lattlast', values).html).toContain('<html lang="sv">')
    expect(renderEmail('receipt', 'fi', values).text).toContain('Asianumero: ABCD-EFGH-JKL')
  })
})

describe('the translations awaiting review', () => {
  it.each(SUPPORTED_LANGUAGES.filter((language) => !STAFF_LANGUAGES.includes(language)))('%s is marked as a draft for a certified reviewer', (language) => {
    const review = readFileSync(path.resolve('public/locales', language, 'REVIEW.md'), 'utf8')
    expect(review).toMatch(/awaiting review before production use/)
  })
})
