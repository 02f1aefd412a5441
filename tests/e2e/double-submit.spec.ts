import { answerStepsUntil, expect, JAVASCRIPT_MODES, test } from './support/fixtures'
import { ReportForm } from './support/pages'

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`Sending twice, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('a double click, a reload and a second send from a stale tab all give one and the same reference', async ({ page, form, context }) => {
      await answerStepsUntil(page, '/anmalan/kontrollera')
      // The same check page open in a second tab, as if the person went back to it later.
      const staleTab = await context.newPage()
      const stale = new ReportForm(staleTab, mode.javaScriptEnabled)
      await stale.check.goto()

      await form.check.goto()
      await form.check.submitButton.dblclick()
      await form.confirmation.verifyOnPage()
      const reference = await form.confirmation.reference()

      await page.reload()
      await form.confirmation.verifyOnPage()
      expect(await form.confirmation.reference(), 'after a reload').toBe(reference)

      await stale.check.submit()
      await stale.confirmation.verifyOnPage()
      expect(await stale.confirmation.reference(), 'sent again from the stale tab').toBe(reference)

      // Back from the receipt: the answers are gone, there is nothing left to send twice.
      await page.goBack()
      await form.municipality.verifyOnPage()
      await expect(form.municipality.select).toHaveValue('')
    })
  })
}
