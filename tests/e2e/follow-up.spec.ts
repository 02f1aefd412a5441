import type { Page } from '@playwright/test'
import { expectAccessible } from './support/accessibility'
import { appDatabase } from './support/app-database'
import { answerStepsUntil, expect, JAVASCRIPT_MODES, SAFETY_ALL_NO, test } from './support/fixtures'
import { logIn, TABY_INTAKE } from './support/staff'

/**
 * Issue 14: the anonymous reporter can be reached. A neighbour reports at 21:00 and keeps the
 * reply code; the next morning Täby's intake unit asks a question; the neighbour opens the
 * report with the reference and the code, answers, and adds that the child was seen alone
 * again; the intake unit sees both on the timeline and the report back in its queue.
 */
const EVENING = '2026-11-30T20:00:00Z' // Monday 21:00 in Stockholm
const MORNING = '2026-12-01T07:30:00Z' // Tuesday 08:30
const LATER = '2026-12-01T07:45:00Z' // within the staff session's 30 idle minutes
const FOLLOW_UP = '/folj-din-anmalan'
const REPLY_CODE = /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){4}$/

async function at(page: Page, instant: string) {
  await page.context().setExtraHTTPHeaders({ 'x-test-now': instant })
}

/** A report to Täby through the form's own posts, sent from the check page; its reference and reply code. */
async function report(page: Page, description: string, reporterDetails: Record<string, string> = { anonymous: 'yes' }) {
  await answerStepsUntil(page, '/anmalan/kontrollera', {
    '/anmalan/kommun': { municipality: '0160' },
    '/anmalan/personer': { 'people[0].name': 'Elsa Berg', 'people[0].approximateAge': '7' },
    '/anmalan/oro': { categories: 'neglect', description },
    '/anmalan/sakerhet': SAFETY_ALL_NO,
    '/anmalan/kontaktuppgifter': reporterDetails,
  })
  await page.goto('/anmalan/kontrollera')
}

