import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { hashPassword } from '~/server/auth.server'
import { issueInvitationToken } from '~/server/staff-accounts.server'
import { createDb, type Db } from '~/server/db.server'
import { freePort } from '~/server/embedded-postgres.server'
import { DEMO_PASSWORD } from '~/server/seed.server'
import { startApp, type RunningApp } from '../support/app-server'
import { HttpBrowser } from '../support/http-browser'
import { startTestProvider, TwoSiteBrowser, type ProviderAccount, type TestProvider } from '../support/oidc-provider'
import { createEmptyDatabase } from '../support/postgres'

/**
 * Issue 16, part 2: staff sign in through their municipality's identity provider. A real
 * OpenID provider (oidc-provider) runs in this process; the real app, over HTTP, is its
 * client for two regions: Nordost (password and code still allowed, an eID `acr` counts as
 * a second factor) and Syd (password sign-in switched off).
 */

const NORDOST = ['0115', '0117', '0160', '0162', '0186', '0187', '0188']
const SYD = ['1233', '1291', '1265', '1264', '1230', '1263', '1270', '1286', '1287']
const LOA3 = 'http://id.elegnamnden.se/loa/1.0/loa3'
const CLIENTS = {
  nordost: { clientId: 'oro-nordost', clientSecret: 'nordost-secret-for-tests-only' },
  syd: { clientId: 'oro-syd', clientSecret: 'syd-secret-for-tests-only' },
}

let app: RunningApp
let database: Awaited<ReturnType<typeof createEmptyDatabase>>
let db: Db
let provider: TestProvider
let issuer: string
/** The app's BASE_URL, which the provider sends the browser back to. */
let publicBase: string

beforeAll(async () => {
  database = await createEmptyDatabase(inject('postgresUrl'))
  const [providerPort, closedPort] = await Promise.all([freePort(), freePort()])
  issuer = `http://127.0.0.1:${providerPort}`
  app = await startApp({
    DATABASE_URL: database.url,
    TRUST_PROXY: '1',
    OIDC_PROVIDERS: JSON.stringify([
      { id: 'nordost', name: 'Nordost-id', issuer, ...CLIENTS.nordost, municipalities: NORDOST, mfaAcrValues: [LOA3] },
      { id: 'syd', name: 'Syd-id', issuer, ...CLIENTS.syd, municipalities: SYD, passwordSignIn: false },
      // Nothing listens there: a provider that is down.
      { id: 'nere', name: 'Nere-id', issuer: `http://127.0.0.1:${closedPort}`, clientId: 'oro', clientSecret: 'x', municipalities: ['0191'] },
    ]),
  })
  publicBase = `http://localhost:${new URL(app.baseURL).port}`
  provider = await startTestProvider(providerPort, [
    { ...CLIENTS.nordost, redirectUri: `${publicBase}/personal/oidc/nordost/callback` },
    { ...CLIENTS.syd, redirectUri: `${publicBase}/personal/oidc/syd/callback` },
  ])
  db = createDb(database.url, { max: 2 })
}, 120_000)

afterAll(async () => {
  await provider?.stop()
  await db?.destroy()
  await app?.stop()
  await database?.drop()
})

const TABY = { email: 'mottagning.taby@demo.orosanmalan.se', name: 'Maja Mottagning (Täby)' }
const VELLINGE = { email: 'mottagning.vellinge@demo.orosanmalan.se', name: 'Vera Mottagning (Vellinge)' }
const JOUR = { email: 'jour.nordost@demo.orosanmalan.se', name: 'Jonas Jour (Nordost)' }
const NOT_ENROLLED = { email: 'ny.mottagning@demo.orosanmalan.se' }
const WITH_CODE = ['pwd', 'otp']

