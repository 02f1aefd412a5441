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
    [
      'a blind index key that is also an encryption key',
      { ENCRYPTION_KEYS: `a:${key(1)}`, BLIND_INDEX_KEY: key(1) },
      /BLIND_INDEX_KEY: must differ from every key in ENCRYPTION_KEYS/,
    ],
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
    expect(messageOf({ ...production, ENCRYPTION_KEYS: `own:${key(1)}`, BLIND_INDEX_KEY: demo.BLIND_INDEX_KEY.toString('base64') })).toMatch(
      /BLIND_INDEX_KEY: is required in production/,
    )
  })
})

describe('proxies and rate limits from the environment', () => {
  const messageOf = (env: Record<string, string>) => {
    try {
      readConfig(env)
    } catch (error) {
      return (error as Error).message
    }
    throw new Error('the configuration was accepted')
  }

  it('trusts no proxy by default, a number of hops, or a list of proxy networks', () => {
    expect(readConfig({}).TRUST_PROXY).toBe(false)
    expect(readConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false)
    expect(readConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false)
    expect(readConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1)
    expect(readConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2)
    expect(readConfig({ TRUST_PROXY: '10.0.0.0/8, fd00::/8,192.0.2.7,loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', 'fd00::/8', '192.0.2.7', 'loopback'])
  })

  it('refuses to trust every address, and says what to write instead', () => {
    expect(messageOf({ TRUST_PROXY: 'true' })).toMatch(
      /TRUST_PROXY: "true" trusts every address.*write the number of proxies in front of the service \(1 for one proxy\) or their networks/,
    )
    expect(messageOf({ TRUST_PROXY: 'TRUE' })).toMatch(/TRUST_PROXY: "true" trusts every address/)
  })

  it.each([['11'], ['10.0.0.0/33'], ['fd00::/129'], ['10.0.0'], ['proxy.example.se'], ['10.0.0.0/8/1'], [',']])('refuses TRUST_PROXY=%s', (value) => {
    expect(messageOf({ TRUST_PROXY: value })).toMatch(/TRUST_PROXY: must be a number of proxies/)
  })

  it('has the documented limits by default, each one settable', () => {
    expect(readConfig({})).toMatchObject({
      RATE_LIMIT_DRAFTS_PER_MINUTE: 15,
      RATE_LIMIT_DRAFTS_PER_HOUR: 60,
      RATE_LIMIT_STEPS_PER_MINUTE: 150,
      RATE_LIMIT_STEPS_PER_HOUR: 900,
      RATE_LIMIT_SUBMITS_PER_MINUTE: 10,
      RATE_LIMIT_SUBMITS_PER_HOUR: 40,
      RATE_LIMIT_TOTAL_DRAFTS_PER_SECOND: 300,
      RATE_LIMIT_TOTAL_STEPS_PER_SECOND: 2500,
      RATE_LIMIT_TOTAL_SUBMITS_PER_SECOND: 10,
      RATE_LIMIT_LOGIN_PER_MINUTE: 30,
      RATE_LIMIT_LOGIN_FAILURES_PER_HOUR: 50,
    })
    expect(readConfig({ RATE_LIMIT_SUBMITS_PER_HOUR: '100', RATE_LIMIT_TOTAL_STEPS_PER_SECOND: '9000' })).toMatchObject({
      RATE_LIMIT_SUBMITS_PER_HOUR: 100,
      RATE_LIMIT_TOTAL_STEPS_PER_SECOND: 9000,
    })
  })

  it.each([['0'], ['-5'], ['1.5'], ['many']])('refuses a limit of %s, naming the variable', (value) => {
    expect(messageOf({ RATE_LIMIT_DRAFTS_PER_HOUR: value })).toMatch(/RATE_LIMIT_DRAFTS_PER_HOUR/)
  })
})

describe('safe defaults when NODE_ENV is forgotten', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://oro@db.internal/oro',
    BASE_URL: 'https://orosanmalan.example.se',
    SESSION_SECRET: productionSecret,
    ENCRYPTION_KEYS: `2026-11:${key(1)}`,
    BLIND_INDEX_KEY: key(2),
    SMTP_URL: 'smtps://oro:secret@smtp.example.se',
    MAIL_FROM: 'Orosanmälan <no-reply@example.se>',
  }
  const messageOf = (env: Record<string, string>) => {
    try {
      readConfig(env)
    } catch (error) {
      return (error as Error).message
    }
    throw new Error('the configuration was accepted')
  }

  it('listens only on this machine outside production unless HOST says otherwise, and on every interface in production', () => {
    expect(readConfig({}).HOST).toBe('127.0.0.1')
    expect(readConfig({ NODE_ENV: 'test' }).HOST).toBe('127.0.0.1')
    expect(readConfig({ HOST: '' }).HOST).toBe('127.0.0.1')
    expect(readConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0')
    expect(readConfig(production).HOST).toBe('0.0.0.0')
    expect(readConfig({ ...production, HOST: '10.0.0.5' }).HOST).toBe('10.0.0.5')
  })

  it('refuses in production every demo secret, in any setting and any form it is written', () => {
    const demo = readConfig({})
    const demoKeys = [demo.ENCRYPTION_KEYS[0]!.key, demo.BLIND_INDEX_KEY]
    const refused: Array<[string, Record<string, string>]> = [
      ['SESSION_SECRET', { SESSION_SECRET: demo.SESSION_SECRET }],
      ...demoKeys.flatMap((demoKey): Array<[string, Record<string, string>]> => [
        ['SESSION_SECRET', { SESSION_SECRET: demoKey.toString('utf8') }],
        ['SESSION_SECRET', { SESSION_SECRET: demoKey.toString('base64') }],
        ['ENCRYPTION_KEYS', { ENCRYPTION_KEYS: `2026-11:${key(1)},old:${demoKey.toString('base64')}` }],
        ['ENCRYPTION_KEYS', { ENCRYPTION_KEYS: `2026-11:${demoKey.toString('base64url')}` }],
        ['BLIND_INDEX_KEY', { BLIND_INDEX_KEY: demoKey.toString('base64') }],
      ]),
    ]
    for (const [name, setting] of refused) {
      expect(messageOf({ ...production, ...setting }), `${name}=${Object.values(setting)[0]}`).toMatch(
        new RegExp(`${name}: is required in production \\(the demo (secret|key) is refused\\)`),
      )
    }
    // The same values are the embedded defaults outside production.
    expect(readConfig({ ...production, NODE_ENV: 'development', SESSION_SECRET: demo.SESSION_SECRET }).SESSION_SECRET).toBe(demo.SESSION_SECRET)
  })
})
