import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { neighbourDraft } from '../fixtures/reports'
import { startApp, type RunningApp } from '../support/app-server'
import { HttpBrowser } from '../support/http-browser'

/**
 * A person the rate limits slow down is never shut out without help (PRODUCT.md): the page
 * keeps what they typed and says when to try again, to call 112, and the jour's number.
 * The limits here are set low so that one test reaches them.
 */

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ FORM_MIN_FILL_SECONDS: '0', RATE_LIMIT_DRAFTS_PER_MINUTE: '2', RATE_LIMIT_SUBMITS_PER_MINUTE: '1' })
}, 90_000)
afterAll(() => app?.stop())

const browse = () => new HttpBrowser(app.baseURL)

/** The answers of a step as a browser posts them: a list of people flattened to conform's names. */
function flatten(step: Record<string, unknown>): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(step)) {
    if (Array.isArray(value) && typeof value[0] === 'object') {
      value.forEach((row: Record<string, string>, index) => {
        for (const [field, text] of Object.entries(row)) fields[`${name}[${index}].${field}`] = text
      })
    } else fields[name] = value as string | string[]
  }
  return fields
}

const STEPS = [
  ['/anmalan/kommun', 'municipality'],
  ['/anmalan/vem', 'subjects'],
  ['/anmalan/personer', 'people'],
  ['/anmalan/oro', 'concern'],
  ['/anmalan/sakerhet', 'safety'],
  ['/anmalan/om-dig', 'reporterKind'],
  ['/anmalan/kontaktuppgifter', 'reporterDetails'],
] as const

async function completeDraft() {
  const browser = browse()
  for (const [path, step] of STEPS) expect((await browser.send(path, flatten(neighbourDraft[step]!))).status).toBe(303)
  const page = await browser.send('/anmalan/kontrollera')
  const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(page.text)![1]!
  return { browser, submissionKey }
}

function expectHelp(text: string) {
  expect(text).toMatch(/Försök igen (då|om)/)
  expect(text).toMatch(/\d+ (sekund|sekunder|minut|minuter)/)
  expect(text).toContain('Svaren du redan har sparat finns kvar')
  expect(text).toContain('ring 112')
  // Täby's jour: Socialjouren Nordost.
  expect(text).toContain('08-410 200 40')
}

describe('a person slowed down by the limits', () => {
  // In this order: the two reports of the first test are the two drafts this address may start in a minute.
  it('keeps a whole report when its submit is refused, with when to try again, 112 and the jour', async () => {
    const first = await completeDraft()
    const second = await completeDraft()
    expect((await first.browser.send('/anmalan/kontrollera', { submissionKey: first.submissionKey })).location).toBe('/anmalan/bekraftelse')
    const refused = await second.browser.send('/anmalan/kontrollera', { submissionKey: second.submissionKey })
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeGreaterThan(0)
    expectHelp(refused.text)
    // The answers are still there to send once the limit has passed.
    const page = await second.browser.send('/anmalan/kontrollera')
    expect(page.status).toBe(200)
    expect(page.text).toContain('Barnen är ensamma hemma varje kväll.')
  })

  it('gives back the first step of a third report with the choice kept', async () => {
    const refused = await browse().send('/anmalan/kommun', { municipality: '0160' })
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeGreaterThan(0)
    expectHelp(refused.text)
    expect(refused.text).toContain('Det du skrev på den här sidan finns också kvar')
    expect(refused.text).toMatch(
      /<input[^>]*value="0160"[^>]*checked|<input[^>]*checked[^>]*value="0160"|<option[^>]*value="0160"[^>]*selected|<option[^>]*selected[^>]*value="0160"/,
    )
  })
})
