import { generateTOTP } from '@epic-web/totp'
import { expect, type BrowserContext, type Page } from '@playwright/test'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../app/server/seed.server'

export const TABY_INTAKE = 'mottagning.taby@demo.orosanmalan.se'
export const VELLINGE_INTAKE = 'mottagning.vellinge@demo.orosanmalan.se'
export const AUDITOR = 'granskare@demo.orosanmalan.se'

export async function staffCookie(context: BrowserContext): Promise<string | null> {
  return (await context.cookies()).find((cookie) => cookie.name === 'oro_staff')?.value ?? null
}

/**
 * Signs a demo account in as a person does: e-mail and password, then a code from the
 * authenticator app. Returns the session cookie after each step (they must differ).
 * `onPage` runs on the login and code pages, e.g. an accessibility check.
 */
export async function logIn(page: Page, email: string, onPage: (page: Page) => Promise<void> = async () => {}) {
  await page.goto('/personal/logga-in')
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible()
  await onPage(page)
  await page.getByLabel('E-postadress').fill(email)
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ange engångskod' })).toBeVisible()
  await onPage(page)
  const halfway = await staffCookie(page.context())
  const { otp } = await generateTOTP({ secret: DEMO_TOTP_SECRET })
  await page.getByLabel('Ange engångskod').fill(otp)
  await page.getByRole('button', { name: 'Fortsätt' }).click()
  await page.waitForURL(/\/personal(\/granskning|\/drift)?$/)
  await expect(page.getByRole('heading', { level: 1, name: /Anmälningar|Granskningslogg|Drift och jour/ })).toBeVisible()
  return { halfway, full: await staffCookie(page.context()) }
}
