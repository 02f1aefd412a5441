import type { Page } from '@playwright/test'
import { expectAccessible } from './support/accessibility'
import { answerStepsUntil, expect, SAFETY_ALL_NO, test } from './support/fixtures'
import { logIn, TABY_INTAKE } from './support/staff'

/**
 * The jour's night (issue 5, first part): an immediate report about a child in Täby at
 * 22:10 reaches Socialjouren Nordost, which acknowledges, records what it did and hands
 * the case back; in the morning Täby's intake unit sees it handled by the jour.
 */
const NIGHT = '2026-11-25T21:10:00Z' // Wednesday 22:10 in Stockholm
const LATER_THAT_NIGHT = '2026-11-25T23:40:00Z'
const MORNING = '2026-11-26T07:15:00Z' // Thursday 08:15
const AFTER_GRACE = '2026-11-26T12:30:00Z' // 12 h 50 min after the handover
const JOUR = 'jour.nordost@demo.orosanmalan.se'

async function at(page: Page, instant: string) {
  await page.context().setExtraHTTPHeaders({ 'x-test-now': instant })
}

const PERSONNUMMER = '20150412-1235'
const PLAN = 'Ring mamman innan hembesök. Lämna inte ut adressen till pappan.'

async function report(page: Page, safety: Record<string, string>): Promise<string> {
  await at(page, NIGHT)
  await answerStepsUntil(page, '/anmalan/kontrollera', {
    '/anmalan/kommun': { municipality: '0160' },
    '/anmalan/sakerhet': safety,
    '/anmalan/personer': { 'people[0].name': 'Ella', 'people[0].personalIdentityNumber': PERSONNUMMER },
  })
  await page.goto('/anmalan/kontrollera')
  await page.getByRole('button', { name: 'Skicka anmälan' }).click()
  const reference = await page.locator('.panel__reference').innerText()
  await page.context().clearCookies()
  return reference
}

test.describe.configure({ mode: 'serial' })

