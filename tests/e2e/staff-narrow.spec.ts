import type { Page } from '@playwright/test'
import { expectAccessibleAtEveryWidth } from './support/accessibility'
import { answerStepsUntil, expect, SAFETY_ALL_NO, test } from './support/fixtures'
import { DEMO_PASSWORD } from '../../app/server/seed.server'
import { AUDITOR, logIn, TABY_INTAKE } from './support/staff'

/**
 * Every staff page at a phone's width (360 px) and a desk's (1280 px): axe finds nothing, and
 * the page itself never scrolls sideways (a wide table scrolls in its own focusable region).
 */

async function visit(page: Page, path: string) {
  const response = await page.goto(path)
  expect(response?.status(), path).toBeLessThan(500)
  await expectAccessibleAtEveryWidth(page)
}

/** Opens the first link of a list, if the list has one, and checks that page too. */
async function visitFirst(page: Page, from: string, links: string) {
  await page.goto(from)
  const link = page.locator(links).first()
  if ((await link.count()) === 0) return
  await link.click()
  await page.waitForLoadState('domcontentloaded')
  await expectAccessibleAtEveryWidth(page)
}

/**
 * A report about a child in Täby (immediate at night: the jour's), so the queues have lines and
 * cards. The night is later than every other journey's, whose reports stay first in the jour's queue.
 */
async function fileReport(page: Page, options: { night?: boolean } = {}) {
  if (options.night) await page.context().setExtraHTTPHeaders({ 'x-test-now': '2026-11-28T21:10:00Z' })
  await answerStepsUntil(page, '/anmalan/kontrollera', {
    '/anmalan/kommun': { municipality: '0160' },
    '/anmalan/sakerhet': options.night ? { ...SAFETY_ALL_NO, afraidToGoHome: 'yes' } : SAFETY_ALL_NO,
  })
  await page.goto('/anmalan/kontrollera')
  await page.getByRole('button', { name: 'Skicka anmälan' }).click()
  await expect(page.locator('.panel__reference').first()).toBeVisible()
  await page.context().clearCookies()
  await page.context().setExtraHTTPHeaders({})
}

test('sign-in pages', async ({ page }) => {
  await logIn(page, AUDITOR, expectAccessibleAtEveryWidth)
})

test('the first sign-in’s enrolment page, and an invitation that does not exist', async ({ page }) => {
  // Not enrolled: the password leads to the second factor's enrolment, which is left undone.
  await page.goto('/personal/logga-in')
  await page.getByLabel('E-postadress').fill('ny.mottagning@demo.orosanmalan.se')
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await expect(page).toHaveURL(/\/personal\/aktivera-kod$/)
  await expectAccessibleAtEveryWidth(page)
  await page.context().clearCookies()
  await visit(page, '/personal/inbjudan/no-such-invitation')
})

test('the intake unit’s pages', async ({ page }) => {
  await fileReport(page)
  await logIn(page, TABY_INTAKE)
  await visit(page, '/personal')
  await visit(page, '/personal?status=all&forsenade=ja')
  await visitFirst(page, '/personal?status=all', 'table th[scope=row] a')
  const report = new URL(page.url()).pathname
  if (report.startsWith('/personal/anmalan/')) await visit(page, `${report}/utskrift`)
  await visit(page, '/personal/foranmalningar')
  await visit(page, '/personal/foranmalningar/ny')
  await page.getByLabel('Personnummer').fill('20150412-1235')
  await page.getByLabel('Gäller från').fill('2026-11-20')
  await page.getByLabel('Gäller till och med').fill('2026-12-31')
  await page.getByLabel('Bakgrund').fill('Bakgrund.')
  await page.getByLabel('Plan för jouren').fill('Plan.')
  await page.getByLabel('Kontaktperson i kommunen').fill('Maja Mottagning')
  await page.getByRole('button', { name: 'Spara föranmälan' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Föranmälan' })).toBeVisible()
  await expectAccessibleAtEveryWidth(page)
  // A report that does not exist: the staff error page, in the staff frame.
  await visit(page, '/personal/anmalan/00000000-0000-4000-8000-000000000000')
})

test('the jour’s pages', async ({ page }) => {
  await fileReport(page, { night: true })
  await logIn(page, 'jour.nordost@demo.orosanmalan.se')
  await visit(page, '/personal')
  await visit(page, '/personal/foranmalningar')
})

test('the administrator’s pages', async ({ page }) => {
  await logIn(page, 'admin.nordost@demo.orosanmalan.se')
  for (const path of [
    '/personal/drift',
    '/personal/jourer/nordost',
    '/personal/kommuner',
    '/personal/kommuner/0160',
    '/personal/konton',
    '/personal/konton/ny',
    '/personal/statistik',
  ]) {
    await visit(page, path)
  }
  await visitFirst(page, '/personal/konton', 'main table a[href^="/personal/konton/"]')
})

test('the auditor’s pages', async ({ page }) => {
  await logIn(page, AUDITOR)
  await visit(page, '/personal/granskning')
})
