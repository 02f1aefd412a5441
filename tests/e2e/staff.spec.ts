import type { Page } from '@playwright/test'
import { expectAccessible } from './support/accessibility'
import { answerStepsUntil, expect, SAFETY_ALL_NO, test } from './support/fixtures'
import { logIn as signIn, TABY_INTAKE, VELLINGE_INTAKE } from './support/staff'

/**
 * The intake unit's morning: last night's reports to Vellinge, in the order the law needs
 * them read. Vellinge is used by no other journey, so the queue holds only these.
 */
const MORNING = '2026-11-24T07:30:00Z' // Tuesday 08:30 in Stockholm

async function reportAt(page: Page, at: string, safety: Record<string, string>, categories = 'neglect', personalIdentityNumber = ''): Promise<string> {
  await page.context().setExtraHTTPHeaders({ 'x-test-now': at })
  await answerStepsUntil(page, '/anmalan/kontrollera', {
    '/anmalan/kommun': { municipality: '1233' },
    '/anmalan/sakerhet': safety,
    '/anmalan/personer': { 'people[0].name': 'Alva', 'people[0].personalIdentityNumber': personalIdentityNumber },
    '/anmalan/oro': { categories, description: 'Barnet berättade i skolan om hur det har det hemma.' },
  })
  await page.goto('/anmalan/kontrollera')
  await page.getByRole('button', { name: 'Skicka anmälan' }).click()
  const reference = await page.locator('.panel__reference').innerText()
  await page.context().clearCookies()
  return reference
}

async function logIn(page: Page, email: string) {
  await page.context().setExtraHTTPHeaders({ 'x-test-now': MORNING })
  await signIn(page, email, expectAccessible)
}

test.describe.configure({ mode: 'serial' })

test.describe('the morning after', () => {
  const references: Record<string, string> = {}

  test("last night's reports reach Vellinge's queue, most urgent first, with their deadlines", async ({ page }) => {
    references.standard = await reportAt(page, '2026-11-23T21:00:00Z', SAFETY_ALL_NO, 'neglect', '20150412-1235')
    references.immediate = await reportAt(page, '2026-11-23T22:00:00Z', { ...SAFETY_ALL_NO, afraidToGoHome: 'yes' }, 'neglect', '150412-1235')
    references.urgent = await reportAt(page, '2026-11-24T00:30:00Z', SAFETY_ALL_NO, 'physicalViolence')

    await logIn(page, VELLINGE_INTAKE)
    await expectAccessible(page)
    const rows = page.getByRole('table').getByRole('row')
    const order = await rows.locator('th[scope=row] a').allInnerTexts()
    expect(order).toEqual([references.immediate, references.urgent, references.standard])

    const immediateRow = rows.filter({ hasText: references.immediate! })
    await expect(immediateRow).toContainText('Akut')
    await expect(immediateRow).toContainText('Personen vågar inte gå hem.')
    // After hours: the protection assessment is due by the close of the next working day.
    await expect(immediateRow.locator('td').nth(2)).toContainText('tis 24 nov. 16:30')
    await expect(rows.filter({ hasText: references.urgent! })).toContainText('Ett barn och våld eller sexuella övergrepp')

    await page.getByLabel('Nivå').selectOption({ label: 'Akut' })
    await page.getByRole('button', { name: 'Visa' }).click()
    await expect(page.getByRole('table').locator('th[scope=row] a')).toHaveText([references.immediate!])
  })

  test('the intake unit reads a report, records the protection assessment and the decision, and transfers another', async ({ page }) => {
    await logIn(page, VELLINGE_INTAKE)
    await page.getByRole('link', { name: references.immediate }).click()
    await expect(page.getByRole('heading', { level: 1, name: `Anmälan ${references.immediate}` })).toBeVisible()
    await expect(page.getByText('Personen vågar inte gå hem.')).toBeVisible()
    // The same child, by personnummer typed another way, reported an hour earlier.
    await expect(page.locator('.earlier-reports')).toContainText(references.standard!)
    await expect(page.locator('.earlier-reports')).not.toContainText(references.urgent!)
    await expectAccessible(page)

    await page.getByRole('button', { name: 'Ta ärendet' }).click()
    await expect(page.getByText('Du handlägger ärendet.')).toBeVisible()

    await page.getByRole('button', { name: 'Spara skyddsbedömning' }).click()
    await expect(page.getByRole('alert')).toContainText('Välj om barnet eller personen behöver skydd omedelbart')
    await expectAccessible(page)
    await page.getByRole('group', { name: 'Behöver barnet eller personen skydd omedelbart?' }).getByLabel('Ja').check()
    await page.getByLabel('Anteckning (valfritt)').fill('Placerad hos mormor i natt enligt jouren.')
    await page.getByRole('button', { name: 'Spara skyddsbedömning' }).click()
    await expect(page.getByText('Behov av omedelbart skydd').first()).toBeVisible()

    await page.getByLabel('Inled utredning').check()
    await page.getByLabel('Motivering').fill('Barnet uppger våld i hemmet.')
    await page.getByRole('button', { name: 'Spara beslut' }).click()
    await expect(page.getByText('Beslutad')).toBeVisible()
    await expect(page.getByRole('list').filter({ hasText: 'fattade beslut' })).toContainText('Barnet uppger våld i hemmet.')

    await page.goto('/personal')
    await page.getByRole('link', { name: references.standard }).click()
    await page.getByLabel('Kommun', { exact: true }).selectOption({ label: 'Täby' })
    await page.getByLabel('Skäl').fill('Familjen bor i Täby enligt folkbokföringen.')
    await page.getByRole('button', { name: 'Överlämna anmälan' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Anmälningar' })).toBeVisible()
    await expect(page.getByRole('link', { name: references.standard })).toHaveCount(0)
  })

  test("another municipality's staff see none of them", async ({ page }) => {
    await logIn(page, TABY_INTAKE)
    const shown = await page.locator('th[scope=row] a').allInnerTexts()
    expect(shown).not.toContain(references.immediate)
    expect(shown).not.toContain(references.urgent)
    // The transferred report is Täby's now.
    expect(shown).toContain(references.standard)
  })

  test('a wrong password and a wrong code are refused with a clear message', async ({ page }) => {
    await page.goto('/personal/logga-in')
    await page.getByLabel('E-postadress').fill(VELLINGE_INTAKE)
    await page.getByLabel('Lösenord').fill('fel-lösenord')
    await page.getByRole('button', { name: 'Logga in' }).click()
    await expect(page.getByRole('alert')).toContainText('Fel e-postadress eller lösenord')
    await expect(page).toHaveTitle(/^Fel: /)
    await expect(page.getByLabel('E-postadress')).toHaveValue(VELLINGE_INTAKE)
    await expectAccessible(page)
  })

  test('signing out ends the session', async ({ page }) => {
    await logIn(page, VELLINGE_INTAKE)
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible()
    await page.goto('/personal')
    await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible()
  })
})
