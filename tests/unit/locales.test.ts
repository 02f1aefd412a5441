import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NAMESPACES, SUPPORTED_LANGUAGES } from '~/i18n/config'
import { LEVELS, TRIAGE_RULES } from '~/domain/triage'

const locale = (language: string, namespace: string) => JSON.parse(readFileSync(path.resolve('public/locales', language, `${namespace}.json`), 'utf8')) as Record<string, unknown>

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key))
}

function lookup(tree: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree)
}

describe('translations', () => {
  it.each(NAMESPACES)('every key of %s is in every language, and none is empty', (namespace) => {
    const [swedish, ...others] = SUPPORTED_LANGUAGES.map((language) => keys(locale(language, namespace)).sort())
    for (const other of others) expect(other).toEqual(swedish)
    for (const language of SUPPORTED_LANGUAGES) {
      for (const key of keys(locale(language, namespace))) expect(lookup(locale(language, namespace), key), `${language}:${key}`).not.toBe('')
    }
  })

  it('explains every triage rule and level to staff in every language', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      const staff = locale(language, 'staff')
      for (const rule of TRIAGE_RULES) expect(typeof lookup(staff, `rules.${rule.id}`), `${language}: ${rule.id}`).toBe('string')
      for (const level of LEVELS) expect(typeof lookup(staff, `levels.${level}`)).toBe('string')
    }
  })
})
