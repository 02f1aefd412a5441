import { z } from 'zod'
import { isUuid } from './strict-params'

/**
 * The export API's rules on what a case system sends (issue 16): the ready list's cursor and
 * page size, a registration's diary number and case id, and what an administrator types for a
 * client. Pure: the routes and `api-*.server.ts` modules read requests and answer.
 */

/** Every error code the API answers with (the OpenAPI document lists them). */
export const PROBLEM_CODES = [
  'invalid_token',
  'not_found',
  'method_not_allowed',
  'invalid_parameter',
  'invalid_body',
  'unsupported_media_type',
  'body_too_large',
  'length_required',
  'rate_limited',
  'not_ready',
  'already_registered',
] as const
export type ProblemCode = (typeof PROBLEM_CODES)[number]

export const READY_PAGE_DEFAULT = 50
export const READY_PAGE_MAX = 200

/** A report's place in the ready list: when it was decided (to the microsecond, as PostgreSQL keeps it) and its id. */
interface ReadyPosition {
  decidedAt: string
  id: string
}

const MICRO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/

/** The opaque cursor of the next page: the last report's position, base64url, nothing a client should read. */
export function encodeCursor(position: ReadyPosition): string {
  return Buffer.from(`${position.decidedAt}|${position.id}`, 'utf8').toString('base64url')
}

/** The position a cursor stands for, or null for anything the service did not write itself. */
export function decodeCursor(cursor: string): ReadyPosition | null {
  if (!CURSOR.test(cursor)) return null
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  // Base64url has several spellings of the same bytes; only the service's own is accepted.
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) return null
  const [decidedAt, id, ...rest] = text.split('|')
  if (rest.length > 0 || !decidedAt || !MICRO_INSTANT.test(decidedAt) || !isUuid(id)) return null
  if (Number.isNaN(new Date(decidedAt).getTime()) || new Date(decidedAt).toISOString().slice(0, 19) !== decidedAt.slice(0, 19)) return null
  return { decidedAt, id }
}

export type ReadyQuery = { status: 'ready'; limit: number; after: ReadyPosition | null }

/**
 * The ready list's query string, strictly: `status` must be `ready` (the only list there is,
 * named so another can come without breaking clients), `limit` a whole number within bounds,
 * `cursor` one the service wrote. Any other parameter, or one given twice, is an error.
 */
export function parseReadyQuery(params: URLSearchParams): { ok: true; query: ReadyQuery } | { ok: false; parameter: string } {
  const known = new Set(['status', 'limit', 'cursor'])
  const seen = new Set<string>()
  for (const name of params.keys()) {
    if (!known.has(name) || seen.has(name)) return { ok: false, parameter: name.slice(0, 40) }
    seen.add(name)
  }
  const status = params.get('status') ?? 'ready'
  if (status !== 'ready') return { ok: false, parameter: 'status' }
  const limitText = params.get('limit')
  let limit = READY_PAGE_DEFAULT
  if (limitText !== null) {
    if (!/^[1-9]\d{0,2}$/.test(limitText) || Number(limitText) > READY_PAGE_MAX) return { ok: false, parameter: 'limit' }
    limit = Number(limitText)
  }
  const cursorText = params.get('cursor')
  let after: ReadyPosition | null = null
  if (cursorText !== null) {
    after = decodeCursor(cursorText)
    if (!after) return { ok: false, parameter: 'cursor' }
  }
  return { ok: true, query: { status: 'ready', limit, after } }
}

export const CASE_SYSTEM_ID_MAX = 64

/**
 * A diary number or case id as the case system writes it: 1 to 64 characters, none of them a
 * control or format character (a right-to-left override would reorder the staff page's text),
 * no spaces at either end.
 */
const caseSystemId = z
  .string()
  .min(1)
  .max(CASE_SYSTEM_ID_MAX)
  .regex(/^[^\p{C}]+$/u)
  .refine((value) => value.trim() === value)

const registrationSchema = z.object({ diaryNumber: caseSystemId, caseId: caseSystemId }).strict()
export type Registration = z.infer<typeof registrationSchema>

/** The error a refused registration body gets: the fields at fault, never their values. */
export function parseRegistration(body: unknown): { ok: true; registration: Registration } | { ok: false; fields: string[] } {
  const result = registrationSchema.safeParse(body)
  if (result.success) return { ok: true, registration: result.data }
  const fields = new Set<string>()
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) fields.add(key.slice(0, 40))
    else fields.add(String(issue.path[0] ?? 'body'))
  }
  return { ok: false, fields: [...fields] }
}

const CLIENT_NAME_MAX = 100
const WEBHOOK_URL_MAX = 2000

/**
 * Where a client's notices may go: an absolute https address (plain http only outside
 * production, for a test receiver), with no user name or password in it.
 */
export function isWebhookUrl(value: string, options: { production: boolean }): boolean {
  if (value.length > WEBHOOK_URL_MAX) return false
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.username || url.password || url.hash) return false
  return url.protocol === 'https:' || (!options.production && url.protocol === 'http:')
}

const list = (value: unknown) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value])

/** A new client as the administrator's form gives it: a name, some of their own municipalities, perhaps a webhook. */
export function newApiClientSchema(options: { municipalityCodes: readonly string[]; production: boolean }) {
  return z.object({
    name: z
      .string({ required_error: 'staff:apiClients.errors.name.required' })
      .trim()
      .min(1, 'staff:apiClients.errors.name.required')
      .max(CLIENT_NAME_MAX, 'staff:apiClients.errors.name.tooLong')
      .regex(/^[^\p{C}]+$/u, 'staff:apiClients.errors.name.invalid'),
    municipalityCodes: z.preprocess(
      list,
      z
        .array(z.string())
        .min(1, 'staff:apiClients.errors.municipalities.required')
        .refine((codes) => codes.every((code) => options.municipalityCodes.includes(code)), 'staff:apiClients.errors.municipalities.required')
        .transform((codes) => [...new Set(codes)]),
    ),
    webhookUrl: webhookUrlField(options.production),
    // The form's own random key (the page makes it): the same form posted twice makes one client.
    creationKey: z.string({ required_error: 'staff:apiClients.errors.again' }).regex(/^[\w-]{22,64}$/, 'staff:apiClients.errors.again'),
  })
}

/** The webhook address alone, as the client's page changes it; empty means no webhook. */
export function webhookSchema(options: { production: boolean }) {
  return z.object({ webhookUrl: webhookUrlField(options.production) })
}

function webhookUrlField(production: boolean) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : null))
    .refine(
      (value) => value === null || isWebhookUrl(value, { production }),
      production ? 'staff:apiClients.errors.webhookUrl.httpsOnly' : 'staff:apiClients.errors.webhookUrl.invalid',
    )
}
