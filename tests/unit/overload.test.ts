import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cookieValue, languageFromCookie, municipalityFromCookie, overloadPage, shouldShed, waitText, type LoopSample } from '~/domain/overload'
import { SUPPORTED_LANGUAGES } from '~/i18n/config'
import { languageCookie } from '~/i18n/i18next.server'
import { loadOverloadTexts } from '~/server/overload.server'

const texts = loadOverloadTexts()
const LIMIT_MS = 500
const SUPPORTED = ['sv', 'en']

describe('when the web sheds load', () => {
  it.each<[string, LoopSample, boolean]>([
    ['the loop on time', { lagMs: 1, sinceTickMs: 40, intervalMs: 100 }, false],
    ['the last tick 400 ms late', { lagMs: 400, sinceTickMs: 10, intervalMs: 100 }, false],
    ['the last tick exactly at the limit', { lagMs: 500, sinceTickMs: 10, intervalMs: 100 }, false],
    ['the last tick 3 s late (one request held the loop)', { lagMs: 3000, sinceTickMs: 5, intervalMs: 100 }, true],
    ['no tick for 700 ms (a burst of work in one turn of the loop)', { lagMs: 0, sinceTickMs: 700, intervalMs: 100 }, true],
    ['no tick for 550 ms, 450 ms overdue', { lagMs: 0, sinceTickMs: 550, intervalMs: 100 }, false],
  ])('%s -> shed: %s', (_name, sample, shed) => {
    expect(shouldShed(sample, LIMIT_MS)).toBe(shed)
  })
})

describe('reading the cookies the page depends on', () => {
  it('finds a cookie by its exact name among others', () => {
    expect(cookieValue('a=1; oro_kommun=0160; lng=x', 'oro_kommun')).toBe('0160')
    expect(cookieValue('xoro_kommun=0160', 'oro_kommun')).toBeNull()
    expect(cookieValue(undefined, 'lng')).toBeNull()
    expect(cookieValue('lng', 'lng')).toBeNull()
  })

  it('reads the language the app’s own lng cookie holds, and Swedish for anything else', async () => {
    const valueOf = async (language: string) => cookieValue((await languageCookie.serialize(language)).split(';')[0], 'lng')
    expect(languageFromCookie(await valueOf('en'), SUPPORTED, 'sv')).toBe('en')
    expect(languageFromCookie(await valueOf('sv'), SUPPORTED, 'sv')).toBe('sv')
    expect(languageFromCookie(await valueOf('fr'), SUPPORTED, 'sv')).toBe('sv')
    for (const forged of ['en', '%', 'e30%3D', '', '%E0%A4%A']) expect(languageFromCookie(forged, SUPPORTED, 'sv')).toBe('sv')
    expect(languageFromCookie(null, SUPPORTED, 'sv')).toBe('sv')
  })

  it('takes a municipality only as four digits', () => {
    expect(municipalityFromCookie('0160')).toBe('0160')
    for (const forged of ['016', '01600', '0160 ', '%30160', '01a0', '', null]) expect(municipalityFromCookie(forged)).toBeNull()
  })
})

describe('the text of the wait', () => {
  it.each([
    ['sv', 30, '30 sekunder'],
    ['sv', 1, '1 sekund'],
    ['sv', 60, '1 minut'],
    ['sv', 90, '2 minuter'],
    ['en', 1, '1 second'],
    ['en', 30, '30 seconds'],
    ['en', 600, '10 minutes'],
  ])('%s, %i s: "%s"', (language, seconds, expected) => {
    expect(waitText(seconds, texts[language]!, language)).toBe(expected)
  })
})

describe('the overload page', () => {
  const jour = { name: 'Socialjouren Nordost', phone: '08-410 200 40' }

  it('is a whole accessible document: language, title, a main landmark with the heading, and 112 before anything else', () => {
    const page = overloadPage({ language: 'sv', texts: texts.sv!, retryAfterSeconds: 30, jour: null })
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="sv" dir="ltr">/)
    expect(page).toContain('<title>Tjänsten är mycket belastad just nu – Orosanmälan</title>')
    expect(page).toMatch(/<main>\n<h1>Tjänsten är mycket belastad just nu<\/h1>\n<p><strong>Om någon är i fara just nu, ring 112.<\/strong><\/p>/)
    expect(page).toContain('Försök igen om 30 sekunder.')
    expect(page).toContain('Svaren du redan har sparat finns kvar.')
    expect(page).not.toContain('Efter kontorstid')
  })

  it('gives the jour’s number when the municipality is known', () => {
    const page = overloadPage({ language: 'en', texts: texts.en!, retryAfterSeconds: 120, jour })
    expect(page).toContain('<html lang="en"')
    expect(page).toContain('Try again in 2 minutes.')
    expect(page).toContain('After office hours, you can reach Socialjouren Nordost on 08-410 200 40.')
  })

  it('has no script and no inline style, so the service’s CSP holds, and escapes what the database gave', () => {
    const page = overloadPage({ language: 'sv', texts: texts.sv!, retryAfterSeconds: 30, jour: { name: '<script>alert(1)</script> & "jour"', phone: '<b>1</b>' } })
    expect(page).not.toMatch(/<script|<style|style=/i)
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;jour&#34;')
    expect(page).toContain('&#60;b&#62;1&#60;/b&#62;')
  })
})

describe('the page’s texts', () => {
  it('exist in every language with every key', () => {
    expect(Object.keys(texts).sort()).toEqual([...SUPPORTED_LANGUAGES].sort())
    for (const language of SUPPORTED_LANGUAGES) expect(Object.keys(texts[language]!).sort(), language).toEqual(Object.keys(texts.sv!).sort())
  })

  it('are refused at start when a key is missing, rather than showing an empty page later', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oro-overload-'))
    try {
      for (const language of ['sv', 'en']) {
        mkdirSync(path.join(dir, language))
        const { jour: _jour, ...incomplete } = texts[language]!
        writeFileSync(path.join(dir, language, 'overload.json'), JSON.stringify(language === 'en' ? incomplete : texts[language]))
      }
      expect(() => loadOverloadTexts(dir)).toThrow(/en\/overload\.json: "jour" is missing/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
