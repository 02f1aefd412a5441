/**
 * Submit -> visible in an open jour queue. The jour of Socialjouren Nordost is signed in with its
 * queue's event stream open (`/personal/ko/handelser`, read here as a browser's EventSource reads
 * it); a neighbour files immediate reports about a child in Täby at night, one at a time over
 * HTTP. For each report the script times, from the first byte of the final submit: the stream's
 * "changed" event, and the queue page (`GET /personal`, what the page's revalidation reads)
 * carrying the report's reference. It prints figures and asserts nothing about timing.
 *
 *   npx remix build && npx tsx tests/bench/queue-live.bench.ts
 *
 * Options through the environment: BENCH_LIVE_REPORTS (40), BENCH_LIVE_GAP_MS (500: pause between reports).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { generateTOTP } from '@epic-web/totp'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../app/server/embedded-postgres.server'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../app/server/seed.server'
import { SAFETY_QUESTIONS } from '../../app/domain/vocabulary'
import { startApp, type RunningApp } from '../support/app-server'
import { ms, note, noteMachineLoad, percentile, runBenchmark, SESSION_SECRET, stopOnInterrupt } from './support'

const REPORTS = Number(process.env.BENCH_LIVE_REPORTS ?? 40)
const GAP_MS = Number(process.env.BENCH_LIVE_GAP_MS ?? 500)
const JOUR = 'jour.nordost@demo.orosanmalan.se'
/** Wednesday 22:10 in Stockholm: Täby's intake unit is closed and Nordost's jour takes immediate reports. */
const NIGHT = '2026-11-25T21:10:00Z'
/** How long one report may take to be seen before the bench gives up on it. */
const GIVE_UP_MS = 30_000

/** A cookie-keeping client that sends the night's clock and, for the public flow, an address of its own. */
class Client {
  private jar = new Map<string, string>()
  constructor(
    private baseURL: string,
    private headers: Record<string, string> = {},
  ) {}

  get cookieHeader() {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async request(pathname: string, form?: Record<string, string>) {
    const response = await fetch(this.baseURL + pathname, {
      method: form ? 'POST' : 'GET',
      headers: { ...this.headers, 'x-test-now': NIGHT, cookie: this.cookieHeader, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...rest] = pair!.split('=')
      if (rest.join('=') === '' || /max-age=0/i.test(line)) this.jar.delete(name!.trim())
      else this.jar.set(name!.trim(), rest.join('='))
    }
    return { status: response.status, location: response.headers.get('location'), html: await response.text() }
  }

  async post(pathname: string, form: Record<string, string>) {
    const answer = await this.request(pathname, form)
    if (answer.status !== 303) throw new Error(`POST ${pathname}: ${answer.status}\n${answer.html.slice(0, 300)}`)
    return answer
  }
}

const hidden = (html: string, name: string) => {
  const value = new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1]
  if (!value) throw new Error(`no hidden ${name}`)
  return value
}

/** A neighbour's immediate report about a child in Täby, walked step by step; returns a function that sends it. */
async function prepareReport(baseURL: string, address: string): Promise<() => Promise<string>> {
  const neighbour = new Client(baseURL, { 'x-forwarded-for': address })
  const steps: Array<[string, Record<string, string>]> = [
    ['/anmalan/kommun', { municipality: '0160' }],
    ['/anmalan/vem', { concerns: 'children' }],
    ['/anmalan/personer', { 'people[0].name': 'Alva', 'people[0].approximateAge': '6' }],
    ['/anmalan/oro', { categories: 'neglect', description: 'Alva vågar inte gå hem i kväll.' }],
    ['/anmalan/sakerhet', { ...Object.fromEntries(SAFETY_QUESTIONS.map(({ id }) => [id, 'no'])), afraidToGoHome: 'yes' }],
    ['/anmalan/om-dig', { kind: 'private' }],
    ['/anmalan/kontaktuppgifter', { anonymous: 'yes' }],
  ]
  for (const [pathname, form] of steps) await neighbour.post(pathname, form)
  const check = await neighbour.request('/anmalan/kontrollera')
  const submissionKey = hidden(check.html, 'submissionKey')
  return async () => {
    await neighbour.post('/anmalan/kontrollera', { submissionKey, website: '' })
    const receipt = await neighbour.request('/anmalan/bekraftelse')
    const reference = /class="panel__reference"[^>]*>([^<]+)</.exec(receipt.html)?.[1]
    if (!reference) throw new Error('no reference on the confirmation page')
    return reference
  }
}

/** The queue's event stream, read as EventSource does: each "changed" event wakes whoever waits. */
async function openStream(baseURL: string, cookie: string) {
  const controller = new AbortController()
  const response = await fetch(`${baseURL}/personal/ko/handelser`, { headers: { cookie, 'x-test-now': NIGHT, accept: 'text/event-stream' }, signal: controller.signal })
  if (response.status !== 200 || !response.body) throw new Error(`the event stream answered ${response.status}`)
  const waiting: Array<() => void> = []
  let events = 0
  let ready!: () => void
  const isReady = new Promise<void>((resolve) => (ready = resolve))
  void (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (/^event: ready$/m.test(block)) ready()
          if (/^event: changed$/m.test(block)) {
            events++
            for (const wake of waiting.splice(0)) wake()
          }
        }
      }
    } catch {
      // aborted at the end
    }
  })()
  await isReady
  return {
    nextChange: () => new Promise<void>((resolve) => waiting.push(resolve)),
    events: () => events,
    close: () => controller.abort(),
  }
}

