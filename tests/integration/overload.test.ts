import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { languageCookie } from '~/i18n/i18next.server'
import { startApp, type RunningApp } from '../support/app-server'

/**
 * Issue 11: the web sheds load instead of queueing without end. The real service holds its
 * event loop (a test-only route), or a request waits past the timeout; the answers are 503s
 * that tell a person to call 112 and give the jour's number, and /healthz keeps answering.
 */

let app: RunningApp
const TÄBY = '0160' // covered by Socialjouren Nordost, 08-410 200 40
const NORDOST_PHONE = '08-410 200 40'

const cookie = async (language: 'sv' | 'en', municipality?: string) =>
  [(await languageCookie.serialize(language)).split(';')[0], ...(municipality ? [`oro_kommun=${municipality}`] : [])].join('; ')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeAll(async () => {
  // Vitest sets BASE_URL=/ in the environment (Vite's base); empty lets the app use its own.
  app = await startApp({ REQUEST_TIMEOUT_SECONDS: '1', EVENT_LOOP_DELAY_LIMIT_MS: '500', MAX_REQUESTS_IN_FLIGHT: '3' })
}, 90_000)

afterAll(async () => {
  await app?.stop()
})

describe('load shedding in the web process', () => {
  it('answers 503 with Retry-After, 112 and the jour’s number while the event loop is held, and /healthz meanwhile', async () => {
    const url = (path: string) => `${app.baseURL}${path}`
    // Warm: the first render of a page is slower than the rest and must not count here.
    expect((await fetch(url('/'))).status).toBe(200)

    // Its headers arrive just before the loop is held; what is sent after them waits behind it.
    const busy = await fetch(url('/test/busy?ms=3000'))
    const [english, swedish, forged, health] = await Promise.all([
      fetch(url('/anmalan/kommun'), { headers: { cookie: await cookie('en', TÄBY) } }),
      fetch(url('/')),
      fetch(url('/'), { headers: { cookie: 'oro_kommun=0160x; lng=garbage' } }),
      fetch(url('/healthz')),
    ])
    expect(busy.status).toBe(200)
    expect(await busy.text()).toMatch(/^held the event loop/)

    expect(health.status).toBe(200)
    expect(await health.text()).toBe('ok')

    expect(english.status).toBe(503)
    expect(english.headers.get('retry-after')).toBe('30')
    expect(english.headers.get('cache-control')).toBe('no-store')
    expect(english.headers.get('content-type')).toMatch(/^text\/html/)
    // The service's own CSP, unchanged: the page has neither script nor inline style.
    expect(english.headers.get('content-security-policy')).toContain("default-src 'self'")
    // Answered before Express and its middleware ran, with the service's security headers all the same,
    // but for the nonce that lets a page's own scripts run: this page has none.
    expect(english.headers.get('content-security-policy')).not.toContain('nonce-')
    expect(english.headers.get('x-content-type-options')).toBe('nosniff')
    expect(english.headers.get('referrer-policy')).toBe('same-origin')
    expect(english.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    const englishPage = await english.text()
    expect(englishPage).toContain('<html lang="en"')
    expect(englishPage).toContain('<title>The service is very busy right now')
    expect(englishPage).toMatch(/<main>\s*<h1>/)
    expect(englishPage).toContain('If someone is in danger now, call 112.')
    expect(englishPage).toContain('Try again in 30 seconds.')
    expect(englishPage).toContain(`After office hours, you can reach Socialjouren Nordost on ${NORDOST_PHONE}.`)

    expect(swedish.status).toBe(503)
    const swedishPage = await swedish.text()
    expect(swedishPage).toContain('<html lang="sv"')
    expect(swedishPage).toContain('Om någon är i fara just nu, ring 112.')
    expect(swedishPage).toContain('Försök igen om 30 sekunder.')
    expect(swedishPage).not.toContain(NORDOST_PHONE)

    // A cookie that is not a municipality code or a language gives the Swedish page without a number.
    expect(forged.status).toBe(503)
    const forgedPage = await forged.text()
    expect(forgedPage).toContain('<html lang="sv"')
    expect(forgedPage).not.toContain(NORDOST_PHONE)

    // Once the loop has caught up, pages are served again.
    await expect.poll(async () => (await fetch(url('/'))).status, { timeout: 5000, interval: 200 }).toBe(200)
  }, 30_000)

  it('answers 503 to a request whose response has not started within the timeout, and drops the late answer without a crash', async () => {
    const started = Date.now()
    const slow = await fetch(`${app.baseURL}/test/slow?ms=2000`, { headers: { cookie: await cookie('sv', TÄBY) } })
    const waited = Date.now() - started
    expect(slow.status).toBe(503)
    expect(slow.headers.get('retry-after')).toBe('30')
    expect(slow.headers.get('x-late')).toBeNull()
    const page = await slow.text()
    expect(page).toContain('Om någon är i fara just nu, ring 112.')
    expect(page).toContain(`Efter kontorstid når du Socialjouren Nordost på telefon ${NORDOST_PHONE}.`)
    expect(waited).toBeGreaterThanOrEqual(1000)

    // The handler answers a second later, into the void.
    await sleep(1500)
    expect((await fetch(`${app.baseURL}/healthz`)).status).toBe(200)
    const start = await fetch(`${app.baseURL}/`)
    expect(start.status).toBe(200)
    // Read to the end: an answer not yet taken by its client is still being answered (and counts as in flight).
    await start.text()
    expect(app.output()).not.toMatch(/ERR_HTTP_HEADERS_SENT|Cannot set headers|Unhandled|uncaught/i)
  }, 30_000)

  it('answers 503 at once while as many requests as it takes are still being answered, and takes the next once one is done', async () => {
    // Three requests that wait without holding the loop, as requests waiting for a database connection do.
    const waiting = [0, 1, 2].map(() => fetch(`${app.baseURL}/test/slow?ms=700`))
    await sleep(200)
    const turnedAway = await fetch(`${app.baseURL}/anmalan/kommun`, { headers: { cookie: await cookie('sv', TÄBY) } })
    expect(turnedAway.status).toBe(503)
    expect(await turnedAway.text()).toContain(`Efter kontorstid når du Socialjouren Nordost på telefon ${NORDOST_PHONE}.`)
    expect((await fetch(`${app.baseURL}/healthz`)).status).toBe(200)
    for (const answer of await Promise.all(waiting)) expect(answer.status).toBe(200)
    expect((await fetch(`${app.baseURL}/anmalan/kommun`)).status).toBe(200)
  }, 30_000)
})
