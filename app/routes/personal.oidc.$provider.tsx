import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { oidcProvider, refusedSignInPath, startOidcSignIn } from '~/server/oidc.server'

/**
 * The button "Logga in med <provider>": a plain link, so the browser goes to the provider by
 * a redirect that the page's form-action policy does not govern. Only this browser's
 * callback can finish what starts here (oidc.server.ts). Every answer is a redirect, never
 * a page of its own: a page would load its data again once hydrated, and start another sign-in.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const provider = oidcProvider(context.config, params.provider)
  if (!provider) throw new Response('Not Found', { status: 404 })
  const started = await startOidcSignIn(context, provider)
  if (started.ok) return redirect(started.location, { status: 303, headers: { 'Set-Cookie': started.cookie } })
  const refusal = started.reason === 'wait' ? { reason: 'wait' as const, seconds: started.retryAfterSeconds } : { reason: 'unreachable' as const }
  return redirect(refusedSignInPath(provider, refusal), 303)
}
