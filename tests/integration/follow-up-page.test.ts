import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startApp, type RunningApp } from '../support/app-server'
import { clientAddress, Client, copyDrafts, FUZZ_SESSION_SECRET, reportSteps, walkDraft } from '../support/fuzz-targets'
import { createEmptyDatabase } from '../support/postgres'

/**
 * /folj-din-anmalan over HTTP against the real app: what a slowed answer looks like. The app
 * runs with a small per-address limit on posted answers, so the limit is reached quickly.
 */
const STEPS_PER_MINUTE = 12

let app: RunningApp
let database: Awaited<ReturnType<typeof createEmptyDatabase>>
let db: pg.Client
let addresses = 70_000

beforeAll(async () => {
  database = await createEmptyDatabase(inject('postgresUrl'))
  app = await startApp({
    FORM_MIN_FILL_SECONDS: '0',
    SESSION_SECRET: FUZZ_SESSION_SECRET,
    DATABASE_URL: database.url,
    TRUST_PROXY: '1',
    RATE_LIMIT_STEPS_PER_MINUTE: String(STEPS_PER_MINUTE),
  })
  db = new pg.Client({ connectionString: database.url })
  await db.connect()
}, 120_000)

afterAll(async () => {
  await db?.end()
  await app?.stop()
  await database?.drop()
})

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ')

/** A report to Täby sent through the app; its reference and reply code as the confirmation page shows them. */
async function sentReport() {
  const answers = await walkDraft(new Client(app.baseURL, { 'x-forwarded-for': clientAddress(addresses++) }), db, reportSteps({ anonymous: true }), FUZZ_SESSION_SECRET)
  const [draft] = await copyDrafts(db, answers, 1, FUZZ_SESSION_SECRET)
  const reporter = new Client(app.baseURL, { 'x-forwarded-for': clientAddress(addresses++) })
  const [name, value] = draft!.cookie.split('=') as [string, string]
  reporter.setCookie(name, value)
  await reporter.post('/anmalan/kontrollera', { submissionKey: draft!.id, website: '' }, '/anmalan/bekraftelse')
  const confirmation = await reporter.get('/anmalan/bekraftelse')
  const reference = /[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{3}(?![-2-9A-HJ-NP-Z])/.exec(confirmation)![0]
  const code = /[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){4}/.exec(confirmation)![0]
  // Shown once: the same browser's reload shows no code.
  expect(/[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){4}/.test(await reporter.get('/anmalan/bekraftelse'))).toBe(false)
  return { reference, code }
}

describe('the follow-up page over HTTP', () => {
  it('a slowed addition keeps what was typed, says when to try again, 112 and the jour', async () => {
    const { reference, code } = await sentReport()
    const reporter = new Client(app.baseURL, { 'x-forwarded-for': clientAddress(addresses++) })
    const opened = await reporter.request('/folj-din-anmalan', { form: { intent: 'open', reference, code } })
    expect(opened.status).toBe(200)
    const access = /name="access" value="([^"]+)"/.exec(opened.html)![1]!
    const additionKey = () => /name="submissionKey" value="([0-9a-f-]{36})"/.exec(opened.html)![1]!
    let slowed: { status: number; html: string } | undefined
    for (let attempt = 1; attempt <= STEPS_PER_MINUTE + 1 && !slowed; attempt++) {
      const response = await reporter.request('/folj-din-anmalan', {
        form: { intent: 'addition', access, submissionKey: attempt === 1 ? additionKey() : crypto.randomUUID(), text: `Tillägg nummer ${attempt}, skrivet med omsorg.` },
      })
      if (response.status === 429) slowed = response
      else expect(response.status).toBe(200)
    }
    expect(slowed, 'the per-address limit on answers is reached').toBeDefined()
    const page = text(slowed!.html)
    expect(page).toContain(`Tillägg nummer ${STEPS_PER_MINUTE + 1}, skrivet med omsorg.`)
    expect(page).toContain('Om någon är i fara just nu, ring 112.')
    expect(page).toContain('Socialjouren Nordost')
    // Up to a minute's wait: said in seconds, or as 1 minut when the window has just begun.
    expect(page).toMatch(/Vänta \d+ (sekund|minut)/)
  })

  it('an access token from another report, or changed, opens nothing and keeps the text to copy', async () => {
    const reporter = new Client(app.baseURL, { 'x-forwarded-for': clientAddress(addresses++) })
    const forged = `00000000-0000-4000-8000-000000000000.${Date.now() + 60_000}.${'0'.repeat(64)}`
    const response = await reporter.request('/folj-din-anmalan', {
      form: { intent: 'addition', access: forged, submissionKey: crypto.randomUUID(), text: 'Det här får inte försvinna.' },
    })
    expect(response.status).toBe(400)
    const page = text(response.html)
    expect(page).toContain('Sidan har varit öppen för länge.')
    expect(page).toContain('Det här får inte försvinna.')
    expect(page).not.toContain('Din anmälan')
  })
})
