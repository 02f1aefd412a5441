import type { APIRequestContext, Page } from '@playwright/test'
import { expectAccessibleAtEveryWidth } from './support/accessibility'
import { expect, JAVASCRIPT_MODES, test } from './support/fixtures'
import { logIn } from './support/staff'

/**
 * An administrator gives a case system access to the export API: the form explains what is
 * missing, the new client's secret is shown once and works, a new secret replaces it at once,
 * and after revoking the client nothing works. At a phone's width and a desk's, axe finds
 * nothing; the whole journey works by keyboard, and without JavaScript.
 */
const NORDOST_ADMIN = 'admin.nordost@demo.orosanmalan.se'
/** Presses Tab until the focused element is `target` (at most 60 times), as a keyboard user moves through the page. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>) {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((element) => element === document.activeElement)) return
  }
  throw new Error('Tab never reached the element')
}

async function tokenStatus(request: APIRequestContext, clientId: string, secret: string) {
  const response = await request.post('/api/v1/token', { form: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret } })
  return response.status()
}

test.describe.configure({ mode: 'serial' })

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`API clients, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('an administrator creates a client, copies its secret once, rotates it and revokes it', async ({ page }) => {
      const name = `Treserva Täby ${mode.javaScriptEnabled ? 'med' : 'utan'} JS ${Date.now()}`
      await logIn(page, NORDOST_ADMIN)
      await page.getByRole('navigation').getByRole('link', { name: 'API för verksamhetssystem' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'API-klienter för verksamhetssystem' })).toBeVisible()
      await expectAccessibleAtEveryWidth(page)

      const newClient = page.getByRole('link', { name: 'Ny API-klient' })
      if (mode.javaScriptEnabled) {
        await tabTo(page, newClient)
        await page.keyboard.press('Enter')
      } else await newClient.click()
      await expect(page.getByRole('heading', { level: 1, name: 'Ny API-klient' })).toBeVisible()
      await expectAccessibleAtEveryWidth(page)

      // Nothing chosen: the form says what is missing, and keeps what was typed.
      await page.getByLabel('Webhookens adress (valfri)').fill('ftp://verksamhet.example/hook')
      await page.getByRole('button', { name: 'Skapa klienten' }).click()
      await expect(page).toHaveTitle(/^Fel: /)
      const summary = page.getByRole('alert')
      await expect(summary).toContainText('Skriv ett namn på klienten')
      await expect(summary).toContainText('Välj minst en av dina kommuner')
      await expect(summary).toContainText('Skriv webhookens adress som en hel http- eller https-adress')
      await expect(page.getByLabel('Webhookens adress (valfri)')).toHaveValue('ftp://verksamhet.example/hook')
      await expectAccessibleAtEveryWidth(page)

      await page.getByLabel('Webhookens adress (valfri)').fill('')
      if (mode.javaScriptEnabled) {
        // The whole form by keyboard: type, tick with Space, send with Enter.
        await tabTo(page, page.getByLabel('Namn', { exact: true }))
        await page.keyboard.type(name)
        await tabTo(page, page.getByRole('checkbox', { name: 'Täby' }))
        await page.keyboard.press('Space')
        await tabTo(page, page.getByRole('button', { name: 'Skapa klienten' }))
        await page.keyboard.press('Enter')
      } else {
        await page.getByLabel('Namn', { exact: true }).fill(name)
        await page.getByRole('checkbox', { name: 'Täby' }).check()
        await page.getByRole('button', { name: 'Skapa klienten' }).click()
      }
      await expect(page.getByRole('heading', { level: 1, name: `Klienten är skapad: ${name}` })).toBeVisible()
      await expect(page.getByText('Hemligheten visas bara den här gången')).toBeVisible()
      const clientId = (await page.locator('code').first().textContent())!
      const secret = (await page.locator('code[data-secret="client"]').textContent())!
      expect(clientId).toMatch(/^oro_[0-9a-f]{24}$/)
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
      if (mode.javaScriptEnabled) await expect(page.getByRole('heading', { level: 2, name: 'Kopiera uppgifterna nu' })).toBeFocused()
      await expectAccessibleAtEveryWidth(page)
      expect(await tokenStatus(page.request, clientId, secret)).toBe(200)

      // Never shown again: not on the client's page, not in the list.
      await page.getByRole('link', { name: 'Till klientens sida' }).click()
      // Exact: "Klienten är skapad: <name>" on the page just left holds the name too.
      await expect(page).toHaveURL(/\/personal\/api-klienter\/[0-9a-f-]{36}$/)
      await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible()
      await expect(page.getByText(clientId)).toBeVisible()
      expect(await page.content()).not.toContain(secret)
      await expectAccessibleAtEveryWidth(page)
      await page.getByRole('link', { name: 'API-klienter för verksamhetssystem' }).first().click()
      await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Aktiv')
      expect(await page.content()).not.toContain(secret)
      await page.getByRole('link', { name }).click()

      // A new secret: shown once on the answer, the old one stops at once.
      await page.getByRole('button', { name: 'Skapa ny hemlighet' }).click()
      await expect(page.getByRole('heading', { level: 2, name: 'Ny hemlighet' })).toBeVisible()
      const rotated = (await page.locator('code[data-secret="client"]').textContent())!
      expect(rotated).not.toBe(secret)
      await expectAccessibleAtEveryWidth(page)
      expect(await tokenStatus(page.request, clientId, secret)).toBe(401)
      expect(await tokenStatus(page.request, clientId, rotated)).toBe(200)

      const revoke = page.getByRole('button', { name: 'Återkalla klienten' })
      if (mode.javaScriptEnabled) {
        await tabTo(page, revoke)
        await page.keyboard.press('Enter')
      } else await revoke.click()
      await expect(page.getByRole('status')).toContainText('Ändringen är sparad.')
      await expect(page.getByText('Återkallad').first()).toBeVisible()
      await expect(page.getByRole('button', { name: 'Återkalla klienten' })).toHaveCount(0)
      await expectAccessibleAtEveryWidth(page)
      expect(await tokenStatus(page.request, clientId, rotated)).toBe(401)
    })
  })
}