/** Starts at the app's button: the answer must send the browser to the provider with PKCE (S256), state and nonce. */
async function startSignIn(browser: TwoSiteBrowser, providerId = 'nordost') {
  const started = await browser.get(`${app.baseURL}/personal/oidc/${providerId}`)
  expect(started.status).toBe(303)
  const authorization = new URL(started.location!)
  expect(authorization.origin).toBe(issuer)
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256')
  expect(authorization.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
  expect(authorization.searchParams.get('state')).toBeTruthy()
  expect(authorization.searchParams.get('nonce')).toBeTruthy()
  expect(authorization.searchParams.get('redirect_uri')).toBe(`${publicBase}/personal/oidc/${providerId}/callback`)
  return authorization.href
}

/** Signs in at the provider as `account` and returns the address the provider sends the browser back to. */
async function atProvider(browser: TwoSiteBrowser, authorizationUrl: string, account: ProviderAccount): Promise<string> {
  provider.signInAs(account)
  let url = authorizationUrl
  for (let hop = 0; hop < 10; hop++) {
    const answer = await browser.get(url)
    if (answer.status !== 302 && answer.status !== 303) throw new Error(`the provider answered ${answer.status}: ${answer.text}`)
    if (answer.location!.startsWith(publicBase)) return answer.location!
    url = answer.location!
  }
  throw new Error('the provider never sent the browser back')
}

/** The whole journey in a fresh browser: the app's button, the provider, and the callback's answer. */
async function signIn(account: ProviderAccount, options: { providerId?: string; headers?: Record<string, string> } = {}) {
  const browser = person()
  const callback = await atProvider(browser, await startSignIn(browser, options.providerId), account)
  const answer = await browser.get(callback, options.headers)
  return { browser, callback, answer }
}

let people = 0
/** A browser of its own, from an address of its own (TRUST_PROXY=1), as staff at their own desks. */
const person = () => {
  people++
  return new TwoSiteBrowser({ 'x-forwarded-for': `10.16.${Math.floor(people / 250)}.${people % 250}` })
}

const path = (location: string | null) => (location ? new URL(location, app.baseURL).pathname : null)

/** A refused sign-in sends the browser to the sign-in page with the reason in the address; the reason and what the page says. */
async function refusedAt(browser: TwoSiteBrowser, answer: { status: number; location: string | null }) {
  expect(answer.status).toBe(303)
  const location = new URL(answer.location!, app.baseURL)
  expect(location.pathname).toBe('/personal/logga-in')
  const page = await browser.get(`${app.baseURL}${location.pathname}${location.search}`)
  expect(page.status).toBe(200)
  return { reason: location.searchParams.get('nekad'), text: page.text }
}

async function lastOidcEvent() {
  return db.selectFrom('login_events').select(['staff_id', 'step', 'outcome', 'provider']).where('step', '=', 'oidc').orderBy('id', 'desc').executeTakeFirstOrThrow()
}

async function staffIdOf(email: string) {
  return (await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
}

async function newAccount(email: string, options: { municipalities?: string[]; disabled?: boolean } = {}) {
  const { id } = await db
    .insertInto('staff_users')
    .values({ email, name: 'Ny Person', password_hash: null, role: 'intake', disabled_at: options.disabled ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('staff_municipalities')
    .values((options.municipalities ?? ['0160']).map((code) => ({ staff_id: id, municipality_code: code })))
    .execute()
  return id
}

describe('signing in through the municipality’s provider', () => {
  it('signs an invited account in, with the address in any case, when the provider asserts a second factor; the session works on /personal', async () => {
    const { browser, answer } = await signIn({ email: `  ${TABY.email.toUpperCase()} `, amr: WITH_CODE })
    expect(answer.status).toBe(303)
    expect(path(answer.location)).toBe(`/personal`)
    const queue = await browser.get(`${app.baseURL}/personal`)
    expect(queue.status).toBe(200)
    expect(queue.text).toContain(TABY.name)
    expect(await lastOidcEvent()).toEqual({ staff_id: await staffIdOf(TABY.email), step: 'oidc', outcome: 'ok', provider: 'nordost' })
  })

  it('takes a configured acr (eID LoA 3) as more than a password, and signs a jour in through its host municipality', async () => {
    const { browser, answer } = await signIn({ email: JOUR.email, amr: ['pwd'], acr: LOA3 })
    expect(path(answer.location)).toBe(`/personal`)
    expect((await browser.get(`${app.baseURL}/personal`)).text).toContain(JOUR.name)
  })

  it('asks for our own code when the provider does not assert more than a password, and enrolment for an account without one', async () => {
    const { browser, answer } = await signIn({ email: TABY.email, amr: ['pwd'] })
    expect(path(answer.location)).toBe(`/personal/kod`)
    // Half signed in: the code page, not the queue.
    expect(path((await browser.get(`${app.baseURL}/personal`)).location)).toBe('/personal/logga-in')
    expect((await browser.get(`${app.baseURL}/personal/kod`)).status).toBe(200)
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'ok-code-needed' })

    const newcomer = await signIn({ email: NOT_ENROLLED.email })
    expect(path(newcomer.answer.location)).toBe(`/personal/aktivera-kod`)
  })
})

describe('what is refused', () => {
  it('refuses an ID token made for another client (a wrong audience), and no session is started', async () => {
    provider.tamperNextIdToken((claims) => ({ ...claims, aud: 'another-client' }))
    const { browser, answer } = await signIn({ email: TABY.email, amr: WITH_CODE })
    const shown = await refusedAt(browser, answer)
    expect(shown.reason).toBe('invalid-response')
    expect(shown.text).toContain('Svaret från Nordost-id kunde inte godkännas')
    expect((await lastOidcEvent()).outcome).toBe('invalid-response:OAUTH_JWT_CLAIM_COMPARISON_FAILED')
    expect((await browser.get(`${app.baseURL}/personal`)).status).toBe(303)
  })

  it('refuses an expired ID token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600
    provider.tamperNextIdToken((claims) => ({ ...claims, iat: past - 300, exp: past }))
    const { browser, answer } = await signIn({ email: TABY.email, amr: WITH_CODE })
    expect((await refusedAt(browser, answer)).reason).toBe('invalid-response')
    expect((await lastOidcEvent()).outcome).toBe('invalid-response:OAUTH_JWT_TIMESTAMP_CHECK_FAILED')
  })

  it('refuses an ID token whose nonce is not this browser’s (a token replayed from another sign-in)', async () => {
    provider.tamperNextIdToken((claims) => ({ ...claims, nonce: 'nonce-of-another-sign-in' }))
    const { browser, answer } = await signIn({ email: TABY.email, amr: WITH_CODE })
    expect((await refusedAt(browser, answer)).reason).toBe('invalid-response')
    expect((await lastOidcEvent()).outcome).toBe('invalid-response:OAUTH_JWT_CLAIM_COMPARISON_FAILED')
  })

  it('refuses a callback replayed, in the same browser and with the sign-in’s cookie put back', async () => {
    const { browser, callback, answer } = await signIn({ email: TABY.email, amr: WITH_CODE })
    expect(answer.status).toBe(303)
    const replay = person()
    const again = await replay.get(callback)
    const shown = await refusedAt(replay, again)
    expect(shown.reason).toBe('again')
    expect(shown.text).toContain('Inloggningen har redan använts')
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'no-transaction', staff_id: null })

    // An attacker who also copied the transaction cookie finds the sign-in already taken.
    const first = person()
    const authorization = await startSignIn(first)
    const cookie = first.cookie(new URL(app.baseURL).host, 'oro_oidc')!
    const returned = await atProvider(first, authorization, { email: TABY.email, amr: WITH_CODE })
    expect((await first.get(returned)).status).toBe(303)
    const thief = person()
    thief.setCookie(new URL(app.baseURL).host, 'oro_oidc', cookie)
    const stolen = await thief.get(returned)
    expect((await refusedAt(thief, stolen)).reason).toBe('again')
    expect((await thief.get(`${app.baseURL}/personal`)).status).toBe(303)
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'replayed' })
    expect(browser.cookie(new URL(app.baseURL).host, 'oro_oidc')).toBeUndefined()
  })

  it('refuses a response brought to another provider’s callback (a mix-up)', async () => {
    const browser = person()
    const callback = await atProvider(browser, await startSignIn(browser, 'syd'), { email: VELLINGE.email, amr: WITH_CODE })
    const mixedUp = callback.replace('/personal/oidc/syd/', '/personal/oidc/nordost/')
    expect((await refusedAt(browser, await browser.get(mixedUp))).reason).toBe('again')
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'no-transaction', provider: 'nordost' })
  })

  it('refuses a sign-in that took more than ten minutes', async () => {
    const browser = person()
    const callback = await atProvider(browser, await startSignIn(browser), { email: TABY.email, amr: WITH_CODE })
    const answer = await browser.get(callback, { 'x-test-now': new Date(Date.now() + 11 * 60_000).toISOString() })
    expect((await refusedAt(browser, answer)).reason).toBe('again')
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'expired' })
  })

  it('refuses another sign-in’s response in this browser (login CSRF): the state is not this browser’s', async () => {
    const attacker = person()
    const attackersCallback = await atProvider(attacker, await startSignIn(attacker), { email: TABY.email, amr: WITH_CODE })
    const victim = person()
    await startSignIn(victim)
    const answer = await victim.get(attackersCallback)
    expect((await refusedAt(victim, answer)).reason).toBe('invalid-response')
    expect((await victim.get(`${app.baseURL}/personal`)).status).toBe(303)
  })

  it('tells a person with no account here so, creates no account, and logs no e-mail address', async () => {
    const email = 'okand.person@nordost.example'
    const { browser, answer } = await signIn({ email, amr: WITH_CODE })
    const shown = await refusedAt(browser, answer)
    expect(shown.reason).toBe('not-invited')
    expect(shown.text).toContain('Det finns inget konto här')
    expect(answer.location).not.toContain('okand')
    expect(await db.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined()
    const event = await lastOidcEvent()
    expect(event).toMatchObject({ outcome: 'not-invited', staff_id: null })
    expect(JSON.stringify(event)).not.toContain('okand')
    expect(app.output()).not.toContain(email)
  })

  it('gives another region’s account the same answer as none: Nordost’s provider does not sign Vellinge in', async () => {
    const { browser, answer } = await signIn({ email: VELLINGE.email, amr: WITH_CODE })
    expect((await refusedAt(browser, answer)).reason).toBe('not-invited')
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'other-region' })
  })

  it('refuses a disabled account', async () => {
    const email = 'avstangd@nordost.example'
    const id = await newAccount(email, { disabled: true })
    const { browser, answer } = await signIn({ email, amr: WITH_CODE })
    const shown = await refusedAt(browser, answer)
    expect(shown.reason).toBe('disabled')
    expect(shown.text).toContain('Ditt konto är avstängt')
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'disabled', staff_id: id })
    expect(await db.selectFrom('staff_sessions').select('id').where('staff_id', '=', id).execute()).toEqual([])
  })

  it('refuses an e-mail address the provider marks unverified', async () => {
    const email = 'overifierad@nordost.example'
    await newAccount(email)
    const { browser, answer } = await signIn({ email, emailVerified: false, amr: WITH_CODE })
    expect((await refusedAt(browser, answer)).reason).toBe('email')
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'email-unverified' })
  })

  it('answers the provider’s own refusal (the person cancelled) on the sign-in page, not with an error', async () => {
    const browser = person()
    const authorization = new URL(await startSignIn(browser))
    const answer = await browser.get(`${publicBase}/personal/oidc/nordost/callback?error=access_denied&state=${authorization.searchParams.get('state')}`)
    const shown = await refusedAt(browser, answer)
    expect(shown.reason).toBe('provider-error')
    expect(shown.text).toContain('Nordost-id loggade inte in dig')
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'provider-error:access_denied' })
  })

  it('answers an unknown provider with 404 and hostile callbacks with the sign-in page, never 5xx', async () => {
    const browser = new HttpBrowser(app.baseURL)
    expect((await browser.send('/personal/oidc/okand')).status).toBe(404)
    expect((await browser.send('/personal/oidc/okand/callback?code=x&state=y')).status).toBe(404)
    for (const query of ['', '?code=x', '?code=x&state=y', '?error=%00%ff', `?code=${'x'.repeat(5000)}&state=y`, '?state[]=1&code[]=2']) {
      const answer = await browser.send(`/personal/oidc/nordost/callback${query}`)
      expect(answer.status).toBe(303)
      expect(answer.location).toBe('/personal/logga-in?via=nordost&nekad=again')
    }
    const started = person()
    await startSignIn(started)
    for (const query of ['?code=made-up&state=made-up', '?state=only']) {
      expect((await refusedAt(started, await started.get(`${app.baseURL}/personal/oidc/nordost/callback${query}`))).reason).toMatch(/^(invalid-response|again)$/)
      await startSignIn(started)
    }
  })
})

