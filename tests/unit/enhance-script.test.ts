import { readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

/**
 * Issue 15: what a citizen page downloads as JavaScript is this one plain module. It stays
 * small (at most 10 KB gzipped, all in) and holds no words: every text it shows comes from
 * the page, in the page's language.
 */
const source = readFileSync(path.resolve('public/enhance.js'), 'utf8')

describe('the citizen pages’ script', () => {
  it('is at most 10 KB gzipped', () => {
    expect(gzipSync(source, { level: 9 }).length).toBeLessThanOrEqual(10 * 1024)
  })

  it('imports nothing, so nothing else is fetched', () => {
    expect(source).not.toMatch(/^\s*import\s/m)
    expect(source).not.toMatch(/\bimport\(/)
  })

  it('holds no Swedish or English sentence of its own', () => {
    const strings = [...source.matchAll(/'([^'\n]*)'/g)].map((match) => match[1]!)
    const sentences = strings.filter((text) => /[a-zåäö]+ [a-zåäö]+ [a-zåäö]+/i.test(text))
    expect(sentences).toEqual([])
  })
})
