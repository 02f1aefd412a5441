import { describe, expect, it } from 'vitest'
import { emailFromClaims, providerAssertsSecondFactor } from '~/domain/oidc'
import { ConfigError, readConfig } from '~/server/config.server'

/** The operator's side of OIDC_PROVIDERS, and the rules that read a provider's claims. No app, no database. */

const SECRET = 'a-client-secret-that-must-never-be-printed'
const provider = (fields: Record<string, unknown> = {}) => ({
  id: 'nordost',
  name: 'Vallentuna kommun',
  issuer: 'https://login.example.se/realms/nordost',
  clientId: 'orosanmalan',
  clientSecret: SECRET,
  municipalities: ['0115', '0160'],
  ...fields,
})

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://oro@db/oro',
  BASE_URL: 'https://oro.example.se',
  SMTP_URL: 'smtp://mail.example.se:587',
  MAIL_FROM: 'Orosanmälan <no-reply@example.se>',
  SESSION_SECRET: 'a-production-session-secret-of-forty-chars',
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
}

function problems(env: Record<string, string>): string {
  try {
    readConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.message
    throw error
  }
  return ''
}

describe('OIDC_PROVIDERS', () => {
  it('reads providers with their defaults: the e-mail claim, the scope, password sign-in kept', () => {
    const [read] = readConfig({ OIDC_PROVIDERS: JSON.stringify([provider()]) }).OIDC_PROVIDERS
    expect(read).toMatchObject({ emailClaim: 'email', scope: 'openid email profile', mfaAcrValues: [], passwordSignIn: true })
    expect(readConfig({}).OIDC_PROVIDERS).toEqual([])
  })

  it('refuses an http issuer in production, a loopback one too, and takes https', () => {
    for (const issuer of ['http://login.example.se', 'http://127.0.0.1:8080/realms/x', 'http://localhost:8080']) {
      expect(problems({ ...PRODUCTION, OIDC_PROVIDERS: JSON.stringify([provider({ issuer })]) })).toContain('OIDC_PROVIDERS.0.issuer: must be an https address')
    }
    expect(problems({ ...PRODUCTION, OIDC_PROVIDERS: JSON.stringify([provider()]) })).toBe('')
    // Outside production a test or development provider may run on http.
    expect(problems({ OIDC_PROVIDERS: JSON.stringify([provider({ issuer: 'http://127.0.0.1:8080' })]) })).toBe('')
  })

  it('refuses an issuer with a user, a query or a fragment in it', () => {
    for (const issuer of ['https://user:pw@login.example.se', 'https://login.example.se/?tenant=x', 'https://login.example.se/#x']) {
      expect(problems({ OIDC_PROVIDERS: JSON.stringify([provider({ issuer })]) })).toContain('issuer')
    }
  })

  it('names what is wrong without ever printing the value: bad JSON, unknown fields, a missing region, ids twice', () => {
    const cases: Array<[string, string]> = [
      [`[{"clientSecret": "${SECRET}",`, 'must be a JSON array of providers'],
      [JSON.stringify([provider({ clientSecrt: SECRET })]), 'entry.0: unknown field(s): clientSecrt'],
      [JSON.stringify([provider({ municipalities: [] })]), 'entry.0.municipalities: must list the municipalities'],
      [JSON.stringify([provider({ municipalities: ['Täby'] })]), 'must be four-digit municipality codes'],
      [JSON.stringify([provider(), provider()]), 'entry.1.id: "nordost" is listed twice'],
      [JSON.stringify([provider({ id: '../x' })]), 'entry.0.id'],
      [JSON.stringify([provider({ scope: 'email profile' })]), 'must include openid'],
      [JSON.stringify({ id: 'x' }), 'entry: Expected array'],
    ]
    for (const [value, expected] of cases) {
      const message = problems({ OIDC_PROVIDERS: value })
      expect(message).toContain(expected)
      expect(message).not.toContain(SECRET)
    }
  })
})

describe('more than a password, as the provider says it', () => {
  const cases: Array<[string, { amr?: unknown; acr?: unknown }, boolean]> = [
    ['a password alone', { amr: ['pwd'] }, false],
    ['a password and a one-time code', { amr: ['pwd', 'otp'] }, true],
    ['Entra ID after its own MFA', { amr: ['pwd', 'mfa'] }, true],
    ['a security key (FIDO2)', { amr: ['hwk'] }, true],
    ['a SITHS smart card with its PIN', { amr: ['sc', 'pin'] }, true],
    ['Windows Hello with a fingerprint', { amr: ['fpt', 'rsa'] }, true],
    ['a PIN alone', { amr: ['pin'] }, false],
    ['the desktop sign-in (Kerberos) alone', { amr: ['wia'] }, false],
    ['knowledge questions', { amr: ['pwd', 'kba'] }, false],
    ['nothing said', {}, false],
    ['amr not a list', { amr: 'mfa' }, false],
    ['a configured eID level (LoA 3)', { amr: ['pwd'], acr: 'http://id.elegnamnden.se/loa/1.0/loa3' }, true],
    ['an acr not configured', { acr: 'http://id.elegnamnden.se/loa/1.0/loa2' }, false],
  ]
  it.each(cases)('%s', (_name, claims, expected) => {
    expect(providerAssertsSecondFactor(claims, ['http://id.elegnamnden.se/loa/1.0/loa3'])).toBe(expected)
  })
})

describe('the e-mail the account is found by', () => {
  it('is trimmed and lower-cased; an unverified one is refused; another claim may carry it', () => {
    expect(emailFromClaims({ email: ' Maja.Mottagning@Taby.SE ' }, 'email')).toEqual({ ok: true, email: 'maja.mottagning@taby.se' })
    expect(emailFromClaims({ email: 'maja@taby.se', email_verified: false }, 'email')).toEqual({ ok: false, reason: 'unverified' })
    expect(emailFromClaims({ email: 'maja@taby.se', email_verified: true }, 'email')).toEqual({ ok: true, email: 'maja@taby.se' })
    expect(emailFromClaims({ upn: 'Maja@taby.se', email_verified: false }, 'upn')).toEqual({ ok: true, email: 'maja@taby.se' })
    for (const email of [undefined, 42, '', 'not an address', ['maja@taby.se'], `${'x'.repeat(320)}@taby.se`]) {
      expect(emailFromClaims({ email }, 'email')).toEqual({ ok: false, reason: 'missing' })
    }
  })
})