async function main() {
  let pgDir: string | undefined
  let database: EmbeddedDatabase | undefined
  let app: RunningApp | undefined
  const cleanup = async () => {
    await app?.stop().catch((error: unknown) => console.error('stopping the app failed:', error))
    await database?.stop().catch((error: unknown) => console.error('stopping PostgreSQL failed:', error))
    if (pgDir) await rm(pgDir, { recursive: true, force: true })
    app = undefined
    database = undefined
    pgDir = undefined
  }
  const stopHandling = stopOnInterrupt(cleanup)
  try {
    console.log(`Orosanmälan live queue benchmark (Node ${process.version}, ${os.cpus().length} CPUs)`)
    noteMachineLoad('at start')
    pgDir = await mkdtemp(path.join(os.tmpdir(), 'oro-bench-pg-'))
    await chmod(pgDir, 0o755)
    database = await startEmbeddedPostgres({ dataDir: pgDir })
    // DATABASE_URL gives the web process the address its LISTEN connection needs; TRUST_PROXY lets
    // each report come from an address of its own, so no per-address limit is raised.
    app = await startApp({ FORM_MIN_FILL_SECONDS: '0', SESSION_SECRET, DATABASE_URL: database.url, TRUST_PROXY: '1' })
    note('app spawn -> first 200 of /readyz', ms(app.startupMs))

    const jour = new Client(app.baseURL)
    const login = await jour.request('/personal/logga-in')
    await jour.post('/personal/logga-in', { csrf: hidden(login.html, 'csrf'), email: JOUR, password: DEMO_PASSWORD })
    const code = await jour.request('/personal/kod')
    await jour.post('/personal/kod', { csrf: hidden(code.html, 'csrf'), code: (await generateTOTP({ secret: DEMO_TOTP_SECRET })).otp })
    const stream = await openStream(app.baseURL, jour.cookieHeader)
    note('jour signed in, event stream open', JOUR)

    const toEvent: number[] = []
    const toRow: number[] = []
    let missed = 0
    for (let n = 0; n < REPORTS; n++) {
      const send = await prepareReport(app.baseURL, `198.51.100.${(n % 250) + 1}`)
      await new Promise((resolve) => setTimeout(resolve, GAP_MS))
      const changed = stream.nextChange()
      const started = performance.now()
      const reference = await send()
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), GIVE_UP_MS))
      if ((await Promise.race([changed.then(() => 'changed' as const), timeout])) === 'timeout') {
        missed++
        continue
      }
      toEvent.push(performance.now() - started)
      // What the page does on the event: read the queue again through its loader.
      for (;;) {
        const queue = await jour.request('/personal')
        if (queue.status !== 200) throw new Error(`GET /personal: ${queue.status}`)
        if (queue.html.includes(reference)) break
        if (performance.now() - started > GIVE_UP_MS) {
          missed++
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      toRow.push(performance.now() - started)
    }
    stream.close()
    toEvent.sort((a, b) => a - b)
    toRow.sort((a, b) => a - b)
    console.log('')
    note('reports filed (immediate, Täby at night)', `${REPORTS}, ${GAP_MS} ms apart; ${missed} not seen within ${GIVE_UP_MS / 1000} s`)
    note('submit -> "changed" event: p50 / p95 / max', `${ms(percentile(toEvent, 50))} / ${ms(percentile(toEvent, 95))} / ${ms(toEvent.at(-1) ?? Number.NaN)}`)
    note('submit -> row in the queue page: p50 / p95 / max', `${ms(percentile(toRow, 50))} / ${ms(percentile(toRow, 95))} / ${ms(toRow.at(-1) ?? Number.NaN)}`)
    note('events received', String(stream.events()))
    noteMachineLoad('at the end')
  } finally {
    await cleanup()
    stopHandling()
  }
}

runBenchmark(main)
