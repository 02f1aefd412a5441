import type { Page } from '@playwright/test'
import { expectAccessible } from './support/accessibility'
import { answerStepsUntil, expect, SAFETY_ALL_NO, test } from './support/fixtures'

/**
 * The confirmation says honestly who reads the report and when, at the hour it was sent.
 * The server's clock is set per request with X-Test-Now (honoured outside production only).
 */
const FRIDAY_NIGHT = '2026-11-27T21:10:00Z' // Friday 22:10 in Stockholm
const MONDAY_MORNING = '2026-11-23T09:00:00Z' // Monday 10:00 in Stockholm

const IMMEDIATE = { ...SAFETY_ALL_NO, afraidToGoHome: 'yes' }

async function sendReport(page: Page, municipality: string, safety: Record<string, string>) {
  await answerStepsUntil(page, '/anmalan/kontrollera', {
    '/anmalan/kommun': { municipality },
    '/anmalan/sakerhet': safety,
  })
  await page.goto('/anmalan/kontrollera')
  await page.getByRole('button', { name: 'Skicka anmälan' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Anmälan är skickad' })).toBeVisible()
}

test.describe('after hours: Friday 22:10', () => {
  test.use({ extraHTTPHeaders: { 'x-test-now': FRIDAY_NIGHT } })

  test('an immediate report about a child in Täby goes to Socialjouren Nordost, and the reporter is told so', async ({ page }) => {
    await sendReport(page, '0160', IMMEDIATE)
    await expect(page.getByText('Det är inte kontorstid. Socialjouren Nordost, den sociala jouren, har fått din anmälan och läser den nu.')).toBeVisible()
    await expect(page.getByText('Du kan ringa jouren på 08-410 200 40.')).toBeVisible()
    await expectAccessible(page)
  })

  test("a report that can wait is read by Täby's intake unit on Monday from 08:00", async ({ page }) => {
    await sendReport(page, '0160', SAFETY_ALL_NO)
    await expect(page.getByText('Mottagningsenheten i Täby läser anmälan måndag 30 november från klockan 08:00.')).toBeVisible()
    await expect(page.getByText('Behöver du prata med någon innan dess, ring Socialjouren Nordost på 08-410 200 40.')).toBeVisible()
  })

  test('in Sigtuna, which no jour covers, the reporter is sent to 112 and the police', async ({ page }) => {
    await sendReport(page, '0191', IMMEDIATE)
    await expect(page.getByText('Ingen social jour tar emot anmälningar för Sigtuna just nu.')).toBeVisible()
    await expect(page.getByText('Om någon är i fara, ring 112. Vill du anmäla ett brott, ring polisen på 114 14.')).toBeVisible()
    await expectAccessible(page)
  })

  test('the start page says who reads reports for Täby right now', async ({ page }) => {
    await page.goto('/')
    await page.getByLabel('Vem läser anmälan just nu?').selectOption({ label: 'Täby' })
    await page.getByRole('button', { name: 'Visa' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Det är inte kontorstid i Täby nu.' })).toContainText('Socialjouren Nordost')
    await expectAccessible(page)
  })
})

test.describe('office hours: Monday 10:00', () => {
  test.use({ extraHTTPHeaders: { 'x-test-now': MONDAY_MORNING } })

  test('an immediate report in Täby is read by the intake unit today', async ({ page }) => {
    await sendReport(page, '0160', IMMEDIATE)
    await expect(page.getByText('Mottagningsenheten i Täby läser anmälan i dag.')).toBeVisible()
  })

  test('the start page says it is office hours in Vellinge', async ({ page }) => {
    await page.goto('/?kommun=1233')
    await expect(page.getByRole('status').filter({ hasText: 'Vellinge' })).toHaveText('Det är kontorstid i Vellinge nu. Mottagningsenheten läser anmälningar i dag.')
  })
})
