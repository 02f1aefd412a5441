import { createHash, randomBytes } from 'node:crypto'
import { createCookie, type AppLoadContext } from '@remix-run/node'
import * as client from 'openid-client'
import { emailFromClaims, providerAssertsSecondFactor, type OidcProvider } from '../domain/oidc'
import { startSession } from './auth.server'
import { isProduction, type Config } from './config.server'
import type { Executor } from './db.server'
import { demoSignInRefused } from './local-only.server'
import { providerCovers, providerOnlyFor, regionCodesOfAccount } from './oidc-accounts.server'
import { secondsBeforeNext } from './rate-limits.server'

/**
 * Staff sign-in through the municipality's OpenID Connect provider (issue 16): the
 * authorization code flow with PKCE (S256), state and nonce, by openid-client. The account
 * is one an administrator invited, found by the provider's e-mail claim within the
 * provider's region; nobody is created here. Sessions are the password sign-in's own.
 */

/** Long enough to sign in at the provider with a second factor, short enough that a leaked address is stale. */
const TRANSACTION_MS = 10 * 60_000
/** Discovery (and the keys it points at) is fetched again after this, so a provider's changes reach us. */
const DISCOVERY_MAX_AGE_MS = 60 * 60_000
const PROVIDER_TIMEOUT_SECONDS = 10

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

export function oidcProvider(config: Pick<Config, 'OIDC_PROVIDERS'>, id: string | undefined): OidcProvider | null {
  return config.OIDC_PROVIDERS.find((provider) => provider.id === id) ?? null
}

/** The redirect URI the operator registers at the provider. */
export function oidcCallbackUrl(config: Pick<Config, 'BASE_URL'>, provider: Pick<OidcProvider, 'id'>): string {
  return `${config.BASE_URL}/personal/oidc/${provider.id}/callback`
}

/**
 * The browser's half of a sign-in in flight: a random token whose SHA-256 keys the row.
 * SameSite=Lax, because the provider sends the browser back with a top-level GET from its site.
 */
const transactionCookies = new Map<boolean, ReturnType<typeof createCookie>>()
function transactionCookie(config: Pick<Config, 'NODE_ENV'>) {
  const production = isProduction(config)
  let cookie = transactionCookies.get(production)
  if (!cookie) {
    cookie = createCookie(production ? '__Host-oro_oidc' : 'oro_oidc', { httpOnly: true, secure: production, sameSite: 'lax', path: '/', maxAge: TRANSACTION_MS / 1000 })
    transactionCookies.set(production, cookie)
  }
  return cookie
}

export function clearTransactionCookieHeader(config: Pick<Config, 'NODE_ENV'>): Promise<string> {
  return transactionCookie(config).serialize('', { maxAge: 0 })
}

const discovered = new Map<string, { at: number; configuration: Promise<client.Configuration> }>()

/** The provider's metadata and our client, discovered once an hour; a failed discovery is tried again next time. */
function providerConfiguration(config: Pick<Config, 'NODE_ENV'>, provider: OidcProvider, now: number): Promise<client.Configuration> {
  const key = JSON.stringify([provider.id, provider.issuer, provider.clientId])
  const cached = discovered.get(key)
  if (cached && now - cached.at < DISCOVERY_MAX_AGE_MS) return cached.configuration
  const configuration = client.discovery(new URL(provider.issuer), provider.clientId, undefined, client.ClientSecretBasic(provider.clientSecret), {
    // Outside production only: a test or development provider on http://. Config refuses it in production.
    execute: isProduction(config) ? [] : [client.allowInsecureRequests],
    timeout: PROVIDER_TIMEOUT_SECONDS,
  })
  discovered.set(key, { at: now, configuration })
  configuration.catch(() => {
    if (discovered.get(key)?.configuration === configuration) discovered.delete(key)
  })
  return configuration
}

type Outcome =
  | 'ok'
  | 'ok-code-needed'
  | 'throttled'
  | 'unreachable'
  | 'no-transaction'
  | 'replayed'
  | 'expired'
  | 'provider-error'
  | 'invalid-response'
  | 'email-missing'
  | 'email-unverified'
  | 'not-invited'
  | 'other-region'
  | 'disabled'
  | 'demo-account'

async function logOidc(db: Executor, at: Date, provider: string, staffId: string | null, outcome: Outcome, detail?: string) {
  await db
    .insertInto('login_events')
    .values({ at, staff_id: staffId, step: 'oidc', provider, outcome: detail ? `${outcome}:${detail}` : outcome })
    .execute()
}

export type StartResult = { ok: true; location: string; cookie: string } | { ok: false; reason: 'wait'; retryAfterSeconds: number } | { ok: false; reason: 'unreachable' }