describe('when the provider or the address is the problem', () => {
  it('answers a provider that is down with the sign-in page saying so, not an error', async () => {
    const browser = person()
    const shown = await refusedAt(browser, await browser.get(`${app.baseURL}/personal/oidc/nere`))
    expect(shown.reason).toBe('unreachable')
    expect(shown.text).toContain('Nere-id svarar inte just nu')
    expect((await lastOidcEvent()).outcome).toMatch(/^unreachable/)
  })

  it('makes one address that starts sign-in after sign-in wait, like the password form does', async () => {
    const browser = person()
    const answers = []
    for (let attempt = 0; attempt < 31; attempt++) answers.push(await browser.get(`${app.baseURL}/personal/oidc/nordost`))
    expect(answers.slice(0, 30).every((answer) => answer.location?.startsWith(issuer))).toBe(true)
    const refused = answers[30]!
    const shown = await refusedAt(browser, refused)
    expect(shown.reason).toBe('wait')
    expect(shown.text).toMatch(/För många försök\. Vänta \d+ sekund/)
    expect(await lastOidcEvent()).toMatchObject({ outcome: 'throttled', staff_id: null })
    // Another person is not held up by it.
    await startSignIn(person())
  })
})

describe('password sign-in beside the provider', () => {
  it('sends an invited person of a region without passwords to the provider, not to choose a password', async () => {
    const invite = async (email: string, municipality: string) => {
      const { id } = await db.insertInto('staff_users').values({ email, name: email, role: 'intake' }).returning('id').executeTakeFirstOrThrow()
      await db.insertInto('staff_municipalities').values({ staff_id: id, municipality_code: municipality }).execute()
      const now = new Date()
      const { id: invitationId } = await db
        .insertInto('staff_invitations')
        .values({ staff_id: id, created_at: now, expires_at: new Date(now.getTime() + 3_600_000) })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { id, token: (await issueInvitationToken(db, invitationId, now))!.token }
    }
    const syd = await invite('ny.vellinge@syd.example', '1233')
    const page = await new HttpBrowser(app.baseURL).send(`/personal/inbjudan/${syd.token}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('href="/personal/oidc/syd"')
    expect(page.text).not.toContain('type="password"')
    // A password posted anyway is not kept: it could never be used, and the link stays for the provider's page.
    const posted = await new HttpBrowser(app.baseURL).send(`/personal/inbjudan/${syd.token}`, { password: 'a-long-password-123', confirm: 'a-long-password-123' })
    expect(posted.status).toBe(303)
    expect((await db.selectFrom('staff_users').select('password_hash').where('id', '=', syd.id).executeTakeFirstOrThrow()).password_hash).toBeNull()

    // Where passwords are still allowed, the invitation asks for one as before.
    const nordost = await invite('ny.taby@nordost.example', '0160')
    expect((await new HttpBrowser(app.baseURL).send(`/personal/inbjudan/${nordost.token}`)).text).toContain('type="password"')
  })

  it('shows the sign-in page’s provider texts in English too', async () => {
    const page = await new HttpBrowser(app.baseURL).send('/personal/logga-in?lng=en')
    expect(page.text).toContain('Sign in with Nordost-id')
    expect(page.text).toContain('Staff of Syd-id sign in with the button above, not with a password.')
    const refused = await new HttpBrowser(app.baseURL).send('/personal/logga-in?lng=en&via=nordost&nekad=not-invited')
    expect(refused.text).toContain('There is no account here for the person you signed in as at Nordost-id')
    // A reason or provider the callback did not make shows nothing.
    for (const query of ['via=nordost&nekad=made-up', 'via=okand&nekad=disabled', 'nekad=disabled']) {
      expect((await new HttpBrowser(app.baseURL).send(`/personal/logga-in?${query}`)).text).not.toContain('Det finns ett problem')
    }
  })

  it('shows one button per provider on the sign-in page, and says which staff no longer use a password', async () => {
    const page = await new HttpBrowser(app.baseURL).send('/personal/logga-in')
    expect(page.text).toContain('href="/personal/oidc/nordost"')
    expect(page.text).toContain('Logga in med Nordost-id')
    expect(page.text).toContain('Logga in med Syd-id')
    expect(page.text).toContain('Personal i Syd-id loggar in med knappen ovan')
  })

  it('refuses password and code to a region that switched them off, pointing to its provider, and keeps them elsewhere', async () => {
    const signInWithPassword = async (email: string) => {
      const browser = new HttpBrowser(app.baseURL)
      const page = await browser.send('/personal/logga-in')
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1]!
      return browser.send('/personal/logga-in', { csrf, email, password: DEMO_PASSWORD })
    }
    const refused = await signInWithPassword(VELLINGE.email)
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('Ditt konto loggar in med Syd-id')
    const vellinge = await staffIdOf(VELLINGE.email)
    expect(await db.selectFrom('staff_sessions').select('id').where('staff_id', '=', vellinge).execute()).toEqual([])
    expect(
      await db.selectFrom('login_events').select(['outcome', 'provider']).where('staff_id', '=', vellinge).where('step', '=', 'password').orderBy('id', 'desc').executeTakeFirst(),
    ).toEqual({ outcome: 'provider-only', provider: 'syd' })

    // A wrong password gets the usual answer: the refusal above tells nothing to someone without the password.
    await db
      .updateTable('staff_users')
      .set({ password_hash: await hashPassword('another') })
      .where('email', '=', 'mottagning.vellinge@demo.orosanmalan.se')
      .execute()
    const wrong = await signInWithPassword(VELLINGE.email)
    expect(wrong.text).not.toContain('Ditt konto loggar in med')
    expect(wrong.text).toContain('Fel e-postadress eller lösenord')

    const taby = await signInWithPassword(TABY.email)
    expect(taby.status).toBe(303)
    expect(taby.location).toBe('/personal/kod')

    // A jour's staff belong to the region of the municipality that hosts the jour (Sociala jouren syd: Vellinge).
    const jourEmail = 'jour.syd@syd.example'
    const { id: jourId } = await db
      .insertInto('staff_users')
      .values({ email: jourEmail, name: 'Jour Syd', password_hash: await hashPassword(DEMO_PASSWORD), role: 'jour', jour_id: 'syd' })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect((await signInWithPassword(jourEmail)).text).toContain('Ditt konto loggar in med Syd-id')
    expect(await db.selectFrom('staff_sessions').select('id').where('staff_id', '=', jourId).execute()).toEqual([])

    const { browser, answer } = await signIn({ email: VELLINGE.email, amr: ['pwd', 'hwk'] }, { providerId: 'syd' })
    expect(path(answer.location)).toBe(`/personal`)
    expect((await browser.get(`${app.baseURL}/personal`)).text).toContain(VELLINGE.name)
  })
})
