import type { Page } from '@playwright/test'
import { expect, JAVASCRIPT_MODES, test } from './support/fixtures'
import type { ReportForm } from './support/pages'

const NEUTRAL_SITE = 'https://www.smhi.se/'

/** The network is closed in tests: the neutral site answers with a blank page of our own. */
async function fakeNeutralSite(page: Page): Promise<void> {
  await page.route('https://www.smhi.se/**', (route) => route.fulfill({ body: '<html><body>neutral</body></html>', contentType: 'text/html' }))
}

async function draftCookie(page: Page) {
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'oro_draft')
  expect(cookie, 'a draft cookie while the report is being written').toBeDefined()
  return cookie!
}

/** After leaving, nothing of the report is left: not in the browser, and not on the server. */
async function expectDraftGone(page: Page, form: ReportForm, stolenCookie: Awaited<ReturnType<typeof draftCookie>>) {
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('oro_draft')
  // Back does not bring the answers back.
  await page.goBack()
  await form.municipality.verifyOnPage()
  await expect(page.getByText('Alva')).toHaveCount(0)
  await page.goto('/anmalan/kontrollera')
  await form.municipality.verifyOnPage()
  await expect(form.municipality.select).toHaveValue('')
  // Even the old cookie, put back, finds nothing: the draft was deleted, not just forgotten.
  await page.context().addCookies([stolenCookie])
  await page.goto('/anmalan/personer')
  await form.municipality.verifyOnPage()
  await expect(page.getByText('Alva')).toHaveCount(0)
}

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`Quick exit, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('"Lämna sidan snabbt" goes to a neutral site and deletes what was typed', async ({ page, form }) => {
      await fakeNeutralSite(page)
      await form.reachConcernStep()
      const cookie = await draftCookie(page)

      const exit = page.getByRole('link', { name: 'Nödutgång: Lämna sidan snabbt' })
      await expect(exit).toHaveAttribute('rel', 'nofollow noreferrer')
      await exit.click()
      await expect(page).toHaveURL(NEUTRAL_SITE)
      await expect(page.locator('body')).toHaveText('neutral')

      await expectDraftGone(page, form, cookie)
    })
  })
}

test.describe('Quick exit with the keyboard', () => {
  test('pressing Shift three times leaves the page, counting down out loud', async ({ page, form }) => {
    await fakeNeutralSite(page)
    await form.reachConcernStep()
    const cookie = await draftCookie(page)
    await form.concern.description.fill('Något som ingen annan får se')

    const status = page.getByRole('status').filter({ hasText: /Skift/ })
    await page.keyboard.press('Shift')
    await expect(status).toHaveText('Tryck på Skift 2 gånger till för att lämna sidan')
    await page.keyboard.press('Shift')
    await expect(status).toHaveText('Tryck på Skift 1 gång till för att lämna sidan')
    await page.keyboard.press('Shift')
    await expect(page).toHaveURL(NEUTRAL_SITE)

    await expectDraftGone(page, form, cookie)
  })

  test('another key between the presses starts the count again', async ({ page, form }) => {
    await form.start.goto()
    const status = page.getByRole('status').filter({ hasText: /Skift/ })
    await page.keyboard.press('Shift')
    await page.keyboard.press('Shift')
    await expect(status).toHaveText('Tryck på Skift 1 gång till för att lämna sidan')
    await page.keyboard.press('a')
    await expect(status).toHaveCount(0)
    await page.keyboard.press('Shift')
    await expect(status).toHaveText('Tryck på Skift 2 gånger till för att lämna sidan')
    await expect(page).toHaveURL(/\/$/)
    await form.start.verifyOnPage()
  })
})