test.describe("the jour's night", () => {
  let immediate = ''
  let standard = ''
  let reportPath = ''

  test('the intake unit warns the jour with a pre-notice', async ({ page }) => {
    await at(page, '2026-11-25T09:00:00Z')
    await logIn(page, TABY_INTAKE)
    await page.getByRole('link', { name: 'Föranmälningar' }).click()
    await page.getByRole('link', { name: 'Ny föranmälan' }).click()
    await page.getByRole('button', { name: 'Spara föranmälan' }).click()
    await expect(page.getByRole('alert')).toContainText('Skriv personnumret')
    await expectAccessible(page)
    await page.getByLabel('Namn').fill('Ella Svensson')
    await page.getByLabel('Personnummer').fill('150412-1235')
    await page.getByLabel('Gäller från').fill('2026-11-25')
    await page.getByLabel('Gäller till och med').fill('2026-11-24')
    await page.getByLabel('Bakgrund').fill('Våld i hemmet, pappan har kontaktförbud.')
    await page.getByLabel('Plan för jouren').fill(PLAN)
    await page.getByLabel('Kontaktperson i kommunen').fill('Maja Mottagning, 08-555 123 45')
    await page.getByRole('button', { name: 'Spara föranmälan' }).click()
    await expect(page.getByRole('alert')).toContainText('Slutdatumet kan inte vara före startdatumet')
    await expect(page.getByLabel('Plan för jouren')).toHaveValue(PLAN)
    await page.getByLabel('Gäller till och med').fill('2026-11-30')
    await page.getByRole('button', { name: 'Spara föranmälan' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Föranmälan' })).toBeVisible()
    await expect(page.getByText(PLAN).first()).toBeVisible()
    await expectAccessible(page)
  })

  test('the jour sees the immediate report, not the one left for the morning, and acknowledges it once', async ({ page }) => {
    immediate = await report(page, { ...SAFETY_ALL_NO, afraidToGoHome: 'yes' })
    standard = await report(page, SAFETY_ALL_NO)
    await at(page, LATER_THAT_NIGHT)
    await logIn(page, JOUR)
    // The night's immediate report about the child is at the top of the jour's queue.
    await expect(page.locator('th[scope=row] a').first()).toHaveText(immediate)
    await expect(page.getByRole('link', { name: standard })).toHaveCount(0)
    // 2 h 30 min after it arrived, unacknowledged: past the 30-minute promise, and marked so.
    await expect(page.getByRole('row').filter({ hasText: immediate })).toContainText('Inte kvitterad')
    await expect(page.getByRole('row').filter({ hasText: immediate })).toContainText('Över 30 min utan kvittens')
    await expect(page.getByRole('row').filter({ hasText: immediate })).toContainText('150 min sedan')
    await expectAccessible(page)

    await page.getByRole('link', { name: immediate }).click()
    await page.waitForURL(/\/personal\/anmalan\//)
    reportPath = new URL(page.url()).pathname
    // The pre-notice about the same child stands out on the report.
    await expect(page.getByRole('region', { name: 'Föranmälan finns om Ella Svensson' })).toContainText(PLAN)
    await page.getByRole('button', { name: 'Kvittera' }).click()
    await expect(page.getByText('Kvitterad av Jonas Jour (Nordost).')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Kvittera' })).toHaveCount(0)

    await page.getByLabel('Vad gjorde jouren?').selectOption({ label: 'Ringde anmälaren' })
    await page.getByRole('button', { name: 'Spara åtgärd' }).click()
    await page.getByLabel('Vad gjorde jouren?').selectOption({ label: 'Hembesök' })
    // 01:30 written at 00:40 would be the night before, when the report did not exist: refused, and what was typed stays.
    await page.getByLabel('Klockan').fill('01:30')
    await page.getByLabel('Anteckning (valfritt)').first().fill('Barnet sover hos mormor i natt.')
    await page.getByRole('button', { name: 'Spara åtgärd' }).click()
    await expect(page.getByRole('alert')).toContainText('Ange en tid mellan då anmälan kom in och nu')
    await expect(page.getByLabel('Anteckning (valfritt)').first()).toHaveValue('Barnet sover hos mormor i natt.')
    await expect(page.locator('.timeline')).not.toContainText('Hembesök')
    await page.getByLabel('Vad gjorde jouren?').selectOption({ label: 'Hembesök' })
    // Written at 00:40: 23:20 means last evening.
    await page.getByLabel('Klockan').fill('23:20')
    await page.getByLabel('Tid det tog, minuter (frivillig)').fill('90')
    await page.getByLabel('Anteckning (valfritt)').first().fill('Barnet sover hos mormor i natt.')
    await page.getByRole('button', { name: 'Spara åtgärd' }).click()
    await expect(page.locator('.timeline')).toContainText('Hembesök (gjort ons 25 nov. 23:20) – 90 min')
    await expect(page.locator('.timeline')).toContainText('Barnet sover hos mormor i natt.')

    await page.getByRole('button', { name: 'Lämna återrapport' }).click()
    await expect(page.getByRole('alert')).toContainText('Skriv återrapporten till kommunen')
    await expectAccessible(page)
    await page.getByLabel('Återrapport till kommunen').fill('Skyddsbedömning gjord, barnet tryggt placerat. Ring mamman i dag.')
    await page.getByRole('button', { name: 'Lämna återrapport' }).click()
    await expect(page.locator('.timeline')).toContainText('lämnade återrapport till kommunen')

    // A second acknowledge, sent straight away, changes nothing.
    const csrf = await page.locator('input[name=csrf]').first().inputValue()
    expect((await page.request.post(reportPath, { form: { csrf, intent: 'acknowledge' }, maxRedirects: 0 })).status()).toBe(303)
  })

  test("in the morning Täby's intake unit sees it handled by the jour, with the jour's actions", async ({ page }) => {
    await at(page, MORNING)
    await logIn(page, TABY_INTAKE)
    await page.goto('/personal?status=all')
    await expect(page.getByRole('row').filter({ hasText: immediate })).toContainText('Hanterad av jouren')
    await page.getByRole('link', { name: immediate }).click()
    await expect(page.locator('.timeline')).toContainText('Ringde anmälaren')
    await expect(page.locator('.timeline')).toContainText('Skyddsbedömning gjord, barnet tryggt placerat.')
    await expect(page.getByText('Kvitterad av').locator('..')).toContainText('Jonas Jour (Nordost)')
    await expectAccessible(page)
  })

  test('the jour lists the active pre-notice; once withdrawn it is gone', async ({ page }) => {
    await at(page, MORNING)
    await logIn(page, JOUR)
    await page.getByRole('link', { name: 'Föranmälningar' }).click()
    await expect(page.getByRole('link', { name: 'Ella Svensson' })).toBeVisible()
    await expectAccessible(page)

    await logIn(page, TABY_INTAKE)
    await page.goto('/personal/foranmalningar')
    await page.getByRole('link', { name: 'Ella Svensson' }).click()
    await page.getByLabel('Plan för jouren').fill(`${PLAN} Mamman har nytt nummer: 070-555 12 34.`)
    await page.getByRole('button', { name: 'Spara föranmälan' }).click()
    await expect(page.getByText('Mamman har nytt nummer').first()).toBeVisible()
    await page.getByRole('button', { name: 'Återkalla föranmälan' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Föranmälningar' })).toBeVisible()
    await expect(page.getByText('Återkallad')).toBeVisible()

    await logIn(page, JOUR)
    await page.goto('/personal/foranmalningar')
    await expect(page.getByRole('link', { name: 'Ella Svensson' })).toHaveCount(0)
  })

  test("after the grace period the report is the municipality's alone", async ({ page }) => {
    await at(page, MORNING)
    await logIn(page, JOUR)
    expect((await page.goto(reportPath))?.status()).toBe(200)
    // Hours later the morning's session has long been idle: sign in again.
    await at(page, AFTER_GRACE)
    await logIn(page, JOUR)
    expect((await page.goto(reportPath))?.status()).toBe(404)
    await page.goto('/personal')
    await expect(page.getByRole('link', { name: immediate })).toHaveCount(0)
  })
})
