import type { AppLoadContext } from '@remix-run/node'
import { describe, expect, it } from 'vitest'
import { readConfig } from '~/server/config.server'
import { isLoopbackAddress, localOnly } from '~/server/local-only.server'

describe('a socket peer that is this machine', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:127.0.0.2'])('%s is this machine', (address) => {
    expect(isLoopbackAddress(address)).toBe(true)
  })

  it.each([
    '192.0.2.2',
    '10.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:192.0.2.2',
    'fd00::2',
    'fe80::1',
    '::',
    '0.0.0.0',
    '128.0.0.1',
    'localhost',
    '127.0.0.1.example.org',
    '',
    undefined,
  ])('%s is not', (address) => {
    expect(isLoopbackAddress(address)).toBe(false)
  })
})

describe('what answers only on this machine (demo accounts, test clock, /dev/mail)', () => {
  const context = (env: Record<string, string>, fromLoopback: boolean) => ({ config: readConfig(env), fromLoopback }) as Pick<AppLoadContext, 'config' | 'fromLoopback'>
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://oro@db.internal/oro',
    BASE_URL: 'https://orosanmalan.example.se',
    SESSION_SECRET: 'a'.repeat(48),
    ENCRYPTION_KEYS: `k:${Buffer.alloc(32, 1).toString('base64')}`,
    BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
    SMTP_URL: 'smtp://smtp.example.se',
    MAIL_FROM: 'no-reply@example.se',
  }

  it('answers a request from this machine outside production', () => {
    expect(localOnly(context({}, true))).toBe(true)
    expect(localOnly(context({ NODE_ENV: 'test' }, true))).toBe(true)
  })

  it('never answers another machine, nor anyone in production', () => {
    expect(localOnly(context({}, false))).toBe(false)
    expect(localOnly(context(production, true))).toBe(false)
    expect(localOnly(context(production, false))).toBe(false)
  })
})
