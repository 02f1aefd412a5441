import { z } from 'zod'

/**
 * One municipality's identity provider (Entra ID, Keycloak, a SITHS or Freja eID bridge), as
 * whoever runs the service configures it in `OIDC_PROVIDERS` (docs/integration.md). Its
 * region is the municipalities listed: an account is signed in through it when the account
 * works for one of them, or in a jour hosted by one of them (the host employs the jour's staff).
 */
export const OidcProviderSchema = z
  .object({
    /** In the callback address (`/personal/oidc/<id>/callback`) the provider is registered with. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 lower-case letters, digits or -'),
    /** The button's text: "Logga in med <name>". */
    name: z.string().trim().min(1).max(60),
    issuer: z.string().url(),
    clientId: z.string().min(1).max(512),
    clientSecret: z.string().min(1).max(2048),
    /** The claim that carries the work e-mail address an administrator invited. */
    emailClaim: z
      .string()
      .regex(/^[A-Za-z0-9_.:/-]{1,100}$/, 'must be a claim name')
      .default('email'),
    scope: z
      .string()
      .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be scope values separated by one space')
      .refine((scope) => scope.split(' ').includes('openid'), 'must include openid')
      .default('openid email profile'),
    /** `acr` values that, asserted by the provider, mean more than a password (e.g. eID's LoA 3). */
    mfaAcrValues: z.array(z.string().min(1).max(256)).max(20).default([]),
    municipalities: z.array(z.string().regex(/^\d{4}$/, 'must be four-digit municipality codes')).min(1, 'must list the municipalities whose staff sign in here'),
    /** False: the region's accounts sign in only here, never with password and code. */
    passwordSignIn: z.boolean().default(true),
  })
  .strict()

export type OidcProvider = z.output<typeof OidcProviderSchema>

export const OidcProvidersSchema = z.array(OidcProviderSchema).superRefine((providers, ctx) => {
  const seen = new Set<string>()
  providers.forEach((provider, index) => {
    if (seen.has(provider.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `"${provider.id}" is listed twice` })
    seen.add(provider.id)
  })
})

/**
 * An issuer a production service may trust: https only. A loopback issuer is no exception:
 * the browser, not the server, is sent to it, and the browser's loopback is not ours.
 */
export function issuerAllowed(issuer: string, production: boolean): boolean {
  const url = new URL(issuer)
  if (url.username || url.password || url.hash || url.search) return false
  return url.protocol === 'https:' || (!production && url.protocol === 'http:')
}

/**
 * RFC 8176 methods that prove something besides a known secret: a possession (a one-time
 * code, a hardware or software key, a smart card such as SITHS, a phone) or the provider's
 * own word that several factors were used (`mfa`, `mca`). A biometric here unlocks a device
 * key (Windows Hello, a phone), so it counts too. `pwd`, `pin`, `kba` and `wia` alone are
 * what one knows or the desktop's password: not enough.
 */
export const MFA_AMR_VALUES: ReadonlySet<string> = new Set(['mfa', 'mca', 'otp', 'sms', 'tel', 'hwk', 'swk', 'sc', 'rsa', 'fpt', 'face', 'iris', 'retina', 'vbm'])

/**
 * Whether the provider says the person used more than a password, so our own code is not
 * asked for: an `amr` value of MFA_AMR_VALUES, or an `acr` the operator configured as such.
 */
export function providerAssertsSecondFactor(claims: { amr?: unknown; acr?: unknown }, mfaAcrValues: readonly string[]): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((value): value is string => typeof value === 'string') : []
  if (amr.some((value) => MFA_AMR_VALUES.has(value.toLowerCase()))) return true
  return typeof claims.acr === 'string' && mfaAcrValues.includes(claims.acr)
}

export type EmailClaim = { ok: true; email: string } | { ok: false; reason: 'missing' | 'unverified' }

/**
 * The address to look the account up by: trimmed and lower-cased, as accounts are stored.
 * An `email` the provider marks unverified is refused: anyone could have typed it.
 */
export function emailFromClaims(claims: Record<string, unknown>, emailClaim: string): EmailClaim {
  const value = claims[emailClaim]
  if (typeof value !== 'string') return { ok: false, reason: 'missing' }
  const email = value.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) return { ok: false, reason: 'missing' }
  const verified = claims.email_verified
  if (emailClaim === 'email' && (verified === false || verified === 'false')) return { ok: false, reason: 'unverified' }
  return { ok: true, email }
}

/** Password and code are switched off for an account that a provider without them covers. */
export function passwordSignInAllowed(providersOfAccount: readonly Pick<OidcProvider, 'passwordSignIn'>[]): boolean {
  return providersOfAccount.every((provider) => provider.passwordSignIn)
}
