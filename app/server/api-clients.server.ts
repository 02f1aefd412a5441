import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { sql } from 'kysely'
import { isUuid } from '../domain/strict-params'
import type { AuditAction } from './audit.server'
import { audit } from './audit.server'
import type { Cipher } from './crypto.server'
import { isUniqueViolation, type Db, type Executor } from './db.server'
import { newWebhookSecret, sealWebhookSecret } from './webhooks.server'

/**
 * The case systems' clients of the export API (issue 16), as administrators keep them and as
 * the API recognises them. A secret is shown once and only its SHA-256 is kept: it is 32
 * random bytes, so a slow hash would buy nothing. A webhook's signing secret is kept
 * encrypted, because notices must be signed with it.
 */

/** `oro_` and 24 hex digits: public, written in the case system's configuration and in logs of its own. */
function newClientId(): string {
  return `oro_${randomBytes(12).toString('hex')}`
}

function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/**
 * What an access token carries to tie it to the secret it was issued for: a rotation changes
 * it, so every token of the old secret stops at once. Derived from the hash, never the hash itself.
 */
export function secretVersion(hash: string): string {
  return createHash('sha256').update(`token-version:${hash}`).digest('base64url').slice(0, 16)
}

type ApiClientStatus = 'active' | 'revoked'

/** A client this administrator keeps: every one of its municipalities is theirs (as for an intake account). */
function keeps(municipalityCodes: readonly string[], clientCodes: readonly string[]): boolean {
  return clientCodes.length > 0 && clientCodes.every((code) => municipalityCodes.includes(code))
}

/** The client's municipalities (`c` is `api_clients`), as a sorted list. */
const municipalityCodesOfClient = sql<
  string[]
>`coalesce((select array_agg(m.municipality_code order by m.municipality_code) from api_client_municipalities m where m.api_client_id = c.id), '{}')`

function clientsQuery(db: Executor) {
  return db
    .selectFrom('api_clients as c')
    .leftJoin('staff_users as s', 's.id', 'c.created_by')
    .select([
      'c.id',
      'c.name',
      'c.client_id as clientId',
      'c.webhook_url as webhookUrl',
      'c.created_at as createdAt',
      'c.rotated_at as rotatedAt',
      'c.revoked_at as revokedAt',
      's.name as createdByName',
      municipalityCodesOfClient.as('municipalityCodes'),
      sql<
        string[]
      >`coalesce((select array_agg(mu.name order by mu.name) from api_client_municipalities m join municipalities mu on mu.code = m.municipality_code where m.api_client_id = c.id), '{}')`.as(
        'municipalityNames',
      ),
    ])
}

type ClientRow = Awaited<ReturnType<ReturnType<typeof clientsQuery>['execute']>>[number]

function withStatus(row: ClientRow) {
  return { ...row, status: (row.revokedAt ? 'revoked' : 'active') as ApiClientStatus }
}

/** The clients of this administrator's municipalities, active first, by name. */
export async function listKeptClients(db: Executor, municipalityCodes: readonly string[]) {
  if (municipalityCodes.length === 0) return []
  const rows = await clientsQuery(db)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('api_client_municipalities as m')
          .select('m.api_client_id')
          .whereRef('m.api_client_id', '=', 'c.id')
          .where('m.municipality_code', 'in', [...municipalityCodes]),
      ),
    )
    .orderBy(sql`c.revoked_at is not null`)
    .orderBy('c.name')
    .execute()
  return rows.filter((row) => keeps(municipalityCodes, row.municipalityCodes)).map(withStatus)
}

/** One client, or null when this administrator does not keep it (the same answer as for no client at all). */
export async function findKeptClient(db: Executor, municipalityCodes: readonly string[], id: string) {
  if (!isUuid(id)) return null
  const row = await clientsQuery(db).where('c.id', '=', id).executeTakeFirst()
  return row && keeps(municipalityCodes, row.municipalityCodes) ? withStatus(row) : null
}

/** What is shown once and never again: the secret, and the webhook's signing secret when one was made. */
interface ShownOnce {
  clientId: string
  secret: string | null
  webhookSecret: string | null
}

export async function createClient(
  db: Db,
  cipher: Cipher,
  input: { adminId: string; keeperCodes: readonly string[]; name: string; municipalityCodes: string[]; webhookUrl: string | null; creationKey: string; now: Date },
): Promise<({ id: string } & ShownOnce) | { id: string; already: true } | 'notKept'> {
  if (!keeps(input.keeperCodes, input.municipalityCodes)) return 'notKept'
  // The same form again: its client exists, and its secret cannot be shown a second time.
  const madeBefore = await madeWith(db, input)
  if (madeBefore) return madeBefore
  const secret = newSecret()
  const webhookSecret = input.webhookUrl ? newWebhookSecret() : null
  const clientId = newClientId()
  try {
    return await insertClient(db, cipher, input, { secret, webhookSecret, clientId })
  } catch (error) {
    // The same form posted twice at once: the other post made the client.
    const madeMeanwhile = isUniqueViolation(error, 'api_clients_creation_key_key') ? await madeWith(db, input) : null
    if (!madeMeanwhile) throw error
    return madeMeanwhile
  }
}

/** The client this administrator's form (its creation key) already made, if any. */
async function madeWith(db: Executor, input: { adminId: string; creationKey: string }): Promise<{ id: string; already: true } | null> {
  const made = await db.selectFrom('api_clients').select('id').where('creation_key', '=', input.creationKey).where('created_by', '=', input.adminId).executeTakeFirst()
  return made ? { id: made.id, already: true } : null
}

