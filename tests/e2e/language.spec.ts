import { expect, JAVASCRIPT_MODES, test } from './support/fixtures'
import { expectAccessible } from './support/accessibility'

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`Language switch, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('English is chosen in the header, kept from page to page, and Swedish comes back', async ({ page, form }) => {
      await form.start.goto()
      await expect(page.locator('html')).toHaveAttribute('lang', 'sv')
      await page.getByRole('button', { name: 'Byt språk till English' }).click()

      // The same page, now in English.
      await expect(page).toHaveURL(/\/$/)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Report a concern about a child or an adult')
      await expect(page.locator('html')).toHaveAttribute('lang', 'en')
      await expect(page).toHaveTitle('Report a concern about a child or an adult – Report a concern')
      await expectAccessible(page)

      await page.getByRole('button', { name: 'Start now' }).click()
      await expect(page).toHaveURL(/\/anmalan\/kommun$/)
      const question = page.getByRole('combobox', { name: 'Which municipality does the person live in?' })
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Which municipality does the person live in?')
      await expect(question).toBeVisible()
      await expectAccessible(page)

      await page.getByRole('button', { name: 'Continue' }).click()
      await expect(page).toHaveTitle(/^Error: Which municipality does the person live in\?/)
      const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) })
      await expect(summary.getByRole('link')).toHaveText(['Select a municipality, or select that you do not know'])
      await expect(question).toHaveAccessibleDescription(/Error: Select a municipality, or select that you do not know$/)
      await expectAccessible(page)

      await page.getByRole('link', { name: 'Staying safe online' }).click()
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staying safe online')
      await expectAccessible(page)

      // The language's name is given in itself, and marked as Swedish for a screen reader.
      const backToSwedish = page.getByRole('button', { name: 'Change language to Svenska' })
      await expect(backToSwedish.locator('[lang="sv"]')).toHaveText('Svenska')
      await backToSwedish.click()
      await expect(page).toHaveURL(/\/sakerhet-pa-natet$/)
      await expect(page.locator('html')).toHaveAttribute('lang', 'sv')
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Säkerhet på nätet')
      await expectAccessible(page)

      await page.getByRole('link', { name: 'Orosanmälan', exact: true }).click()
      await form.start.verifyOnPage()
    })
  })
}
