import { freePort } from '../../app/server/embedded-postgres.server'
import { startApp, type RunningApp } from '../support/app-server'
import { startTestProvider, type TestProvider } from '../support/oidc-provider'
import { ONE_ADDRESS_FOR_MANY_CLIENTS } from '../support/rate-limit-env'
import { expectAccessible } from './support/accessibility'
import { expect, test } from './support/fixtures'
import { TABY_INTAKE } from './support/staff'

/**
 * Issue 16: a member of staff signs in with their municipality's identity provider, in a
 * real browser, by keyboard. This journey runs its own app, configured with a provider, and
 * a real OpenID provider in the test process; the shared app of the other journeys has none.
 */

test.describe.configure({ mode: 'serial' })

let app: RunningApp
let provider: TestProvider
/** The app's BASE_URL: the provider sends the browser back there, so the journey starts there too (its cookies are that host's). */
let base: string

test.beforeAll(async () => {
  const providerPort = await freePort()
  const client = { clientId: 'oro-e2e', clientSecret: 'e2e-secret-for-tests-only' }
  app = await startApp({
    ...ONE_ADDRESS_FOR_MANY_CLIENTS,
    OIDC_PROVIDERS: JSON.stringify([{ id: 'nordost', name: 'Nordost-id', issuer: `http://127.0.0.1:${providerPort}`, ...client, municipalities: ['0160'] }]),
  })
  base = `http://localhost:${new URL(app.baseURL).port}`
  provider = await startTestProvider(providerPort, [{ ...client, redirectUri: `${base}/personal/oidc/nordost/callback` }])
  // The first page of a fresh app is slow to render on a busy test machine; not this journey's subject.
  await fetch(`${app.baseURL}/personal/logga-in`)
})

test.afterAll(async () => {
  await provider?.stop()
  await app?.stop()
})

test('signs in with the provider’s button, by keyboard, straight to the queue when the provider asserts a second factor', async ({ page }) => {
  await page.goto(`${base}/personal/logga-in`)
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible()
  await expectAccessible(page)
  provider.signInAs({ email: TABY_INTAKE, amr: ['pwd', 'otp'] })
  const button = page.getByRole('link', { name: 'Logga in med Nordost-id' })
  await button.focus()
  await page.keyboard.press('Enter')
  await page.waitForURL(`${base}/personal`)
  await expect(page.getByText('Maja Mottagning (Täby)')).toBeVisible()
  await expectAccessible(page)
})

test('tells a person the service has no account for why they are not signed in, on the sign-in page, and leads back to the button', async ({ page }) => {
  provider.signInAs({ email: 'ingen.har.bjudit.in@example.se', amr: ['pwd', 'otp'] })
  await page.goto(`${base}/personal/oidc/nordost`)
  await page.waitForURL(/\/personal\/logga-in\?/)
  const summary = page.getByRole('alert')
  await expect(summary.getByRole('heading', { name: 'Det finns ett problem' })).toBeVisible()
  await expect(summary).toContainText('Det finns inget konto här för den du loggade in som hos Nordost-id')
  await expectAccessible(page)
  await summary.getByRole('link').click()
  await expect(page.getByRole('link', { name: 'Logga in med Nordost-id' })).toBeFocused()
})

test('asks for the code of our own second factor when the provider asserts only a password', async ({ page }) => {
  provider.signInAs({ email: TABY_INTAKE, amr: ['pwd'] })
  await page.goto(`${base}/personal/logga-in`)
  await page.getByRole('link', { name: 'Logga in med Nordost-id' }).click()
  await page.waitForURL(`${base}/personal/kod`)
  await expect(page.getByRole('heading', { level: 1, name: 'Ange engångskod' })).toBeVisible()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the provider’s button signs in all the same', async ({ page }) => {
    provider.signInAs({ email: TABY_INTAKE, amr: ['pwd', 'hwk'] })
    await page.goto(`${base}/personal/logga-in`)
    await page.getByRole('link', { name: 'Logga in med Nordost-id' }).click()
    await page.waitForURL(`${base}/personal`)
    await expect(page.getByText('Maja Mottagning (Täby)')).toBeVisible()
  })
})