/** Counts a start against the address's sign-in attempts a minute: each one writes a row and calls the provider. */
async function startAllowed(context: AppLoadContext): Promise<number> {
  const { limits } = context
  return secondsBeforeNext(limits, 'login oidc', limits.login.attemptsPerAddress, limits.key('login-address', context.clientAddress))
}

/** Begins a sign-in: keeps state, nonce and the PKCE verifier for this browser, and gives the provider's address. */
export async function startOidcSignIn(context: AppLoadContext, provider: OidcProvider): Promise<StartResult> {
  const now = context.now()
  const wait = await startAllowed(context)
  if (wait > 0) {
    await logOidc(context.db, now, provider.id, null, 'throttled')
    return { ok: false, reason: 'wait', retryAfterSeconds: wait }
  }
  let configuration: client.Configuration
  try {
    configuration = await providerConfiguration(context.config, provider, now.getTime())
  } catch (error) {
    await logOidc(context.db, now, provider.id, null, 'unreachable', errorCode(error))
    return { ok: false, reason: 'unreachable' }
  }
  const token = randomBytes(32).toString('base64url')
  const state = client.randomState()
  const nonce = client.randomNonce()
  const codeVerifier = client.randomPKCECodeVerifier()
  await context.db
    .deleteFrom('oidc_transactions')
    .where('expires_at', '<', new Date(now.getTime() - TRANSACTION_MS))
    .execute()
  await context.db
    .insertInto('oidc_transactions')
    .values({ id: sha256(token), provider: provider.id, state, nonce, code_verifier: codeVerifier, created_at: now, expires_at: new Date(now.getTime() + TRANSACTION_MS) })
    .execute()
  const location = client.buildAuthorizationUrl(configuration, {
    redirect_uri: oidcCallbackUrl(context.config, provider),
    scope: provider.scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  })
  return { ok: true, location: location.href, cookie: await transactionCookie(context.config).serialize(token) }
}

/** Why a sign-in was refused, as the sign-in page explains it. */
export const REFUSALS = ['again', 'provider-error', 'invalid-response', 'email', 'not-invited', 'disabled', 'unreachable', 'wait'] as const
export type Refusal = (typeof REFUSALS)[number]

/** The sign-in page, saying why this provider did not sign the person in (no personal data: a provider id and a reason). */
export function refusedSignInPath(provider: Pick<OidcProvider, 'id'>, refusal: { reason: Refusal; seconds?: number }): string {
  const query = new URLSearchParams({ via: provider.id, nekad: refusal.reason })
  if (refusal.seconds !== undefined) query.set('vanta', String(refusal.seconds))
  return `/personal/logga-in?${query}`
}

/** What the sign-in page shows from the address above; null for anything it did not make. */
export function refusedSignIn(config: Pick<Config, 'OIDC_PROVIDERS'>, searchParams: URLSearchParams) {
  const provider = oidcProvider(config, searchParams.get('via') ?? undefined)
  const reason = REFUSALS.find((refusal) => refusal === searchParams.get('nekad'))
  if (!provider || !reason) return null
  const seconds = Math.min(Math.max(Number.parseInt(searchParams.get('vanta') ?? '', 10) || 1, 1), 3600)
  return { reason, providerId: provider.id, providerName: provider.name, seconds: reason === 'wait' ? seconds : 0 }
}

export type FinishResult =
  { ok: true; sessionToken: string; next: '/personal' | '/personal/kod' | '/personal/aktivera-kod' } | { ok: false; refusal: Exclude<Refusal, 'unreachable' | 'wait'> }

/** The error code of openid-client (oauth4webapi) or the provider's OAuth error: what went wrong, never a token. */
function errorCode(error: unknown): string {
  if (error instanceof client.ResponseBodyError) return error.error
  if (error instanceof client.AuthorizationResponseError) return error.error
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code
  return error instanceof Error ? error.name : 'unknown'
}

/** Takes the browser's sign-in in flight, once: a second use of the same callback finds it taken. */
async function takeTransaction(context: AppLoadContext, request: Request, provider: OidcProvider, now: Date) {
  const token: unknown = await transactionCookie(context.config).parse(request.headers.get('Cookie'))
  if (typeof token !== 'string' || token.length === 0 || token.length > 100) return { ok: false as const, outcome: 'no-transaction' as const }
  const id = sha256(token)
  const taken = await context.db
    .updateTable('oidc_transactions')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('provider', '=', provider.id)
    .where('used_at', 'is', null)
    .returning(['state', 'nonce', 'code_verifier', 'expires_at'])
    .executeTakeFirst()
  if (!taken) {
    // Taken before, or begun with another provider (a mix-up): only the first is a replay.
    const known = await context.db.selectFrom('oidc_transactions').select('provider').where('id', '=', id).executeTakeFirst()
    return { ok: false as const, outcome: known?.provider === provider.id ? ('replayed' as const) : ('no-transaction' as const) }
  }
  if (taken.expires_at <= now) return { ok: false as const, outcome: 'expired' as const }
  return { ok: true as const, transaction: taken }
}

