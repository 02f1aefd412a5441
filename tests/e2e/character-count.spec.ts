import { expect, JAVASCRIPT_MODES, test } from './support/fixtures'

/**
 * Issue 15: the description says its limit under the field; with JavaScript it counts down as
 * the person types, and says how far over they are, without cutting what was pasted. The
 * server refuses a description over the limit and keeps it, whichever way.
 */

// Swedish writes 10 000 with a (no-break) space between the thousands.
const number = (digits: string) => new RegExp(digits.replace(/(\d)(?=(\d{3})+$)/g, '$1\\s'))

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`Character count, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('the description says its limit, and one over it is refused with the text kept', async ({ page, form }) => {
      await form.reachConcernStep()
      const description = form.concern.description
      await expect(description).toHaveAccessibleDescription(new RegExp(`Du kan skriva högst ${number('10000').source} tecken`))
      if (mode.javaScriptEnabled) {
        await description.fill('Alva var ensam hemma')
        await expect(page.getByText(number('9980'))).toHaveText(new RegExp(`^Du har ${number('9980').source} tecken kvar$`))
      } else {
        await expect(page.getByText(/Du kan skriva högst/)).toBeVisible()
      }

      const tooLong = 'a'.repeat(10_003)
      await description.fill(tooLong)
      if (mode.javaScriptEnabled) await expect(page.getByText('Du har 3 tecken för mycket')).toBeVisible()
      await page.getByRole('group', { name: 'Vad gäller din oro?' }).getByRole('checkbox').first().check()
      await form.concern.continue()
      await form.concern.verifyOnPage({ error: true })
      await expect(form.concern.description).toHaveValue(tooLong)
    })
  })
}
