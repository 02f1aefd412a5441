import type { Page } from '@playwright/test'
import { answerStepsUntil, expect, test } from './support/fixtures'

test.describe('Using only the keyboard', () => {
  test('the first Tab reaches "Hoppa till innehållet", which moves focus to the content', async ({ page, form }) => {
    await form.start.goto()
    await page.keyboard.press('Tab')
    const skipLink = page.getByRole('link', { name: 'Hoppa till innehållet' })
    await expect(skipLink).toBeFocused()
    await expect(skipLink).toBeVisible()
    await expectOnScreen(page)
    // Right under it, a second way out for someone who must leave at once.
    await page.keyboard.press('Tab')
    await expect(page.getByRole('link', { name: 'Lämna sidan snabbt', exact: true })).toBeFocused()
    await page.keyboard.press('Shift+Tab')
    await expect(skipLink).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('main')).toBeFocused()
  })

  test('a question is answered with Tab, Space and the arrow keys, and sent with Enter', async ({ page, form }) => {
    await answerStepsUntil(page, '/anmalan/vem')
    await form.concerns.goto()
    await page.keyboard.press('Tab')
    await expect(page.getByRole('link', { name: 'Hoppa till innehållet' })).toBeFocused()

    const children = form.concerns.radio('Ett eller flera barn')
    const adult = form.concerns.radio('En vuxen')
    for (let presses = 0; presses < 12 && !(await children.evaluate((radio) => radio === document.activeElement)); presses++) {
      await page.keyboard.press('Tab')
    }
    await expect(children).toBeFocused()
    await expect(children).not.toBeChecked()
    await page.keyboard.press('Space')
    await expect(children).toBeChecked()
    await page.keyboard.press('ArrowDown')
    await expect(adult).toBeFocused()
    await expect(adult).toBeChecked()
    await page.keyboard.press('ArrowUp')
    await expect(children).toBeChecked()

    // Tab leaves the group for the button; Enter sends.
    await page.keyboard.press('Tab')
    await expect(page.getByRole('button', { name: 'Fortsätt' })).toBeFocused()
    await page.keyboard.press('Enter')
    await form.people.verifyOnPage()

    // The page changed without a page load, yet the next Tab starts from the top again.
    await page.keyboard.press('Tab')
    await expect(page.getByRole('link', { name: 'Hoppa till innehållet' })).toBeFocused()
    const name = form.people.field(1, 'Namn')
    for (let presses = 0; presses < 12 && !(await name.evaluate((input) => input === document.activeElement)); presses++) {
      await page.keyboard.press('Tab')
    }
    await expect(name).toBeFocused()
    await page.keyboard.type('Alva')
    // Enter in a field continues; it does not press "Lägg till ett barn till", the first button on the page.
    await page.keyboard.press('Enter')
    await form.concern.verifyOnPage()
    await page.goto('/anmalan/personer')
    await expect(form.people.child(2)).toHaveCount(0)
    await expect(form.people.field(1, 'Namn')).toHaveValue('Alva')
  })
})

/** The focused skip link is shown on screen, not only to a screen reader. */
async function expectOnScreen(page: Page): Promise<void> {
  const box = await page.getByRole('link', { name: 'Hoppa till innehållet' }).boundingBox()
  expect(box, 'the focused skip link has a place on screen').not.toBeNull()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.y).toBeGreaterThanOrEqual(0)
}