/** The account this e-mail names, if an administrator invited it and it works in the provider's region. */
async function invitedAccount(db: Executor, provider: OidcProvider, email: string) {
  const row = await db
    .selectFrom('staff_users as s')
    .select(['s.id', 's.disabled_at', 's.totp_confirmed_at', regionCodesOfAccount.as('regionCodes')])
    .where('s.email', '=', email)
    .executeTakeFirst()
  return row ? { ...row, inRegion: providerCovers(provider, row.regionCodes) } : undefined
}

/**
 * The callback: checks the response against the browser's sign-in in flight (state, nonce,
 * PKCE, the ID token's issuer, audience, signature and times, all by openid-client), finds
 * the invited account and starts its session: complete when the provider asserts more than
 * a password, else half-open until our own code, as after a password.
 */
export async function finishOidcSignIn(context: AppLoadContext, request: Request, provider: OidcProvider): Promise<FinishResult> {
  const { db } = context
  const now = context.now()
  const refuse = async (refusal: Exclude<Refusal, 'unreachable' | 'wait'>, outcome: Outcome, staffId: string | null = null, detail?: string): Promise<FinishResult> => {
    await logOidc(db, now, provider.id, staffId, outcome, detail)
    return { ok: false, refusal }
  }
  const taken = await takeTransaction(context, request, provider, now)
  if (!taken.ok) return refuse('again', taken.outcome)
  const { transaction } = taken

  const callback = new URL(oidcCallbackUrl(context.config, provider))
  new URL(request.url).searchParams.forEach((value, name) => callback.searchParams.append(name, value))
  const providerError = callback.searchParams.get('error')
  // The provider's own refusal (the person cancelled, or may not use this service there).
  if (providerError !== null) return refuse('provider-error', 'provider-error', null, /^[\x20-\x7e]{1,64}$/.test(providerError) ? providerError : 'other')

  let claims: Record<string, unknown>
  try {
    const configuration = await providerConfiguration(context.config, provider, now.getTime())
    const tokens = await client.authorizationCodeGrant(
      configuration,
      callback,
      { pkceCodeVerifier: transaction.code_verifier, expectedState: transaction.state, expectedNonce: transaction.nonce, idTokenExpected: true },
      undefined,
    )
    const idToken = tokens.claims()
    if (!idToken) return refuse('invalid-response', 'invalid-response', null, 'no-id-token')
    claims = { ...idToken }
    // Many providers leave the e-mail out of the ID token of a code flow; UserInfo has it, for this same subject.
    if (claims[provider.emailClaim] === undefined && configuration.serverMetadata().userinfo_endpoint) {
      const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
      claims = { ...claims, [provider.emailClaim]: userInfo[provider.emailClaim], email_verified: userInfo.email_verified ?? idToken.email_verified }
    }
  } catch (error) {
    return refuse('invalid-response', 'invalid-response', null, errorCode(error))
  }

  const email = emailFromClaims(claims, provider.emailClaim)
  if (!email.ok) return refuse('email', email.reason === 'missing' ? 'email-missing' : 'email-unverified')
  const account = await invitedAccount(db, provider, email.email)
  if (!account) return refuse('not-invited', 'not-invited')
  // Another region's account gets the same answer as none: its provider is not this one.
  if (!account.inRegion) return refuse('not-invited', 'other-region', account.id)
  if (account.disabled_at !== null) return refuse('disabled', 'disabled', account.id)
  // A demo account's code secret is published: as with a password, only from this machine outside production.
  if (await demoSignInRefused(db, context, email.email)) return refuse('not-invited', 'demo-account', account.id)

  const secondFactor = providerAssertsSecondFactor(claims, provider.mfaAcrValues)
  const { token } = await startSession(db, account.id, now, secondFactor)
  await logOidc(db, now, provider.id, account.id, secondFactor ? 'ok' : 'ok-code-needed')
  const next = secondFactor ? '/personal' : account.totp_confirmed_at !== null ? '/personal/kod' : '/personal/aktivera-kod'
  return { ok: true, sessionToken: token, next }
}

/** `providerOnlyFor` at a password sign-in: a refusal is logged as such. */
export async function passwordSignInRefusal(db: Executor, config: Pick<Config, 'OIDC_PROVIDERS'>, staffId: string, now: Date): Promise<OidcProvider | null> {
  const provider = await providerOnlyFor(db, config, staffId)
  if (provider) await db.insertInto('login_events').values({ at: now, staff_id: staffId, step: 'password', provider: provider.id, outcome: 'provider-only' }).execute()
  return provider
}
