import type { Page } from '@playwright/test'
import { expectAccessible } from './support/accessibility'
import { appDatabase } from './support/app-database'
import { answerStepsUntil, expect, SAFETY_ALL_NO, test } from './support/fixtures'
import { logIn } from './support/staff'

/**
 * Paging (issue 6): an immediate report about a child in Danderyd at night pages
 * Socialjouren Nordost's förstajour at once, the bakjour when nobody acknowledges, and
 * the acknowledge from the jour queue stops it. The e-mails are read where a developer
 * reads them, on /dev/mail.
 */
const NIGHT = '2026-11-26T21:10:00Z' // Thursday 22:10 in Stockholm
const JOUR = 'jour.nordost@demo.orosanmalan.se'
const ADMIN = 'admin.nordost@demo.orosanmalan.se'

async function at(page: Page, instant: string) {
  await page.context().setExtraHTTPHeaders({ 'x-test-now': instant })
}

async function pagesAbout(page: Page, reference: string): Promise<number> {
  await page.goto('/dev/mail')
  return page.locator('summary', { hasText: reference }).count()
}

test.describe.configure({ mode: 'serial' })

test('the jour is paged at once, escalated to the bakjour from receipt, and the acknowledge in the jour queue stops it', async ({ page }) => {
  // The escalation runs in seconds; the sign-in may wait for an untaken code (up to 30 s).
  test.setTimeout(150_000)
  const db = await appDatabase()
  // Seconds instead of the real 10 and 25 minutes, so the escalation fits in a test.
  await db.query(`update jour_units set page_backup_after_seconds = 4, page_everyone_after_seconds = 8, page_repeat_seconds = 6 where id = 'nordost'`)
  try {
    await at(page, NIGHT)
    await answerStepsUntil(page, '/anmalan/kontrollera', {
      '/anmalan/kommun': { municipality: '0162' },
      '/anmalan/sakerhet': { ...SAFETY_ALL_NO, afraidToGoHome: 'yes' },
    })
    await page.goto('/anmalan/kontrollera')
    await page.getByRole('button', { name: 'Skicka anmälan' }).click()
    const reference = await page.locator('.panel__reference').innerText()
    await page.context().clearCookies()

    // The page is sent by the worker a moment after the commit: reload until it is there.
    await expect.poll(() => pagesAbout(page, reference), { timeout: 15_000, intervals: [250, 500, 1000] }).toBeGreaterThan(0)
    await expect(page.getByText(`LARM Akut: orosanmälan ${reference}, Danderyd`).first()).toBeVisible()
    await expectAccessible(page)
    // The e-mail page, not its shorter SMS copy, which carries only the queue's link.
    const alert = page
      .locator('details')
      .filter({ has: page.locator('summary', { hasText: `LARM Akut: orosanmälan ${reference}` }) })
      .first()
    await alert.locator('summary').click()
    await expect(alert).toContainText('/personal/anmalan/')
    // Nothing the neighbour wrote about the child is in a page.
    await expect(alert).not.toContainText('Alva')

    // The bakjour's page, 4 s after receipt with nobody acknowledging.
    await expect.poll(() => pagesAbout(page, reference), { timeout: 30_000, intervals: [1000] }).toBeGreaterThanOrEqual(3)

    await logIn(page, JOUR)
    const row = page.getByRole('row').filter({ hasText: reference })
    // How far the alert has gone, as the mail server took it.
    await expect(row).toContainText(/Larm levererat till förstajour, bakjour/)
    await expectAccessible(page)
    await row.getByRole('button', { name: `Kvittera ${reference}` }).click()
    await expect(page.getByRole('row').filter({ hasText: reference })).toContainText('Jonas Jour')

    // Messages queued before the acknowledge may still arrive; after that, nothing more.
    await page.waitForTimeout(5000)
    const settled = await pagesAbout(page, reference)
    await page.waitForTimeout(9000)
    expect(await pagesAbout(page, reference)).toBe(settled)

    // Still signed in from the acknowledge.
    await page.goto('/personal')
    await page.getByRole('link', { name: reference }).click()
    await expect(page.getByRole('listitem').filter({ hasText: 'Larm levererat till förstajour' }).first()).toBeVisible()
    await expect(page.getByRole('listitem').filter({ hasText: 'Larm levererat till bakjour' }).first()).toBeVisible()
    await expect(page.getByRole('listitem').filter({ hasText: 'Jonas Jour (Nordost) kvitterade' })).toBeVisible()
  } finally {
    await db.query(`update jour_units set page_backup_after_seconds = 600, page_everyone_after_seconds = 1500, page_repeat_seconds = 600 where id = 'nordost'`)
    await db.end()
  }
})

test('an administrator sees who is paged tonight and whether messages get out', async ({ page }) => {
  await logIn(page, ADMIN)
  await expect(page.getByRole('heading', { level: 1, name: 'Drift och jour' })).toBeVisible()
  const nordost = page.getByRole('region', { name: 'Socialjouren Nordost' })
  await expect(nordost).toContainText('förstajour')
  await expect(nordost).toContainText('@demo.orosanmalan.se')
  await expect(page.getByRole('heading', { name: 'Meddelanden som inte gick fram' })).toBeVisible()
  await expectAccessible(page)
})