async function openFollowUp(page: Page, reference: string, code: string) {
  await page.goto(FOLLOW_UP)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Följ din anmälan')
  await page.getByLabel('Ärendenummer').fill(reference)
  await page.getByLabel('Svarskod').fill(code)
  await page.getByRole('button', { name: 'Öppna anmälan' }).click()
}

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`The reporter's follow-up, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('a neighbour keeps the code, answers the morning question and adds information; Täby sees both', async ({ page, browser, form }) => {
      const description = `Elsa, runt 7 år, är ensam hemma på kvällarna (${mode.title}).`
      await at(page, EVENING)
      await report(page, description)
      await form.check.verifyOnPage()
      await form.check.submit()
      await form.confirmation.verifyOnPage()
      const reference = await form.confirmation.reference()
      const replyCode = (await page.getByRole('main').getByText(REPLY_CODE).innerText()).trim()
      expect(replyCode).toMatch(REPLY_CODE)
      await expect(page.getByText('Ingen från socialtjänsten kommer någonsin att be dig om svarskoden.')).toBeVisible()
      await expect(page.getByText('Den visas bara nu')).toBeVisible()
      // Shown once: a reload shows the reference, not the code.
      const reload = await page.reload()
      expect(reload?.headers()['cache-control']).toBe('no-store')
      await expect(page.getByRole('main').getByText(REPLY_CODE)).toHaveCount(0)
      await expect(page.getByText('Svarskoden visades när du skickade anmälan')).toBeVisible()
      await page.context().clearCookies()

      // The next morning, in a browser of its own, Täby's intake unit asks a question.
      const staffContext = await browser.newContext({ javaScriptEnabled: true, baseURL: process.env.E2E_BASE_URL, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' })
      const staff = await staffContext.newPage()
      await at(staff, MORNING)
      await logIn(staff, TABY_INTAKE)
      await staff.getByRole('link', { name: reference, exact: true }).click()
      await expect(staff.getByRole('heading', { level: 2, name: 'Frågor till anmälaren' })).toBeVisible()
      await expect(staff.getByText('Inga frågor har ställts till anmälaren.')).toBeVisible()
      // An empty question is refused with the GOV.UK error pattern; nothing is asked.
      await staff.getByRole('button', { name: 'Ställ frågan' }).click()
      await expect(staff.getByRole('alert')).toContainText('Skriv frågan')
      await expect(staff).toHaveTitle(/^Fel: /)
      await staff.getByLabel('Fråga till anmälaren').fill('Vilken skola går Elsa i?')
      await staff.getByRole('button', { name: 'Ställ frågan' }).click()
      await expect(staff.getByText('Maja Mottagning (Täby) ställde en fråga till anmälaren')).toBeVisible()
      await expect(staff.getByRole('cell', { name: 'Inte besvarad än' })).toBeVisible()
      await expectAccessible(staff)
      // The intake unit decides not to open an investigation: the report leaves the open queue.
      await staff.getByRole('radio', { name: 'Inled inte utredning' }).check()
      await staff.getByLabel('Motivering').fill('Ingen utredning just nu.')
      await staff.getByRole('button', { name: 'Spara beslut' }).click()
      await expect(staff.locator('ol.timeline')).toContainText('Maja Mottagning (Täby) fattade beslut')
      await staff.goto('/personal')
      await expect(staff.getByRole('link', { name: reference, exact: true })).toHaveCount(0)
      // Off the queue while the reporter acts: its live updates run on the real clock, not the test's.
      await staff.goto('about:blank')

      // The neighbour opens the report: when it came, that it was read, the question; nothing of the report.
      await at(page, LATER)
      await openFollowUp(page, reference, replyCode.toLowerCase())
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Din anmälan')
      await expect(page).toHaveURL(new RegExp(`${FOLLOW_UP}$`))
      await expect(page.locator('.summary-list__row', { hasText: 'Läst av socialtjänsten' }).locator('dd')).toHaveText('Ja')
      await expect(page.getByRole('main')).toContainText('Socialtjänsten har en fråga till dig')
      await expect(page.getByText('Vilken skola går Elsa i?')).toBeVisible()
      for (const hidden of [description, 'Inled inte utredning', 'Maja', 'Ingen utredning just nu.']) await expect(page.getByRole('main')).not.toContainText(hidden)
      await expectAccessible(page)
      await page.getByLabel('Ditt svar').fill('Hon går i Näsbyskolan, tror jag.')
      await page.getByRole('button', { name: 'Skicka svaret' }).click()
      await expect(page.getByText('Tack. Ditt svar är skickat till socialtjänsten.')).toBeVisible()
      await expect(page.getByRole('main')).toContainText('Inga frågor just nu')
      await page.getByLabel('Vad vill du lägga till?').fill('Elsa var ensam i trappuppgången igen i går kväll.')
      await page.getByRole('button', { name: 'Skicka tillägget' }).click()
      await expect(page.getByText('Tack. Det du lade till är skickat till socialtjänsten.')).toBeVisible()
      await expect(page).toHaveURL(new RegExp(`${FOLLOW_UP}$`))
      await expectAccessible(page)

      // Täby sees both on the timeline, marked as the reporter's, and the report is back in its queue.
      // (The staff browser keeps the morning's clock: its session is counted on it.)
      await staff.goto('/personal')
      await staff.getByRole('link', { name: reference, exact: true }).click()
      const timeline = staff.locator('ol.timeline')
      await expect(timeline).toContainText('Anmälaren svarade')
      await expect(timeline).toContainText('Hon går i Näsbyskolan, tror jag.')
      await expect(timeline).toContainText('Anmälaren lade till information')
      await expect(timeline).toContainText('Elsa var ensam i trappuppgången igen i går kväll.')
      await expect(staff.getByRole('cell', { name: /^Besvarad/ })).toBeVisible()
      await staffContext.close()
    })

    test('wrong codes: the same answer as an unknown reference, then a wait, and the right code opens once it has passed', async ({ page, form }) => {
      await at(page, EVENING)
      await report(page, `Ett barn gråter ofta sent på kvällen (${mode.title}).`)
      await form.check.submit()
      await form.confirmation.verifyOnPage()
      const reference = await form.confirmation.reference()
      const replyCode = (await page.getByRole('main').getByText(REPLY_CODE).innerText()).trim()
      await page.context().clearCookies()

      // Every answer of the page, the form and what a POST shows, is kept by no cache.
      expect((await page.request.get(FOLLOW_UP)).headers()['cache-control']).toBe('no-store')
      const posted = await page.request.post(FOLLOW_UP, { form: { intent: 'open', reference: '', code: '' } })
      expect([posted.status(), posted.headers()['cache-control']]).toEqual([400, 'no-store'])
      await openFollowUp(page, 'ABCD-EFGH-JKL', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ')
      const notFound = 'Vi hittade ingen anmälan med det ärendenumret och den svarskoden. Kontrollera båda och försök igen.'
      await expect(page.getByRole('alert')).toContainText(notFound)
      await expect(page).toHaveTitle(/^Fel: /)
      await expectAccessible(page)
      // The reference is kept, the code is not written back into the page.
      await expect(page.getByLabel('Ärendenummer')).toHaveValue('ABCD-EFGH-JKL')
      await expect(page.getByLabel('Svarskod')).toHaveValue('')
      // The first three wrong codes cost nothing; then each try waits 1 s, 2 s, 4 s ... (a slow round trip may outlast the first waits).
      for (let attempt = 1; attempt <= 3; attempt++) {
        await openFollowUp(page, reference, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ')
        await expect(page.getByRole('alert')).toContainText(notFound)
      }
      let waitText = ''
      for (let attempt = 4; attempt <= 10 && !waitText; attempt++) {
        await openFollowUp(page, reference, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ')
        const alert = await page.getByRole('alert').innerText({ timeout: 5000 })
        waitText = /Vänta (\d+) sekund/.exec(alert)?.[1] ?? ''
        if (waitText) expect(alert).toContain('ring 112')
      }
      expect(Number(waitText), 'a wrong code past the third makes the next try wait').toBeGreaterThan(0)
      await page.waitForTimeout(Number(waitText) * 1000 + 300)
      await openFollowUp(page, reference, replyCode)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Din anmälan')
    })

    test('an addition at night that someone is in danger now: call 112 on the page, the report immediate and with the jour', async ({ page, form }) => {
      await at(page, EVENING)
      await report(page, `En pojke är ofta ensam i trapphuset (${mode.title}).`)
      await form.check.submit()
      await form.confirmation.verifyOnPage()
      const reference = await form.confirmation.reference()
      const replyCode = (await page.getByRole('main').getByText(REPLY_CODE).innerText()).trim()
      await page.context().clearCookies()
      await at(page, '2026-11-30T22:40:00Z') // 23:40: Täby's intake unit is closed, the Nordost jour covers it
      await openFollowUp(page, reference, replyCode)
      await page.getByLabel('Vad vill du lägga till?').fill('Nu hörs skrik och slag från lägenheten.')
      await page.getByLabel('Någon är i fara just nu eller i natt').check()
      await page.getByRole('button', { name: 'Skicka tillägget' }).click()
      await expect(page.getByText('Tack. Det du lade till är skickat till socialtjänsten.')).toBeVisible()
      await expect(page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Ring 112 nu om någon är i fara' }) })).toBeVisible()
      await expectAccessible(page)
      const db = await appDatabase()
      try {
        const { rows } = await db.query('select level, destination, destination_jour_id from reports where reference = $1', [reference.replaceAll('-', '')])
        expect(rows).toEqual([{ level: 'immediate', destination: 'jour', destination_jour_id: 'nordost' }])
      } finally {
        await db.end()
      }
    })

    test('the follow-up page in English, and a wrong pair there', async ({ page }) => {
      await page.goto(FOLLOW_UP)
      await page.getByRole('button', { name: 'Byt språk till English' }).click()
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Follow your report')
      await expect(page).toHaveURL(new RegExp(`${FOLLOW_UP}$`))
      await expectAccessible(page)
      await page.getByLabel('Case number').fill('ABCD-EFGH-JKL')
      await page.getByLabel('Reply code').fill('ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ')
      await page.getByRole('button', { name: 'Open the report' }).click()
      await expect(page.getByRole('alert')).toContainText('We found no report with that case number and that reply code.')
      await expect(page).toHaveTitle(/^Error: /)
      await expectAccessible(page)
    })

    test('the writing helper: a notice for an anonymous reporter who wrote their phone number, none for a named one', async ({ page, form }) => {
      await at(page, EVENING)
      await report(page, 'Elsa är ensam hemma. Ring mig på 070-123 45 67 om ni vill veta mer.')
      await form.check.verifyOnPage()
      const notice = page.getByRole('region', { name: 'Innan du skickar: kan någon känna igen dig?' })
      await expect(notice).toBeVisible()
      await expect(notice).toContainText('ett telefonnummer')
      await notice.getByRole('link', { name: 'Ändra beskrivningen' }).click()
      await form.concern.verifyOnPage()
      await expect(page).toHaveURL(/\/anmalan\/oro\?returnUrl=\/anmalan\/kontrollera$/)
      await page.context().clearCookies()

      await report(page, 'Elsa är ensam hemma. Ring mig på 070-123 45 67 om ni vill veta mer.', {
        anonymous: 'no',
        name: 'Karin Granne',
        phone: '070-123 45 67',
        email: '',
      })
      await form.check.verifyOnPage()
      await expect(page.getByRole('region', { name: 'Innan du skickar: kan någon känna igen dig?' })).toHaveCount(0)
    })
  })
}
