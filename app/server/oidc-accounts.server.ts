import { sql } from 'kysely'
import { passwordSignInAllowed, type OidcProvider } from '../domain/oidc'
import type { Config } from './config.server'
import type { Executor } from './db.server'

// Apart from oidc.server.ts so the worker (invitation e-mails) needs no OpenID client.

/**
 * Where an account (`s` is `staff_users`) works, as providers' regions are written: its own
 * municipalities, and the municipality that hosts its jour (a jour's staff follow the host).
 */
export const regionCodesOfAccount = sql<string[]>`array(
  select m.municipality_code from staff_municipalities m where m.staff_id = s.id
  union select j.host_municipality_code from jour_units j where j.id = s.jour_id)`

/** Whether a provider's region holds any of the account's places. */
export function providerCovers(provider: Pick<OidcProvider, 'municipalities'>, regionCodes: readonly string[]): boolean {
  return provider.municipalities.some((code) => regionCodes.includes(code))
}

/**
 * The provider an account must sign in with instead of password and code, or null when
 * those are still allowed: the providers cover it by its municipalities or its jour's host,
 * and one of them has password sign-in switched off.
 */
export async function providerOnlyFor(db: Executor, config: Pick<Config, 'OIDC_PROVIDERS'>, staffId: string): Promise<OidcProvider | null> {
  if (config.OIDC_PROVIDERS.length === 0) return null
  const row = await db.selectFrom('staff_users as s').select(regionCodesOfAccount.as('regionCodes')).where('s.id', '=', staffId).executeTakeFirst()
  const providers = config.OIDC_PROVIDERS.filter((provider) => providerCovers(provider, row?.regionCodes ?? []))
  if (passwordSignInAllowed(providers)) return null
  return providers.find((candidate) => !candidate.passwordSignIn) ?? null
}
