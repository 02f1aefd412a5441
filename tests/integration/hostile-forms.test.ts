import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type RunningApp } from '../support/app-server'
import { HttpBrowser } from '../support/http-browser'
import { ONE_ADDRESS_FOR_MANY_CLIENTS } from '../support/rate-limit-env'

/**
 * The public flow over plain HTTP as an attacker would drive it: bodies that are not forms,
 * far list indexes, control characters, return addresses that leave the site. Each gets the
 * ordinary page with a 4xx, and nothing of it is kept.
 */

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ ...ONE_ADDRESS_FOR_MANY_CLIENTS, FORM_MIN_FILL_SECONDS: '0' })
}, 90_000)
afterAll(() => app?.stop())

const browse = () => new HttpBrowser(app.baseURL)

/** A person with a draft at the people step of a report about children in Täby. */
async function atPeopleStep() {
  const browser = browse()
  expect((await browser.send('/anmalan/kommun', 'municipality=0160')).status).toBe(303)
  expect((await browser.send('/anmalan/vem', 'concerns=children')).location).toBe('/anmalan/personer')
  return browser
}

describe('a form post that is not what a form sends', () => {
  it.each([
    ['JSON', '{"municipality":"0160"}', 'application/json', 415, 'Det som skickades var inget formulär'],
    ['plain text', 'municipality=0160', 'text/plain', 415, 'Det som skickades var inget formulär'],
    ['broken multipart', '--x\r\nContent-Disposition: form-data; name="municipality"\r\n\r\n0160', 'multipart/form-data; boundary=y', 415, 'Det som skickades var inget formulär'],
    ['a NUL in a value', 'municipality=0160%00', 'application/x-www-form-urlencoded', 400, 'Det som skickades gick inte att läsa'],
    ['bad percent-encoding', 'municipality=%E0%A4%A', 'application/x-www-form-urlencoded', 400, 'Det som skickades gick inte att läsa'],
  ])('answers %s with the friendly page and a 4xx, and starts no draft', async (_what, body, contentType, status, title) => {
    const browser = browse()
    const response = await browser.send('/anmalan/kommun', body, contentType)
    expect(response.status).toBe(status)
    expect(response.text).toContain(title)
    expect(response.text).toContain('112')
    expect(browser.cookie('oro_draft')).toBeUndefined()
  })

  it.each(['/sprak', '/personal/logga-in', '/personal/inbjudan/abc'])('answers a JSON body to %s with 415, not a server error', async (path) => {
    expect((await browse().send(path, '{"a":1}', 'application/json')).status).toBe(415)
  })

  it('refuses a far index in the people list and still answers the next request', async () => {
    const browser = await atPeopleStep()
    for (const index of [10, 1000, 5000, 10_000_000]) {
      const response = await browser.send('/anmalan/personer', `people%5B${index}%5D.name=x`)
      expect(response.status).toBe(400)
    }
    // The draft is unharmed: the step still takes ten children, the most a report holds.
    const tenChildren = Array.from({ length: 10 }, (_, index) => `people%5B${index}%5D.approximateAge=${index + 1}`).join('&')
    expect((await browser.send('/anmalan/personer', tenChildren)).location).toBe('/anmalan/oro')
  })

  it('refuses a control character in a step at once, not at the final submit', async () => {
    const browser = await atPeopleStep()
    const response = await browser.send('/anmalan/personer', 'people%5B0%5D.school=Tibble%1Bskola')
    expect(response.status).toBe(400)
    // Tabs and line breaks are text: a name pasted from a spreadsheet is taken.
    expect((await browser.send('/anmalan/personer', 'people%5B0%5D.school=Tibble%09skola%0D%0A')).status).toBe(303)
  })
})

describe('a return address', () => {
  it.each([
    ['a tab', '/%09/example.org/x'],
    ['a raw tab', '/\t/example.org/x'],
    ['a newline', '/%0A/example.org'],
    ['a carriage return and line feed', '/%0D%0ALocation:%20https://example.org'],
    ['a backslash', '/%5Cexample.org'],
    ['two slashes', '//example.org'],
    ['another origin', 'https://example.org/'],
  ])('that leaves the site through %s goes to the start page instead', async (_what, returnTo) => {
    const response = await browse().send('/sprak', `language=en&returnTo=${returnTo.includes('%') ? returnTo : encodeURIComponent(returnTo)}`)
    expect(response.status).toBe(303)
    expect(response.location).toBe('/')
  })

  it('of the report flow only leads back into the flow', async () => {
    const browser = await atPeopleStep()
    const response = await browser.send('/anmalan/personer', 'people%5B0%5D.approximateAge=6&returnUrl=%2Fpersonal%2Flogga-ut')
    expect(response.location).toBe('/anmalan/oro')
  })
})
