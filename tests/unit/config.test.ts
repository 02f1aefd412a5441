import { describe, expect, it } from 'vitest'
import { readConfig } from '~/server/config.server'

const productionSecret = 'a'.repeat(48)
/** A 32-byte key in base64, different for each seed. */
const key = (seed: number) => Buffer.alloc(32, seed).toString('base64')

describe('configuration from the environment', () => {
  it('runs with embedded defaults outside production', () => {
    const config = readConfig({})
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, BASE_URL: 'http://localhost:3000', FORM_MIN_FILL_SECONDS: 10 })
    expect(config.DATABASE_URL).toBeUndefined()
  })

  it('stops with a message naming each bad value', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => readConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/)
    expect(() => readConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: must be at least 32 characters/)
  })

  it('refuses to run in production without a database, a secret of its own, its address and a mail server', () => {
    let message = ''
    try {
      readConfig({ NODE_ENV: 'production' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/DATABASE_URL: is required in production/)
    expect(message).toMatch(/BASE_URL: is required in production/)
    expect(message).toMatch(/SESSION_SECRET: is required in production \(the demo secret is refused\)/)
    // Without them no page reaches the jour: the mail catcher is for development only.
    expect(message).toMatch(/SMTP_URL: is required in production/)
    expect(message).toMatch(/MAIL_FROM: is required in production/)
  })

  it('accepts a complete production configuration', () => {
    const config = readConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://oro@db.internal/oro',
      BASE_URL: 'https://orosanmalan.example.se',
      SESSION_SECRET: productionSecret,
      ENCRYPTION_KEYS: `2026-11:${key(1)}`,
      BLIND_INDEX_KEY: key(2),
      SMTP_URL: 'smtps://oro:secret@smtp.example.se',
      MAIL_FROM: 'Orosanmälan <no-reply@example.se>',
    })
    expect(config.BASE_URL).toBe('https://orosanmalan.example.se')
    expect(config.MAIL_FROM).toBe('Orosanmälan <no-reply@example.se>')
  })
})

describe('encryption keys from the environment', () => {
  const messageOf = (env: Record<string, string>) => {
    try {
      readConfig(env)
    } catch (error) {
      return (error as Error).message
    }
    throw new Error('the configuration was accepted')
  }

  it('runs with demo keys outside production, named as such', () => {
    const config = readConfig({})
    expect(config.ENCRYPTION_KEYS.map((entry) => entry.id)).toEqual(['demo'])
    expect(config.ENCRYPTION_KEY_ID).toBe('demo')
    expect(config.ENCRYPTION_KEYS[0]!.key.toString('utf8')).toMatch(/^demo-.*not-for-prod/)
    expect(config.BLIND_INDEX_KEY.toString('utf8')).toMatch(/^demo-/)
  })

  it('encrypts new values with the first key listed, unless ENCRYPTION_KEY_ID names another', () => {
    const ENCRYPTION_KEYS = `new:${key(1)}, old:${key(2)}`
    expect(readConfig({ ENCRYPTION_KEYS }).ENCRYPTION_KEY_ID).toBe('new')
    expect(readConfig({ ENCRYPTION_KEYS, ENCRYPTION_KEY_ID: 'old' }).ENCRYPTION_KEY_ID).toBe('old')
    const keys = readConfig({ ENCRYPTION_KEYS }).ENCRYPTION_KEYS
    expect(keys.map((entry) => [entry.id, entry.key.length])).toEqual([
      ['new', 32],
      ['old', 32],
    ])
  })

  it('accepts keys in standard and URL-safe base64, as openssl and Node print them', () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, index) => 250 - index))
    for (const written of [bytes.toString('base64'), bytes.toString('base64url')]) {
      expect(readConfig({ ENCRYPTION_KEYS: `k1:${written}` }).ENCRYPTION_KEYS[0]!.key.equals(bytes)).toBe(true)
    }
  })

  it.each([
    ['an entry without a key id', { ENCRYPTION_KEYS: key(1) }, /ENCRYPTION_KEYS: each entry must be keyId:base64key/],
    ['a key id with a dot', { ENCRYPTION_KEYS: `2026.11:${key(1)}` }, /ENCRYPTION_KEYS: each entry must be keyId:base64key/],
    ['a key of 16 bytes', { ENCRYPTION_KEYS: `short:${Buffer.alloc(16, 1).toString('base64')}` }, /ENCRYPTION_KEYS: key "short" must be 32 bytes/],
    ['a key that is not base64', { ENCRYPTION_KEYS: `bad:${'!'.repeat(44)}` }, /ENCRYPTION_KEYS: key "bad" must be 32 bytes/],
    ['the same key id twice', { ENCRYPTION_KEYS: `a:${key(1)},a:${key(2)}` }, /ENCRYPTION_KEYS: key id "a" is listed twice/],
    ['no key at all', { ENCRYPTION_KEYS: ' , ' }, /ENCRYPTION_KEYS: must list at least one/],
    ['a current key that is not listed', { ENCRYPTION_KEYS: `a:${key(1)}`, ENCRYPTION_KEY_ID: 'b' }, /ENCRYPTION_KEY_ID: must be one of the key ids in ENCRYPTION_KEYS \(a\)/],
    ['a blind index key of 31 bytes', { BLIND_INDEX_KEY: Buffer.alloc(31, 1).toString('base64') }, /BLIND_INDEX_KEY: must be 32 bytes/],
    ['a blind index key that is also an encryption key', { ENCRYPTION_KEYS: `a:${key(1)}`, BLIND_INDEX_KEY: key(1) }, /BLIND_INDEX_KEY: must differ from every key in ENCRYPTION_KEYS/],
  ])('stops at %s, naming the variable', (_name, env, message) => {
    expect(messageOf(env)).toMatch(message)
  })

  it('never repeats a key in its messages', () => {
    const secret = Buffer.alloc(20, 7).toString('base64')
    expect(messageOf({ ENCRYPTION_KEYS: `a:${secret}`, BLIND_INDEX_KEY: secret })).not.toContain(secret)
  })

  it('refuses the demo keys in production', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://oro@db.internal/oro',
      BASE_URL: 'https://orosanmalan.example.se',
      SESSION_SECRET: productionSecret,
      SMTP_URL: 'smtps://smtp.example.se',
      MAIL_FROM: 'no-reply@example.se',
    }
    const message = messageOf(production)
    expect(message).toMatch(/ENCRYPTION_KEYS: is required in production \(the demo key is refused\)/)
    expect(message).toMatch(/BLIND_INDEX_KEY: is required in production \(the demo key is refused\)/)
    const demo = readConfig({})
    const demoKeys = `demo:${demo.ENCRYPTION_KEYS[0]!.key.toString('base64')}`
    expect(messageOf({ ...production, ENCRYPTION_KEYS: `own:${key(1)},${demoKeys}`, BLIND_INDEX_KEY: key(2) })).toMatch(/ENCRYPTION_KEYS: is required in production/)
    expect(messageOf({ ...production, ENCRYPTION_KEYS: `own:${key(1)}`, BLIND_INDEX_KEY: demo.BLIND_INDEX_KEY.toString('base64') })).toMatch(/BLIND_INDEX_KEY: is required in production/)
  })
})
