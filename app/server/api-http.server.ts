import type { AppLoadContext } from '@remix-run/node'
import type { ProblemCode } from '../domain/api-export'
import { isUuid } from '../domain/strict-params'
import { activeClient, auditApiCall, type ApiClient } from './api-clients.server'
import { verifyToken } from './api-tokens.server'
import { readBoundedBytes } from './form-body.server'
import { secondsBeforeNext } from './rate-limits.server'

/**
 * The export API's HTTP conventions in one place: JSON answers, errors as problem details
 * (RFC 9457) with a stable `code`, bearer tokens (RFC 6750), a bounded JSON body reader, and
 * the per-client rate limit. An error never echoes what the client sent: a value may be a
 * personnummer typed into the wrong field.
 */

const JSON_TYPE = 'application/json; charset=utf-8'
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8'

const TITLES: Record<ProblemCode, string> = {
  invalid_token: 'The access token is missing, invalid or expired',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  invalid_parameter: 'A query parameter is not valid',
  invalid_body: 'The request body is not valid',
  unsupported_media_type: 'The body must be application/json',
  body_too_large: 'The request body is too large',
  length_required: 'The request must give its Content-Length',
  rate_limited: 'Too many requests',
  not_ready: 'The report is not ready for registration',
  already_registered: 'The report is registered with other values',
}

const STATUS: Record<ProblemCode, number> = {
  invalid_token: 401,
  not_found: 404,
  method_not_allowed: 405,
  invalid_parameter: 400,
  invalid_body: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  length_required: 411,
  rate_limited: 429,
  not_ready: 409,
  already_registered: 409,
}

export function apiJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers: { 'Content-Type': JSON_TYPE, ...init.headers } })
}

/** The problem document of an error code (RFC 9457), as the API and server.ts's own refusals write it. */
export function problemDocument(code: ProblemCode): { type: 'about:blank'; title: string; status: number; code: ProblemCode } {
  return { type: 'about:blank', title: TITLES[code], status: STATUS[code], code }
}

/** An error as problem details; `extra` holds only names (of fields, parameters), never values sent. */
export function problem(code: ProblemCode, options: { detail?: string; headers?: Record<string, string>; extra?: Record<string, unknown> } = {}): Response {
  const document = problemDocument(code)
  return new Response(JSON.stringify({ ...document, ...(options.detail ? { detail: options.detail } : {}), ...options.extra }), {
    status: document.status,
    headers: { 'Content-Type': PROBLEM_TYPE, ...options.headers },
  })
}

/** The answer to a method a route does not have. */
export function methodNotAllowed(allow: string): Response {
  return problem('method_not_allowed', { headers: { Allow: allow } })
}

const BEARER_REALM = 'Bearer realm="orosanmalan-api"'

function invalidToken(description: string): Response {
  return problem('invalid_token', { detail: description, headers: { 'WWW-Authenticate': `${BEARER_REALM}, error="invalid_token", error_description="${description}"` } })
}

/**
 * The guard of every API call but the token's: a bearer token this service issued, not
 * expired by the request's clock, of a client that is still active with the same secret,
 * within the client's rate limit. Throws the 401 or 429 the caller's loader or action answers.
 */
export async function requireApiClient(request: Request, context: AppLoadContext): Promise<ApiClient> {
  const header = request.headers.get('Authorization') ?? ''
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header)
  if (!match) throw missingToken()
  const checked = await verifyToken(context.config, match[1]!, context.now())
  if (!checked.ok) throw invalidToken(checked.reason === 'expired' ? 'The access token has expired' : 'The access token is not valid')
  const client = await activeClient(context.db, checked.clientId)
  if (!client || client.secretVersion !== checked.secretVersion) throw invalidToken('The access token is no longer valid')
  await withinLimit(context, client)
  return client
}

function missingToken(): Response {
  // RFC 6750 §3.1: a request without credentials gets the challenge and no error code.
  return problem('invalid_token', { detail: 'An access token is required', headers: { 'WWW-Authenticate': BEARER_REALM } })
}

/** One call of the client against its limit a minute; the limiter's failure lets the call through, as everywhere. */
export async function withinLimit(context: AppLoadContext, client: Pick<ApiClient, 'id'>): Promise<void> {
  const { limits } = context
  refuseAfter(await secondsBeforeNext(limits, 'api client', limits.api.perClient, `client:${client.id}`))
}

/** Token requests from one address a minute, counted before the secret is checked: guessing costs time too. */
export async function tokenRequestWithinLimit(context: AppLoadContext): Promise<void> {
  const { limits } = context
  refuseAfter(await secondsBeforeNext(limits, 'api token', limits.api.tokensPerAddress, limits.key('api-token', context.clientAddress)))
}

function refuseAfter(seconds: number): void {
  if (seconds > 0) throw problem('rate_limited', { headers: { 'Retry-After': String(seconds) } })
}

/** A small JSON body is all the API takes (a registration is under 200 bytes). */
const MAX_JSON_BYTES = 4096

/**
 * The body as JSON, read within `maxBytes`: only `application/json` (415 otherwise), at most
 * `maxBytes` however it is sent (413), UTF-8 and well-formed (400). Throws the problem response.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const type = request.headers.get('Content-Type')?.split(';')
  const mediaType = type?.[0]?.trim().toLowerCase()
  const parameters = (type ?? []).slice(1).map((part) => part.trim().toLowerCase())
  if (mediaType !== 'application/json' || parameters.some((parameter) => parameter !== '' && parameter !== 'charset=utf-8')) throw problem('unsupported_media_type')
  const bytes = await readBoundedBytes(request, maxBytes, (why) => (why === 'too-large' ? problem('body_too_large') : problem('invalid_body')))
  if (!bytes) throw problem('invalid_body', { detail: 'The body is empty' })
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw problem('invalid_body', { detail: 'The body is not UTF-8' })
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw problem('invalid_body', { detail: 'The body is not JSON' })
  }
}

/** An API call refused for scope, as staff's are (audit.server.ts outOfScope): a security event under the client, the same 404 as for no report. */
export async function apiOutOfScope(context: AppLoadContext, request: Request, client: ApiClient, reportId: string): Promise<Response> {
  // Only an id of a report's shape is recorded: whatever else was put in the address may be anything, a personnummer too.
  const id = isUuid(reportId) ? reportId : null
  const known = id ? await context.db.selectFrom('reports').select('id').where('id', '=', id).executeTakeFirst() : undefined
  await auditApiCall(context.db, {
    apiClientId: client.id,
    action: 'security.outOfScope',
    reportId: known?.id ?? null,
    details: { kind: 'report', id, method: request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write' },
    at: context.now(),
  })
  return problem('not_found')
}
