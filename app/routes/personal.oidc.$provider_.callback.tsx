import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { clearTransactionCookieHeader, finishOidcSignIn, oidcProvider, refusedSignInPath } from '~/server/oidc.server'
import { sessionCookieHeader } from '~/server/staff-session.server'

/**
 * Where the provider sends the browser back: signed in (perhaps on to our code), or to the
 * sign-in page that says why not. Always a redirect, so the address with the provider's code
 * leaves the address bar and history, and no page loads its data (and this sign-in) again.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = oidcProvider(context.config, params.provider)
  if (!provider) throw new Response('Not Found', { status: 404 })
  const result = await finishOidcSignIn(context, request, provider)
  const headers = new Headers({ 'Set-Cookie': await clearTransactionCookieHeader(context.config) })
  if (!result.ok) return redirect(refusedSignInPath(provider, { reason: result.refusal }), { status: 303, headers })
  headers.append('Set-Cookie', await sessionCookieHeader(context, result.sessionToken))
  return redirect(result.next, { status: 303, headers })
}
