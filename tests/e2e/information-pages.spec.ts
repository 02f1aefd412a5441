import { expect, JAVASCRIPT_MODES, test } from './support/fixtures'
import { expectAccessible } from './support/accessibility'
import { AccessibilityStatementPage, SafetyOnlinePage } from './support/pages'

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`Information pages, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('the footer leads to the safety advice and the accessibility statement', async ({ page, form }) => {
      await form.start.goto()
      await page.getByRole('contentinfo').getByRole('link', { name: 'Säkerhet på nätet' }).click()
      const safety = new SafetyOnlinePage(page, mode.javaScriptEnabled)
      await safety.verifyOnPage()
      // Honest about what quick exit does not do.
      await expect(page.getByText('Knappen raderar inte webbläsarens historik.')).toBeVisible()

      await page.getByRole('contentinfo').getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click()
      const statement = new AccessibilityStatementPage(page, mode.javaScriptEnabled)
      await statement.verifyOnPage()
      await expect(page.getByRole('heading', { name: 'Tillsyn', level: 2 })).toBeVisible()
    })

    test('an address that does not exist gets a 404 page that helps', async ({ page }) => {
      const response = await page.goto('/finns-inte')
      expect(response?.status()).toBe(404)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sidan finns inte')
      await expect(page.getByText('Vid akut fara, ring 112.').first()).toBeVisible()
      await expect(page.getByRole('link', { name: 'Till startsidan' })).toHaveAttribute('href', '/')
      await expectAccessible(page)
    })
  })
}

test('a confirmation page opened without a report of this browser goes to the start page', async ({ page, form }) => {
  await page.goto('/anmalan/bekraftelse')
  await form.start.verifyOnPage()
})
