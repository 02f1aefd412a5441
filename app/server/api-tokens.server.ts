import { hkdfSync, randomUUID } from 'node:crypto'
import { errors, jwtVerify, SignJWT } from 'jose'
import type { ApiClient } from './api-clients.server'
import type { Config } from './config.server'

/**
 * The export API's access tokens (OAuth 2.0 client credentials, RFC 6749 §4.4): short JWTs
 * (RFC 9068's `at+jwt`) signed with HS256 by `jose`. The key is derived from SESSION_SECRET,
 * so every instance of the service signs and verifies alike and no setting is added; the
 * token names the client (`sub`) and the version of its secret (`sv`), and each call reads the
 * client again, so a revoked client or a rotated secret stops its tokens at once.
 */

const TOKEN_TYPE = 'at+jwt'
const keys = new Map<string, Uint8Array>()

function signingKey(config: Pick<Config, 'SESSION_SECRET'>): Uint8Array {
  let key = keys.get(config.SESSION_SECRET)
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', config.SESSION_SECRET, 'orosanmalan', 'export-api-access-token', 32))
    keys.set(config.SESSION_SECRET, key)
  }
  return key
}

function tokenIssuer(config: Pick<Config, 'BASE_URL'>) {
  return { issuer: config.BASE_URL, audience: `${config.BASE_URL}/api/v1` }
}

export async function issueToken(config: Pick<Config, 'SESSION_SECRET' | 'BASE_URL' | 'API_TOKEN_TTL_SECONDS'>, client: ApiClient, now: Date) {
  const issuedAt = Math.floor(now.getTime() / 1000)
  const { issuer, audience } = tokenIssuer(config)
  const token = await new SignJWT({ sv: client.secretVersion })
    .setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPE })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(client.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + config.API_TOKEN_TTL_SECONDS)
    .setJti(randomUUID())
    .sign(signingKey(config))
  return { token, expiresIn: config.API_TOKEN_TTL_SECONDS }
}

type TokenCheck = { ok: true; clientId: string; secretVersion: string } | { ok: false; reason: 'expired' | 'invalid' }

/** A bearer token's client and secret version, if this service signed it for this API and it has not expired at `now`. */
export async function verifyToken(config: Pick<Config, 'SESSION_SECRET' | 'BASE_URL'>, token: string, now: Date): Promise<TokenCheck> {
  // A JWT of ours is well under 1 KB; anything far longer is not one, and is not parsed.
  if (token.length > 2048) return { ok: false, reason: 'invalid' }
  try {
    const { payload } = await jwtVerify(token, signingKey(config), {
      ...tokenIssuer(config),
      algorithms: ['HS256'],
      typ: TOKEN_TYPE,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'iat', 'jti', 'sv'],
    })
    if (typeof payload.sub !== 'string' || typeof payload.sv !== 'string') return { ok: false, reason: 'invalid' }
    return { ok: true, clientId: payload.sub, secretVersion: payload.sv }
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' }
    if (error instanceof errors.JOSEError) return { ok: false, reason: 'invalid' }
    // jose throws its own errors for every bad token; a TypeError is a malformed one too.
    if (error instanceof TypeError) return { ok: false, reason: 'invalid' }
    throw error
  }
}
