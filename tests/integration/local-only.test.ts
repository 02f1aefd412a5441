import os from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '~/server/seed.server'
import { startApp, type RunningApp } from '../support/app-server'

/**
 * The service as a development start forgotten on a shared network would run it, reached
 * from this machine and from another address of it: this machine's own non-loopback
 * address stands in for the network (the socket's peer is then that address).
 */
const networkAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address

// Vitest puts Vite's BASE_URL ("/") into the environment the app inherits; empty is unset.
const NOT_FROM_VITEST = { BASE_URL: '' }

const urlVia = (app: RunningApp, host: string) => app.baseURL.replace('127.0.0.1', host)

describe.skipIf(!networkAddress)('outside production, on a network', () => {
  let listening: RunningApp
  beforeAll(async () => {
    // HOST set: the service is on the network, and still keeps what is this machine's to itself.
    listening = await startApp({ HOST: '0.0.0.0', LOG_LEVEL: 'info', ...NOT_FROM_VITEST })
  }, 90_000)
  afterAll(() => listening?.stop())

  it('answers /dev/mail, whose invitation links open accounts, only to this machine', async () => {
    expect((await fetch(`${urlVia(listening, '127.0.0.1')}/dev/mail`)).status).toBe(200)
    expect((await fetch(`${urlVia(listening, networkAddress!)}/dev/mail`)).status).toBe(404)
    // A forwarded header names no one: the socket's peer is what counts.
    expect((await fetch(`${urlVia(listening, networkAddress!)}/dev/mail`, { headers: { 'X-Forwarded-For': '127.0.0.1' } })).status).toBe(404)
  })

  it('takes the X-Test-Now clock only from this machine', async () => {
    // Täby at Tuesday noon: the intake unit is open; at 23:00 the Nordost jour reads reports.
    const page = async (host: string, instant: string) => (await fetch(`${urlVia(listening, host)}/?kommun=0160`, { headers: { 'X-Test-Now': instant } })).text()
    const noon = '2026-11-24T11:00:00Z'
    const night = '2026-11-24T22:00:00Z'
    expect(await page('127.0.0.1', night)).toContain('Socialjouren Nordost')
    expect(await page('127.0.0.1', noon)).not.toContain('Socialjouren Nordost')
    // From the network both instants are ignored: the two pages tell the same real time.
    const [atNoon, atNight] = [await page(networkAddress!, noon), await page(networkAddress!, night)]
    expect(atNoon.includes('Socialjouren Nordost')).toBe(atNight.includes('Socialjouren Nordost'))
  })

  it('refuses a demo account from the network as a wrong password, and signs it in from this machine', async () => {
    const signIn = async (host: string) => {
      const base = urlVia(listening, host)
      const form = await fetch(`${base}/personal/logga-in`)
      const cookie = form.headers
        .getSetCookie()
        .map((value) => value.split(';')[0])
        .join('; ')
      const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!
      return fetch(`${base}/personal/logga-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, email: 'mottagning.taby@demo.orosanmalan.se', password: DEMO_PASSWORD }).toString(),
      })
    }
    const remote = await signIn(networkAddress!)
    expect(remote.status).toBe(400)
    expect(await remote.text()).toContain('Fel e-postadress eller lösenord')
    const local = await signIn('127.0.0.1')
    expect(local.status).toBe(303)
    expect(local.headers.get('Location')).toBe('/personal/kod')
  })

  it("carries no query string and no invitation token, Remix's own messages included", async () => {
    const token = 'M1MYKJZ4bDsnt8duBxipi-30JltBms0-D_SNpgO-43U'
    const base = urlVia(listening, '127.0.0.1')
    for (const path of [
      '/finns-inte?q=Ella+Svensson',
      `/finns-inte/${token}?epost=karin%40skola.example`,
      `/personal/inbjudan/${token}/`,
      `/personal/inbjudan/${token}.data`,
      `/personal/inbjudan/${token}`,
    ]) {
      expect((await fetch(`${base}${path}`)).status).toBeLessThan(500)
    }
    await expect.poll(() => listening.output()).toMatch(/"path":"\/personal\/inbjudan\/\[token\]"/)
    const output = listening.output()
    // The unmatched address was seen, as a path without its query.
    expect(output).toMatch(/"path":"\/finns-inte"/)
    for (const secret of ['Ella', 'Svensson', 'karin', 'epost=', 'q=']) expect(output).not.toContain(secret)
    // An invitation's token is in no line, the unmatched path that carries one apart (it is not an invitation link).
    expect(output.split('\n').filter((line) => line.includes(token) && !line.includes('/finns-inte/'))).toEqual([])
  })
})

describe.skipIf(!networkAddress)('outside production, HOST unset', () => {
  let local: RunningApp
  beforeAll(async () => {
    local = await startApp({ HOST: '', ...NOT_FROM_VITEST })
  }, 90_000)
  afterAll(() => local?.stop())

  it('listens on this machine only', async () => {
    expect((await fetch(`${urlVia(local, '127.0.0.1')}/healthz`)).status).toBe(200)
    await expect(fetch(`${urlVia(local, networkAddress!)}/healthz`)).rejects.toThrow()
  })
})
