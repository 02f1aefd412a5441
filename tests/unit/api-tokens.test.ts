import { hkdfSync } from 'node:crypto'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { issueToken, verifyToken } from '~/server/api-tokens.server'

const config = { SESSION_SECRET: 'a-session-secret-of-at-least-32-characters', BASE_URL: 'https://orosanmalan.example.se', API_TOKEN_TTL_SECONDS: 300 }
const client = { id: '0b6f1c1e-8a4b-4c3e-9d2a-1f2e3d4c5b6a', name: 'Treserva', municipalityCodes: ['0160'], secretVersion: 'version-1' }
const issuedAt = new Date('2026-11-26T08:00:00Z')
const later = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000)

describe('export API access tokens', () => {
  it('name the client and the version of its secret until they expire', async () => {
    const { token, expiresIn } = await issueToken(config, client, issuedAt)
    expect(expiresIn).toBe(300)
    expect(await verifyToken(config, token, later(299))).toEqual({ ok: true, clientId: client.id, secretVersion: 'version-1' })
    expect(await verifyToken(config, token, later(301))).toEqual({ ok: false, reason: 'expired' })
  })

  it("refuse a token of another service or another instance's secret", async () => {
    const { token } = await issueToken(config, client, issuedAt)
    expect(await verifyToken({ ...config, BASE_URL: 'https://other.example.se' }, token, issuedAt)).toEqual({ ok: false, reason: 'invalid' })
    expect(await verifyToken({ ...config, SESSION_SECRET: 'another-session-secret-of-32-characters!' }, token, issuedAt)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('refuse a JWT signed with the right key that is not an access token of ours', async () => {
    const { token } = await issueToken(config, client, issuedAt)
    const [header, payload] = token.split('.')
    // Its signature taken off.
    expect(await verifyToken(config, `${header}.${payload}.`, issuedAt)).toEqual({ ok: false, reason: 'invalid' })
    // The key as the service derives it, to sign tokens that differ in one thing each.
    const key = new Uint8Array(hkdfSync('sha256', config.SESSION_SECRET, 'orosanmalan', 'export-api-access-token', 32))
    const seconds = Math.floor(issuedAt.getTime() / 1000)
    const signed = (change: { typ?: string; audience?: string; sv?: string | null }) => {
      const jwt = new SignJWT(change.sv === null ? {} : { sv: change.sv ?? 'version-1' })
        .setProtectedHeader({ alg: 'HS256', typ: change.typ ?? 'at+jwt' })
        .setIssuer(config.BASE_URL)
        .setAudience(change.audience ?? `${config.BASE_URL}/api/v1`)
        .setSubject(client.id)
        .setIssuedAt(seconds)
        .setExpirationTime(seconds + 300)
        .setJti('jti')
      return jwt.sign(key)
    }
    expect(await verifyToken(config, await signed({}), issuedAt)).toEqual({ ok: true, clientId: client.id, secretVersion: 'version-1' })
    expect(await verifyToken(config, await signed({ typ: 'JWT' }), issuedAt)).toEqual({ ok: false, reason: 'invalid' })
    expect(await verifyToken(config, await signed({ audience: `${config.BASE_URL}/personal` }), issuedAt)).toEqual({ ok: false, reason: 'invalid' })
    expect(await verifyToken(config, await signed({ sv: null }), issuedAt)).toEqual({ ok: false, reason: 'invalid' })
  })

  it.each([
    ['empty', ''],
    ['not a JWT', 'abc'],
    ['too long', 'a.b.c'.repeat(1000)],
    ['garbage parts', '!!!.@@@.###'],
  ])('refuse %s without throwing', async (_name, token) => {
    expect(await verifyToken(config, token, issuedAt)).toEqual({ ok: false, reason: 'invalid' })
  })
})
