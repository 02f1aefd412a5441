import { describe, expect, it } from 'vitest'
import { readConfig } from '~/server/config.server'

const productionSecret = 'a'.repeat(48)

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

  it('refuses to run in production without a database, a secret of its own and its address', () => {
    let message = ''
    try {
      readConfig({ NODE_ENV: 'production' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/DATABASE_URL: is required in production/)
    expect(message).toMatch(/BASE_URL: is required in production/)
    expect(message).toMatch(/SESSION_SECRET: is required in production \(the demo secret is refused\)/)
  })

  it('accepts a complete production configuration', () => {
    const config = readConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://oro@db.internal/oro',
      BASE_URL: 'https://orosanmalan.example.se',
      SESSION_SECRET: productionSecret,
    })
    expect(config.BASE_URL).toBe('https://orosanmalan.example.se')
  })
})
