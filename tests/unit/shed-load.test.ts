import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { languageCookie } from '~/i18n/i18next.server'
import { loadOverloadTexts, shedLoad, startLoopSampler } from '~/server/overload.server'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
import { totalSpentFor } from '~/server/rate-limits.server'

/**
 * While a total rate limit is known to be spent, the load shedder refuses the requests that
 * count against it before anything else runs: a 429 that says when to try again, that the
 * answers are kept, 112 and the jour's number. Requests that do not count against it pass.
 */

const NORDOST = { name: 'Socialjouren Nordost', phone: '08-410 200 40' }
const spentUntil = { draft: 0, step: 0, submit: 0 }
let server: ReturnType<express.Express['listen']>
let base: string

beforeAll(async () => {
  const app = express()
  app.use(
    shedLoad({
      sampler: { sample: () => ({ lagMs: 0, sinceTickMs: 0, intervalMs: 100 }) },
      texts: loadOverloadTexts(),
      jours: { contactFor: (code) => (code === '0160' ? NORDOST : null) },
      limits: { eventLoopDelayMs: 500, requestTimeoutMs: 10_000, retryAfterSeconds: 30, maxInFlight: 64 },
      spentFor: (method, pathname) => totalSpentFor({ totalSpentUntil: spentUntil }, method, pathname),
      headers: { 'Content-Security-Policy': "default-src 'self'", 'X-Frame-Options': 'SAMEORIGIN' },
    }),
  )
  app.use((_req, res) => {
    res.send('passed on')
  })
  server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server?.close()
})

describe('refusing a spent total before the request does any work', () => {
  it('refuses submits while the submit total is spent, and lets steps and pages through', async () => {
    spentUntil.submit = Date.now() + 1_500
    const refused = await fetch(`${base}/anmalan/kontrollera`, { method: 'POST', headers: { cookie: 'oro_kommun=0160' }, body: 'submissionKey=x' })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('2')
    // Answered before any middleware ran, it still carries the service's security headers.
    expect(refused.headers.get('content-security-policy')).toBe("default-src 'self'")
    expect(refused.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const page = await refused.text()
    expect(page).toContain('112')
    expect(page).toContain(NORDOST.phone)

    for (const [method, path] of [
      ['POST', '/anmalan/oro'],
      ['GET', '/anmalan/kontrollera'],
      ['POST', '/personal/logga-in'],
    ] as const) {
      const passed = await fetch(`${base}${path}`, { method, ...(method === 'POST' ? { body: 'a=1' } : {}) })
      expect(await passed.text(), `${method} ${path}`).toBe('passed on')
    }
  })

  it('answers right to left in Arabic, and as Swedish to the browser in easy-to-read Swedish', async () => {
    spentUntil.submit = Date.now() + 1_500
    const languageOf = async (language: string) => {
      const response = await fetch(`${base}/anmalan/kontrollera`, { method: 'POST', headers: { cookie: (await languageCookie.serialize(language)).split(';')[0]! }, body: 'a=1' })
      return { header: response.headers.get('content-language'), html: (await response.text()).split('\n')[1] }
    }
    expect(await languageOf('ar')).toEqual({ header: 'ar', html: '<html lang="ar" dir="rtl">' })
    expect(await languageOf('fa')).toEqual({ header: 'fa', html: '<html lang="fa" dir="rtl">' })
    expect(await languageOf('sv-x-lattlast')).toEqual({ header: 'sv', html: '<html lang="sv" dir="ltr">' })
  })

  it('refuses steps while the step total is spent, and takes submits again once their total opens', async () => {
    spentUntil.submit = Date.now() - 1
    spentUntil.step = Date.now() + 800
    expect((await fetch(`${base}/anmalan/oro`, { method: 'POST', body: 'a=1' })).status).toBe(429)
    expect(await (await fetch(`${base}/anmalan/kontrollera`, { method: 'POST', body: 'a=1' })).text()).toBe('passed on')
  })
})

describe('a live event stream', () => {
  it('does not hold a place among the requests in flight while it stays open', async () => {
    const app = express()
    app.use(
      shedLoad({
        sampler: { sample: () => ({ lagMs: 0, sinceTickMs: 0, intervalMs: 100 }) },
        texts: loadOverloadTexts(),
        jours: { contactFor: () => null },
        limits: { eventLoopDelayMs: 500, requestTimeoutMs: 10_000, retryAfterSeconds: 30, maxInFlight: 1 },
      }),
    )
    app.get('/stream', (_req, res) => {
      res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' }).flushHeaders()
      res.write('data: changed\n\n')
    })
    app.get('/page', (_req, res) => {
      res.send('page')
    })
    const listening = app.listen(0, '127.0.0.1')
    await once(listening, 'listening')
    const root = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`
    const controller = new AbortController()
    try {
      const stream = await fetch(`${root}/stream`, { signal: controller.signal })
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/)
      // With one place in flight, a page still gets it while the stream stays open.
      const page = await fetch(`${root}/page`)
      expect(page.status).toBe(200)
      expect(await page.text()).toBe('page')
    } finally {
      controller.abort()
      listening.closeAllConnections()
      listening.close()
    }
  })
})

describe('the event-loop sampler', () => {
  it('keeps a stall’s lag for a while after it, so what queued behind the stall is shed, then lets go', async () => {
    const sampler = startLoopSampler(20, 300)
    try {
      await sleep(60)
      const until = performance.now() + 200
      while (performance.now() < until) {
        // the loop is held, as one heavy request would hold it
      }
      await sleep(60)
      expect(sampler.sample().lagMs).toBeGreaterThanOrEqual(150)
      await sleep(500)
      expect(sampler.sample().lagMs).toBeLessThan(150)
    } finally {
      sampler.stop()
    }
  })
})
