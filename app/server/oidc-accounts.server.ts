import { sql } from 'kysely'
import { passwordSignInAllowed, type OidcProvider } from '../domain/oidc'
import type { Config } from './config.server'
import type { Executor } from './db.server'

// Apart from oidc.server.ts so the worker (invitation e-mails) needs no OpenID client.

/**
 * The provider an account must sign in with instead of password and code, or null when
 * those are still allowed: the providers cover it by its municipalities or its jour's host,
 * and one of them has password sign-in switched off.
 */
export async function providerOnlyFor(db: Executor, config: Pick<Config, 'OIDC_PROVIDERS'>, staffId: string): Promise<OidcProvider | null> {
  if (config.OIDC_PROVIDERS.length === 0) return null
  const row = await db
    .selectFrom('staff_users as s')
    .select([
      sql<string[]>`coalesce((select array_agg(m.municipality_code) from staff_municipalities m where m.staff_id = s.id), '{}')`.as('codes'),
      sql<string | null>`(select j.host_municipality_code from jour_units j where j.id = s.jour_id)`.as('jourHost'),
    ])
    .where('s.id', '=', staffId)
    .executeTakeFirst()
  const codes = new Set([...(row?.codes ?? []), ...(row?.jourHost ? [row.jourHost] : [])])
  const providers = config.OIDC_PROVIDERS.filter((provider) => provider.municipalities.some((code) => codes.has(code)))
  if (passwordSignInAllowed(providers)) return null
  return providers.find((candidate) => !candidate.passwordSignIn) ?? null
}
