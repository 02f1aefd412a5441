import http from 'node:http'
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose'
import Provider from 'oidc-provider'

/** Who signs in at the provider next, and what the provider says about how. */
export interface ProviderAccount {
  email: string
  emailVerified?: boolean
  /** RFC 8176 methods, e.g. ['pwd'] or ['pwd', 'otp']. */
  amr?: string[]
  acr?: string
}

export interface RegisteredClient {
  clientId: string
  clientSecret: string
  redirectUri: string
}

export interface TestProvider {
  issuer: string
  /** The account the next sign-in at the provider logs in, as a person would type it in. */
  signInAs(account: ProviderAccount): void
  /** Changes the claims of the next ID token the token endpoint hands out, signed again with the provider's own key. */
  tamperNextIdToken(change: (claims: JWTPayload) => JWTPayload): void
  stop(): Promise<void>
}

/**
 * A real OpenID provider (`oidc-provider`) in the test process, listening on `port`, with
 * the given clients registered. Its interaction is a stand-in for the login page: it logs
 * in whoever `signInAs` named, with that `amr` and `acr`, and grants the scopes asked for,
 * so a test follows the redirects as a browser would without a form to fill in.
 */
export async function startTestProvider(port: number, clients: RegisteredClient[]): Promise<TestProvider> {
  const issuer = `http://127.0.0.1:${port}`
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }
  const accounts = new Map<string, ProviderAccount>()
  let next: ProviderAccount | null = null
  let tamper: ((claims: JWTPayload) => JWTPayload) | null = null

  const provider = new Provider(issuer, {
    clients: clients.map((registered) => ({
      client_id: registered.clientId,
      client_secret: registered.clientSecret,
      redirect_uris: [registered.redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-provider-cookie-key'] },
    claims: { acr: null, amr: null, auth_time: null, sid: null, openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub)
      if (!account) return undefined
      return { accountId: sub, claims: () => ({ sub, email: account.email, email_verified: account.emailVerified ?? true, name: 'Test Person' }) }
    },
  })
  provider.use(async (ctx, nextMiddleware) => {
    await nextMiddleware()
    const body = ctx.body as { id_token?: string } | undefined
    if (ctx.path !== '/token' || !tamper || typeof body?.id_token !== 'string') return
    const change = tamper
    tamper = null
    const claims = change(decodeJwt(body.id_token))
    ctx.body = { ...body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: jwk.kid }).sign(privateKey) }
  })

  const handle = provider.callback()
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void handle(req, res)
    void (async () => {
      const details = await provider.interactionDetails(req, res)
      const account = next
      if (!account) throw new Error('the test did not say who signs in (signInAs)')
      next = null
      const accountId = `sub-${account.email}`
      accounts.set(accountId, account)
      const clientId = String(details.params.client_id)
      const grant = new provider.Grant({ accountId, clientId })
      grant.addOIDCScope(String(details.params.scope))
      const grantId = await grant.save()
      await provider.interactionFinished(req, res, { login: { accountId, amr: account.amr, acr: account.acr }, consent: { grantId } }, { mergeWithLastSubmission: false })
    })().catch((error: unknown) => {
      res.statusCode = 500
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    issuer,
    signInAs: (account) => void (next = account),
    tamperNextIdToken: (change) => void (tamper = change),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Cookies by host, as a browser keeps them for the app and for the provider, and no redirect followed on its own. */
export class TwoSiteBrowser {
  private jars = new Map<string, Map<string, string>>()
  /** `headers` go with every request, e.g. an `X-Forwarded-For` that makes this browser a person of its own. */
  constructor(private headers: Record<string, string> = {}) {}

  async get(url: string, headers: Record<string, string> = {}) {
    const target = new URL(url)
    // The app's BASE_URL is http://localhost:<port>; it listens on 127.0.0.1, which is where tests reach it.
    if (target.hostname === 'localhost') target.hostname = '127.0.0.1'
    const jar = this.jars.get(target.host) ?? new Map<string, string>()
    this.jars.set(target.host, jar)
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    const response = await fetch(target, { redirect: 'manual', headers: { ...this.headers, ...headers, ...(cookie ? { cookie } : {}) } })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const [name, ...value] = pair!.split('=')
      const expired = attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute))
      if (expired) jar.delete(name!.trim())
      else jar.set(name!.trim(), value.join('='))
    }
    const location = response.headers.get('location')
    return {
      status: response.status,
      location: location ? new URL(location, target).href : null,
      text: await response.text(),
    }
  }

  cookie(host: string, name: string): string | undefined {
    return this.jars.get(host)?.get(name)
  }

  setCookie(host: string, name: string, value: string) {
    const jar = this.jars.get(host) ?? new Map<string, string>()
    jar.set(name, value)
    this.jars.set(host, jar)
  }
}
