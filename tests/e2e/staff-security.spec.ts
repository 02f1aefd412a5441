import { generateTOTP } from '@epic-web/totp'
import { DEMO_PASSWORD } from '../../app/server/seed.server'
import { expectAccessible } from './support/accessibility'
import { answerStepsUntil, expect, SAFETY_ALL_NO, test } from './support/fixtures'
import { AUDITOR, logIn, TABY_INTAKE, VELLINGE_INTAKE } from './support/staff'

/**
 * The back office's promises to the people in the reports: another municipality never
 * sees a report, every staff POST needs its CSRF token, a planted session id is worthless,
 * what a reporter typed is never run as code, and every read is in the audit log.
 */
const XSS = `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"><svg onload="window.__xss = 3">"'&`

test.describe.configure({ mode: 'serial' })

test.describe('back-office security', () => {
  let reportPath = ''
  let reference = ''

  test('what a reporter typed is shown as text on every staff page, never run', async ({ page }) => {
    await answerStepsUntil(page, '/anmalan/kontrollera', {
      '/anmalan/kommun': { municipality: '0160' },
      '/anmalan/personer': { 'people[0].name': XSS, 'people[0].whereabouts': XSS, 'people[0].school': XSS, 'people[0].guardians': XSS },
      '/anmalan/oro': { categories: 'other', description: XSS },
      '/anmalan/sakerhet': SAFETY_ALL_NO,
      '/anmalan/kontaktuppgifter': { anonymous: 'no', name: XSS, phone: '070-123 45 67', relation: XSS },
    })
    await page.goto('/anmalan/kontrollera')
    await page.getByRole('button', { name: 'Skicka anmälan' }).click()
    reference = await page.locator('.panel__reference').innerText()
    await page.context().clearCookies()

    await logIn(page, TABY_INTAKE)
    await page.goto('/personal?status=all')
    await page.getByRole('link', { name: reference }).click()
    await page.waitForURL(/\/personal\/anmalan\/[0-9a-f-]{36}$/)
    reportPath = new URL(page.url()).pathname
    await expect(page.getByText(XSS).first()).toBeVisible()
    expect(await page.getByText(XSS).count()).toBeGreaterThanOrEqual(5)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    await page.getByRole('link', { name: 'Utskriftsvy' }).click()
    await expect(page.getByText(XSS).first()).toBeVisible()
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    await expectAccessible(page)
  })

  test('another municipality gets "not found" for the report, its print view and its actions', async ({ page }) => {
    await logIn(page, VELLINGE_INTAKE)
    for (const path of [reportPath, `${reportPath}/utskrift`]) {
      const response = await page.goto(path)
      expect(response?.status()).toBe(404)
      await expect(page.getByRole('heading', { level: 1, name: 'Sidan finns inte' })).toBeVisible()
      await expect(page.getByText(reference)).toHaveCount(0)
      // Inside the staff frame, with the way back to the queue; not the public page with its 112 footer.
      await expect(page.getByRole('navigation', { name: 'Orosanmälan – personal' }).getByRole('link', { name: 'Anmälningar', exact: true })).toBeVisible()
      await expect(page.getByRole('button', { name: 'Logga ut', exact: true })).toBeVisible()
      await expect(page.getByRole('main').getByRole('link', { name: 'Tillbaka till anmälningarna' })).toHaveAttribute('href', '/personal')
      await expect(page.getByRole('link', { name: 'Hoppa till innehållet' })).toHaveAttribute('href', '#main')
      await expect(page.getByRole('contentinfo')).toHaveCount(0)
    }
    await expectAccessible(page)
    // A well-formed request with this session's own CSRF token still finds nothing to act on.
    await page.goto('/personal')
    const csrf = await page.locator('input[name=csrf]').first().inputValue()
    const acted = await page.request.post(reportPath, { form: { csrf, intent: 'assign' }, maxRedirects: 0 })
    expect(acted.status()).toBe(404)
  })

  test("a staff POST without the session's CSRF token is refused", async ({ page }) => {
    await logIn(page, TABY_INTAKE)
    const missing = await page.request.post(reportPath, { form: { intent: 'assign' }, maxRedirects: 0 })
    expect(missing.status()).toBe(403)
    const forged = await page.request.post(reportPath, { form: { intent: 'assign', csrf: 'x'.repeat(32) }, maxRedirects: 0 })
    expect(forged.status()).toBe(403)
    const logout = await page.request.post('/personal/logga-ut', { form: {}, maxRedirects: 0 })
    expect(logout.status()).toBe(403)
  })

  test('the session id changes at login: one planted before it is worthless', async ({ page, browser }) => {
    const { halfway, full } = await logIn(page, TABY_INTAKE)
    expect(halfway).toBeTruthy()
    expect(full).toBeTruthy()
    expect(full).not.toBe(halfway)
    const attacker = await browser.newContext({ baseURL: new URL(page.url()).origin })
    await attacker.addCookies([{ name: 'oro_staff', value: halfway!, url: new URL(page.url()).origin }])
    const attackerPage = await attacker.newPage()
    await attackerPage.goto('/personal')
    await expect(attackerPage.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible()
    await attacker.close()
  })

  test('the auditor sees every read made during the test', async ({ page }) => {
    await logIn(page, AUDITOR)
    await expect(page.getByRole('heading', { level: 1, name: 'Granskningslogg' })).toBeVisible()
    const rows = page.getByRole('row').filter({ hasText: reference })
    await expect(rows.filter({ hasText: 'Läste anmälan' }).first()).toBeVisible()
    await expect(rows.filter({ hasText: 'Skrev ut anmälan' }).first()).toBeVisible()
    await expect(rows.filter({ hasText: 'Maja Mottagning (Täby)' }).first()).toBeVisible()
    await expectAccessible(page)

    // The search: by reference (as a person types it) and kind of event; the filters stay in the address.
    await page.getByLabel('Ärendenummer').fill(reference.toLowerCase().replace(/-/g, ' '))
    await page.getByLabel('Händelse', { exact: true }).selectOption({ label: 'Skrev ut anmälan' })
    await page.getByRole('button', { name: 'Sök' }).click()
    await expect(page).toHaveURL(/handelse=report\.print/)
    const found = page.getByRole('table', { name: 'Granskningslogg' }).getByRole('row')
    await expect(found).toHaveCount(2)
    await expect(found.nth(1)).toContainText('Skrev ut anmälan')
    await expect(found.nth(1)).toContainText(reference)
    await expectAccessible(page)
    const csv = await page.request.get((await page.getByRole('link', { name: /Ladda ner sökresultatet som CSV-fil/ }).getAttribute('href')) ?? '')
    expect(csv.status()).toBe(200)
    const exported = (await csv.text()).split('\r\n')
    expect(exported).toHaveLength(3)
    expect(exported[1]).toContain(`;Skrev ut anmälan;;${reference}`)
    // What does not parse is said beside its field, never searched wider.
    await page.getByLabel('Ärendenummer').fill('19800101-1234')
    await page.getByRole('button', { name: 'Sök' }).click()
    await expect(page.getByRole('heading', { level: 2, name: 'Det finns ett problem' })).toBeVisible()
    await expect(page).toHaveTitle(/^Fel: /)
    await expect(page.getByRole('table', { name: 'Granskningslogg' })).toHaveCount(0)
    await expectAccessible(page)
    // Auditors read the log, not reports.
    const response = await page.goto(reportPath)
    expect(response?.status()).toBe(404)
  })
})

test('a new staff member enrols a second factor at the first login and gets recovery codes', async ({ page }) => {
  await page.goto('/personal/logga-in')
  await page.getByLabel('E-postadress').fill('ny.mottagning@demo.orosanmalan.se')
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Aktivera tvåstegsverifiering' })).toBeVisible()
  await expect(page.getByRole('img', { name: 'QR-kod med nyckeln för autentiseringsappen' })).toBeVisible()
  await expectAccessible(page)
  const secret = await page.locator('code.secret').innerText()
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/)

  await page.getByLabel('Kod från appen').fill('000000')
  await page.getByRole('button', { name: 'Aktivera' }).click()
  await expect(page.getByRole('alert')).toContainText('Koden stämmer inte')

  const { otp } = await generateTOTP({ secret })
  await page.getByLabel('Kod från appen').fill(otp)
  await page.getByRole('button', { name: 'Aktivera' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dina reservkoder' })).toBeVisible()
  await expect(page.locator('.recovery-codes li')).toHaveCount(8)
  await expectAccessible(page)
  await page.reload()
  await expect(page.locator('.recovery-codes li')).toHaveCount(0)
  await expect(page.getByText('Reservkoderna visas bara en gång')).toBeVisible()
  await page.getByRole('link', { name: 'Till anmälningarna' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Anmälningar' })).toBeVisible()
  // Only auditors read the audit log; to anyone else it does not exist.
  const response = await page.goto('/personal/granskning')
  expect(response?.status()).toBe(404)
})
