import type { ActionFunctionArgs } from '@remix-run/node'
import { authenticateClient, auditApiCall } from '~/server/api-clients.server'
import { methodNotAllowed, tokenRequestWithinLimit, withinLimit } from '~/server/api-http.server'
import { issueToken } from '~/server/api-tokens.server'
import { readForm } from '~/server/form-body.server'

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): a case system trades its client id and
 * secret, sent with HTTP Basic (client_secret_basic) or in the form (client_secret_post),
 * for a short access token. Errors are RFC 6749 §5.2's JSON.
 */

const TOKEN_LIMITS = { maxBytes: 2048, maxFields: 10, maxNameLength: 40, maxValueLength: 512, listRows: {} }
// Cache-Control: no-store is on every answer of the service (server.ts); RFC 6749 §5.1 asks for Pragma too, for HTTP/1.0 caches.
const NO_STORE = { Pragma: 'no-cache' }
const BASIC_CHALLENGE = 'Basic realm="orosanmalan-api", charset="UTF-8"'

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type'

function oauthError(error: OAuthError, description: string, status = 400): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE, ...(error === 'invalid_client' ? { 'WWW-Authenticate': BASIC_CHALLENGE } : {}) },
  })
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and put in base64. */
function basicCredentials(header: string): { clientId: string; secret: string } | 'malformed' | null {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header)
  if (!header) return null
  if (!match) return 'malformed'
  const text = Buffer.from(match[1]!, 'base64').toString('utf8')
  const separator = text.indexOf(':')
  if (separator < 1) return 'malformed'
  try {
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '))
    return { clientId: decode(text.slice(0, separator)), secret: decode(text.slice(separator + 1)) }
  } catch {
    return 'malformed'
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed('POST')
  await tokenRequestWithinLimit(context)
  let form: FormData
  try {
    form = await readForm(request, TOKEN_LIMITS)
  } catch (error) {
    const status = (error as { init?: { status?: number } } | null)?.init?.status
    if (status === 413 || status === 415 || status === 400) return oauthError('invalid_request', 'The body must be a small application/x-www-form-urlencoded form')
    throw error
  }
  // RFC 6749 §3.2: no parameter may be sent twice.
  for (const name of new Set(form.keys())) if (form.getAll(name).length > 1) return oauthError('invalid_request', `The parameter ${name} is repeated`)
  const grantType = form.get('grant_type')
  if (typeof grantType !== 'string' || grantType === '') return oauthError('invalid_request', 'grant_type is required')
  if (grantType !== 'client_credentials') return oauthError('unsupported_grant_type', 'Only client_credentials is supported')

  const basic = basicCredentials(request.headers.get('Authorization') ?? '')
  const posted = form.has('client_id') || form.has('client_secret')
  if (basic === 'malformed') return oauthError('invalid_client', 'The client credentials are not valid', 401)
  // RFC 6749 §2.3: one way of authenticating per request.
  if (basic && posted) return oauthError('invalid_request', 'Send the client credentials one way: Basic or in the form')
  const credentials = basic ?? { clientId: String(form.get('client_id') ?? ''), secret: String(form.get('client_secret') ?? '') }
  if (!credentials.clientId || !credentials.secret) return oauthError('invalid_client', 'The client credentials are missing', 401)

  const client = await authenticateClient(context.db, credentials.clientId, credentials.secret)
  if (!client) return oauthError('invalid_client', 'The client credentials are not valid', 401)
  await withinLimit(context, client)
  const { token, expiresIn } = await issueToken(context.config, client, context.now())
  await auditApiCall(context.db, { apiClientId: client.id, action: 'api.token', details: { method: basic ? 'client_secret_basic' : 'client_secret_post' }, at: context.now() })
  return new Response(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: expiresIn }), {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE },
  })
}

export function loader() {
  return methodNotAllowed('POST')
}