function insertClient(db: Db, cipher: Cipher, input: Parameters<typeof createClient>[2], made: { secret: string; webhookSecret: string | null; clientId: string }) {
  const { secret, webhookSecret, clientId } = made
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('api_clients')
      .values({
        name: input.name,
        client_id: clientId,
        secret_hash: secretHash(secret),
        webhook_url: input.webhookUrl,
        webhook_secret: webhookSecret ? sealWebhookSecret(cipher, webhookSecret) : null,
        created_by: input.adminId,
        created_at: input.now,
        creation_key: input.creationKey,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('api_client_municipalities')
      .values(input.municipalityCodes.map((code) => ({ api_client_id: id, municipality_code: code })))
      .execute()
    await auditChange(trx, { adminId: input.adminId, id, name: input.name, change: 'created', now: input.now })
    return { id, clientId, secret, webhookSecret }
  })
}

type ClientChange = 'revoke' | 'rotate' | 'webhook'

/**
 * An administrator's change of a kept, active client: revoke it (its tokens stop at once),
 * rotate its secret (the old one and its tokens stop at once), or set its webhook address (a
 * new signing secret when there was none; none kept when the address is removed). Null when
 * the client is not theirs or already revoked.
 */
export async function changeClient(
  db: Db,
  cipher: Cipher,
  input: { adminId: string; keeperCodes: readonly string[]; id: string; change: ClientChange; webhookUrl?: string | null; now: Date },
): Promise<ShownOnce | null> {
  if (!isUuid(input.id)) return null
  return db.transaction().execute(async (trx) => {
    const client = await trx.selectFrom('api_clients').select(['id', 'name', 'client_id', 'revoked_at', 'webhook_secret']).where('id', '=', input.id).forUpdate().executeTakeFirst()
    if (!client || client.revoked_at) return null
    const codes = await trx.selectFrom('api_client_municipalities').select('municipality_code').where('api_client_id', '=', client.id).execute()
    if (
      !keeps(
        input.keeperCodes,
        codes.map((row) => row.municipality_code),
      )
    )
      return null
    const shown: ShownOnce = { clientId: client.client_id, secret: null, webhookSecret: null }
    switch (input.change) {
      case 'revoke':
        await trx.updateTable('api_clients').set({ revoked_at: input.now, revoked_by: input.adminId }).where('id', '=', client.id).execute()
        break
      case 'rotate':
        shown.secret = newSecret()
        await trx
          .updateTable('api_clients')
          .set({ secret_hash: secretHash(shown.secret), rotated_at: input.now })
          .where('id', '=', client.id)
          .execute()
        break
      case 'webhook': {
        const url = input.webhookUrl ?? null
        if (url && !client.webhook_secret) shown.webhookSecret = newWebhookSecret()
        await trx
          .updateTable('api_clients')
          .set({
            webhook_url: url,
            webhook_secret: url ? (shown.webhookSecret ? sealWebhookSecret(cipher, shown.webhookSecret) : client.webhook_secret) : null,
          })
          .where('id', '=', client.id)
          .execute()
        break
      }
      default: {
        const unreachable: never = input.change
        throw new Error(`unknown change ${String(unreachable)}`)
      }
    }
    await auditChange(trx, { adminId: input.adminId, id: client.id, name: client.name, change: input.change, now: input.now })
    return shown
  })
}

async function auditChange(trx: Executor, input: { adminId: string; id: string; name: string; change: 'created' | ClientChange; now: Date }) {
  await audit(trx, { staffId: input.adminId, action: 'config.apiClient', details: { apiClientId: input.id, apiClientName: input.name, change: input.change }, at: input.now })
}

/** A client as the API knows it on each call: who, which municipalities, and the version of its secret. */
export interface ApiClient {
  id: string
  name: string
  municipalityCodes: string[]
  secretVersion: string
}

async function clientBy(db: Executor, column: 'c.id' | 'c.client_id', value: string) {
  return db
    .selectFrom('api_clients as c')
    .select(['c.id', 'c.name', 'c.secret_hash', 'c.revoked_at', municipalityCodesOfClient.as('municipalityCodes')])
    .where(column, '=', value)
    .executeTakeFirst()
}

function apiClientOf(row: NonNullable<Awaited<ReturnType<typeof clientBy>>>): ApiClient {
  return { id: row.id, name: row.name, municipalityCodes: row.municipalityCodes, secretVersion: secretVersion(row.secret_hash) }
}

// Compared against when no client has the id, so an unknown id costs the same time as a wrong secret.
const NO_HASH = secretHash('no client has this id')

/**
 * The client whose id and secret these are, if it is active; null otherwise, in the same
 * time whether the id is unknown or the secret wrong (the hashes are compared in constant time).
 */
export async function authenticateClient(db: Executor, clientId: string, secret: string): Promise<ApiClient | null> {
  const row = clientId.length <= 64 ? await clientBy(db, 'c.client_id', clientId) : undefined
  const expected = Buffer.from(row?.secret_hash ?? NO_HASH, 'hex')
  const given = Buffer.from(secretHash(secret), 'hex')
  const matches = timingSafeEqual(expected, given)
  if (!row || !matches || row.revoked_at) return null
  return apiClientOf(row)
}

/** The client a token names, read again on every call: a revoked client is null. */
export async function activeClient(db: Executor, id: string): Promise<ApiClient | null> {
  if (!isUuid(id)) return null
  const row = await clientBy(db, 'c.id', id)
  if (!row || row.revoked_at) return null
  return apiClientOf(row)
}

/** One call of a client in the audit log: which client, what, which report. Nothing of the request itself. */
export async function auditApiCall(
  db: Executor,
  entry: { apiClientId: string; action: Extract<AuditAction, `api.${string}`> | 'security.outOfScope'; reportId?: string | null; details?: Record<string, unknown>; at: Date },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      staff_id: null,
      api_client_id: entry.apiClientId,
      action: entry.action,
      report_id: entry.reportId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute()
}
