import type { Page } from '@playwright/test'
import type pg from 'pg'
import { expectAccessible } from './support/accessibility'
import { appDatabase } from './support/app-database'
import { expect, JAVASCRIPT_MODES, test } from './support/fixtures'
import { logIn } from './support/staff'

/**
 * An administrator of Sociala jouren syd's host municipality changes who is paged: a
 * mistake is explained and loses nothing typed, the saved rota shows who is on call in the
 * coming weeks. Another region's administrator cannot open it.
 */
const SYD_ADMIN = 'admin.syd@demo.orosanmalan.se'
const NORDOST_ADMIN = 'admin.nordost@demo.orosanmalan.se'

test.describe.configure({ mode: 'serial' })

let db: pg.Client
let savedRota: unknown[]
let savedJour: Record<string, unknown>
let savedSjobo: Record<string, unknown>
test.beforeAll(async () => {
  db = await appDatabase()
  savedSjobo = (await db.query(`select intake_email, office_hours, day_before_holiday_closes_at from municipalities where code = '1264'`)).rows[0]
  savedRota = (await db.query(`select * from on_call_rota where jour_id = 'syd' order by position`)).rows
  savedJour = (await db.query(`select page_backup_after_seconds, page_everyone_after_seconds, page_repeat_seconds, shared_email, manager_email from jour_units where id = 'syd'`))
    .rows[0]
})
// Put Sociala jouren syd back as it was, so the run can be repeated and no other test sees our pair.
test.afterAll(async () => {
  await db.query('begin')
  await db.query(`delete from on_call_rota where jour_id = 'syd'`)
  await db.query(`insert into on_call_rota select * from json_populate_recordset(null::on_call_rota, $1)`, [JSON.stringify(savedRota)])
  await db.query(
    `update jour_units set (page_backup_after_seconds, page_everyone_after_seconds, page_repeat_seconds, shared_email, manager_email) = (select * from json_to_record($1) as j(page_backup_after_seconds int, page_everyone_after_seconds int, page_repeat_seconds int, shared_email text, manager_email text)) where id = 'syd'`,
    [JSON.stringify(savedJour)],
  )
  await db.query(`delete from intake_closures where municipality_code = '1264'`)
  await db.query(`update municipalities set intake_email = $1, office_hours = $2, day_before_holiday_closes_at = $3 where code = '1264'`, [
    savedSjobo.intake_email,
    savedSjobo.office_hours === null ? null : JSON.stringify(savedSjobo.office_hours),
    savedSjobo.day_before_holiday_closes_at,
  ])
  await db.query('commit')
  await db.end()
})

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`Changing who is paged, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('an administrator adds a pair to the rota after fixing what the form explains', async ({ page }) => {
      const name = `Petra Prov ${mode.javaScriptEnabled ? 'med' : 'utan'} JS`
      const local = `petra.${mode.javaScriptEnabled ? 'js' : 'nojs'}`
      await logIn(page, SYD_ADMIN)
      await page.getByRole('link', { name: 'Ändra larm och jourschema för Sociala jouren syd' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Larm och jourschema: Sociala jouren syd' })).toBeVisible()
      await expectAccessible(page)
      const pairs = await page.getByRole('group', { name: /^Par \d+$/ }).count()

      const everyone = page.getByLabel('Larma jourens gemensamma adress och chefen efter, minuter')
      await everyone.fill('45')
      const newPair = page.getByRole('group', { name: 'Nytt par' }).first()
      await newPair.getByLabel('Förstajour, namn').fill(name)
      await newPair.getByLabel('Förstajour, e-postadress i arbetet').fill('inte-en-adress')
      await page.getByRole('button', { name: 'Spara' }).click()

      const summary = page.getByRole('alert')
      await expect(summary).toContainText('Det finns ett problem')
      await expect(summary).toContainText('Skriv högst 30 minuter')
      await expect(summary).toContainText('Skriv e-postadressen som namn@exempel.se')
      await expect(summary).toContainText('Skriv namnet')
      await expect(summary).toContainText('Skriv e-postadressen i arbetet')
      // Nothing typed is lost.
      await expect(everyone).toHaveValue('45')
      const typedPair = page.getByRole('group', { name: 'Nytt par' }).first()
      await expect(typedPair.getByLabel('Förstajour, namn')).toHaveValue(name)
      await expect(typedPair.getByLabel('Förstajour, e-postadress i arbetet')).toHaveValue('inte-en-adress')
      await expectAccessible(page)

      await everyone.fill('20')
      await typedPair.getByLabel('Förstajour, e-postadress i arbetet').fill(`${local}@kommun.test`)
      await typedPair.getByLabel('Bakjour, namn').fill('Rune Reserv')
      await typedPair.getByLabel('Bakjour, e-postadress i arbetet').fill(`rune.${local}@kommun.test`)
      await page.getByRole('button', { name: 'Spara' }).click()

      await expect(page.getByRole('status')).toContainText('Ändringarna är sparade')
      const added = page.getByRole('group', { name: `Par ${pairs + 1}` })
      await expect(added.getByLabel('Förstajour, namn')).toHaveValue(name)
      await expect(everyone).toHaveValue('20')
      // With one more pair in turn, the new one is on call within the eight weeks shown.
      await expect(page.getByRole('table', { name: 'Vem har jour de kommande veckorna' })).toContainText(name)
      await expectAccessible(page)

      // The pair is removed again the same way an administrator would.
      await added.getByLabel(`Ta bort par ${pairs + 1}`).check()
      await page.getByRole('button', { name: 'Spara' }).click()
      await expect(page.getByRole('status')).toContainText('Ändringarna är sparade')
      await expect(page.getByRole('group', { name: /^Par \d+$/ })).toHaveCount(pairs)
      await expect(page.getByRole('table', { name: 'Vem har jour de kommande veckorna' })).not.toContainText(name)
    })
  })
}

test("another region's administrator cannot open the rota", async ({ page }) => {
  await logIn(page, NORDOST_ADMIN)
  await expect(page.getByRole('link', { name: 'Ändra larm och jourschema för Socialjouren Nordost' })).toBeVisible()
  await expect(page.getByRole('link', { name: /Sociala jouren syd/ })).toHaveCount(0)
  expect((await page.goto('/personal/jourer/syd'))?.status()).toBe(404)
})

test('an administrator reads the statistics per tertial and downloads them for the report', async ({ page }) => {
  await logIn(page, NORDOST_ADMIN)
  await page.getByRole('link', { name: 'Statistik' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Statistik' })).toBeVisible()
  const reports = page.getByRole('table', { name: 'Anmälningar och jouren' })
  await expect(reports.getByRole('rowheader', { name: 'Täby' })).toBeVisible()
  await expect(reports.getByRole('rowheader', { name: 'Totalt' })).toBeVisible()
  // Only the administrator's own municipalities.
  await expect(reports.getByRole('rowheader', { name: 'Vellinge' })).toHaveCount(0)
  // Each table has a chart above it, drawn on the server: an image with a name and the numbers in words.
  for (const name of [/^Anmälningar per månad och nivå, Tertial \d \d{4}$/, /^Kommunernas andel av jourens anmälningar/, /^Andel skyddsbedömningar och beslut i tid/]) {
    const chart = page.getByRole('img', { name })
    await expect(chart).toBeVisible()
    await expect(chart).toHaveAccessibleDescription(/Samma siffror finns i tabellen under diagrammet\.$/)
  }
  await expect(page.getByRole('img', { name: /^Kommunernas andel/ })).toHaveAccessibleDescription(/Täby: (\d+ %|inget att räkna än)/)
  await expect(page.getByRole('table', { name: 'Anmälningar per månad' }).getByRole('row')).toHaveCount(5)
  await expectAccessible(page)

  await page.getByLabel('Period').selectOption({ label: 'Tertial 2 2026' })
  await page.getByRole('button', { name: 'Visa' }).click()
  await expect(page).toHaveURL(/period=2026-T2/)
  await expect(page.getByLabel('Period')).toHaveValue('2026-T2')

  const csv = await page.request.get((await page.getByRole('link', { name: /som CSV-fil/ }).getAttribute('href')) ?? '')
  expect(csv.status()).toBe(200)
  expect(csv.headers()['content-type']).toContain('text/csv')
  const text = await csv.text()
  expect(text.split('\r\n')[0]).toMatch(/^\uFEFF?Kommun;Kommunkod;Anmälningar;/)
  expect(text).toMatch(/\r\nTäby;0160;\d+;/)
  expect(text).not.toContain('Vellinge')
})

test.describe("An intake unit's hours and closed days, without JavaScript", () => {
  test.use({ javaScriptEnabled: false })

  test('an administrator adds a klämdag and changes a day, fixing what the form explains', async ({ page }) => {
    // A month ahead, in Stockholm's calendar.
    const klamdag = new Date(Date.now() + 30 * 24 * 3_600_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' })
    await logIn(page, SYD_ADMIN)
    await page.getByRole('link', { name: 'Kommuner' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Kommuner' })).toBeVisible()
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Sjöbo' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Mottagningen i Sjöbo' })).toBeVisible()
    await expectAccessible(page)

    await page.getByLabel('Måndag').fill('08:00')
    const newDay = page.getByRole('group', { name: 'Ny stängd dag' }).first()
    await newDay.getByLabel('Datum').fill('2020-01-02')
    await newDay.getByLabel('Anledning').fill('Personaldag')
    await page.getByRole('button', { name: 'Spara' }).click()

    const summary = page.getByRole('alert')
    await expect(summary).toContainText('Skriv tiderna som öppnar-stänger')
    await expect(page.getByLabel('Måndag')).toHaveValue('08:00')
    await expect(summary).toContainText('Datumet har redan varit')
    await expect(page.getByRole('group', { name: 'Ny stängd dag' }).first().getByLabel('Anledning')).toHaveValue('Personaldag')
    await expectAccessible(page)

    // With a lunch closure, typed as people do.
    await page.getByLabel('Måndag').fill('8-12, 13-16.00')
    // No mailbox: nothing is sent, and the operations page says so.
    await page.getByLabel('Mottagningens funktionsbrevlåda (frivillig)').fill('')
    await page.getByRole('group', { name: 'Ny stängd dag' }).first().getByLabel('Datum').fill(klamdag)
    await page.getByRole('button', { name: 'Spara' }).click()

    await expect(page.getByRole('status')).toContainText('Ändringarna är sparade')
    await expect(page.getByLabel('Måndag')).toHaveValue('08:00-12:00, 13:00-16:00')
    const saved = page.getByRole('group', { name: 'Stängd dag 1' })
    await expect(saved.getByLabel('Datum')).toHaveValue(klamdag)
    await expect(saved.getByLabel('Anledning')).toHaveValue('Personaldag')
    // Sociala jouren syd takes every hour the office is closed.
    await expect(page.getByText('Under de kommande 365 dagarna läser alltid mottagningen eller Sociala jouren syd anmälningarna.')).toBeVisible()

    await page.getByRole('link', { name: 'Drift och jour' }).first().click()
    const toFix = page.getByRole('listitem').filter({ hasText: 'ingen adress till mottagningen' })
    await expect(toFix).toContainText('Sjöbo')
    await expectAccessible(page)
    await toFix.getByRole('link', { name: 'Sjöbo' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Mottagningen i Sjöbo' })).toBeVisible()
  })
})

test('an administrator creates an account; the new colleague chooses a password from the e-mail and signs in to enrol', async ({ page }) => {
  const address = `ny.kollega.${Date.now()}@sjobo.test`
  await logIn(page, SYD_ADMIN)
  await page.getByRole('link', { name: 'Personal', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Personal' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Personal' })).toContainText('mottagning.vellinge@demo.orosanmalan.se')
  await expectAccessible(page)

  await page.getByRole('link', { name: 'Skapa konto' }).click()
  await page.getByLabel('Namn').fill('Nora Nykomling')
  await page.getByRole('button', { name: 'Skapa konto och skicka inbjudan' }).click()
  const summary = page.getByRole('alert')
  await expect(summary).toContainText('Skriv personens e-postadress i arbetet')
  await expect(summary).toContainText('Välj om personen arbetar i mottagningen eller i jouren')
  await expect(page.getByLabel('Namn')).toHaveValue('Nora Nykomling')
  await expectAccessible(page)

  await page.getByLabel('E-postadress i arbetet').fill(address)
  await page.getByLabel('mottagningen').check()
  await page.getByRole('group', { name: 'Kommuner' }).getByLabel('Sjöbo').check()
  await page.getByRole('button', { name: 'Skapa konto och skicka inbjudan' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nora Nykomling' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText(`En inbjudan har skickats till ${address}`)
  await expect(page.getByText('Inbjudan skickad')).toBeVisible()
  await expectAccessible(page)
  // She will read Simrishamn's reports too.
  await page.getByRole('group', { name: 'Kommuner' }).getByLabel('Simrishamn').check()
  await page.getByRole('button', { name: 'Spara' }).click()
  await expect(page.getByRole('status')).toContainText('Ändringen är sparad')
  await expect(page.getByText('Simrishamn, Sjöbo')).toBeVisible()

  // The invitation as the mail catcher caught it.
  let link: string | undefined
  await expect(async () => {
    await page.goto('/dev/mail')
    const text = await page.getByRole('listitem').filter({ hasText: address }).locator('pre').first().textContent({ timeout: 1000 })
    link = /\/personal\/inbjudan\/[A-Za-z0-9_-]+/.exec(text ?? '')?.[0]
    expect(link).toBeTruthy()
  }).toPass({ timeout: 20_000 })

  // The colleague, in a browser of their own.
  await page.context().clearCookies()
  await page.goto(link!)
  await expect(page.getByRole('heading', { level: 1, name: 'Välj ditt lösenord' })).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Nytt lösenord').fill('för kort')
  await page.getByLabel('Skriv lösenordet igen').fill('för kort')
  await page.getByRole('button', { name: 'Spara lösenordet' }).click()
  await expect(page.getByRole('alert')).toContainText('Lösenordet behöver minst 12 tecken')
  // A refused password is not sent back in the page.
  const refused = await page.request.post(link!, { form: { password: 'hemligt ord', confirm: 'hemligt ord' }, headers: { Origin: new URL(page.url()).origin } })
  expect(refused.status()).toBe(400)
  expect(await refused.text()).not.toContain('hemligt ord')

  const password = 'sjöbo har en lång fras'
  await page.getByLabel('Nytt lösenord').fill(password)
  await page.getByLabel('Skriv lösenordet igen').fill(password)
  await page.getByRole('button', { name: 'Spara lösenordet' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('Lösenordet är sparat')

  await page.getByLabel('E-postadress').fill(address)
  await page.getByLabel('Lösenord').fill(password)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Aktivera tvåstegsverifiering' })).toBeVisible()

  // The link works once.
  expect((await page.goto(link!))?.status()).toBe(410)
  await expect(page.getByRole('heading', { level: 1, name: 'Länken fungerar inte längre' })).toBeVisible()
})

test('an administrator creates an account with the keyboard alone: the error summary leads to the field, the role reveals its choices', async ({ page }) => {
  await logIn(page, SYD_ADMIN)
  await page.goto('/personal/konton/ny')
  const tabTo = async (target: ReturnType<Page['getByLabel']>) => {
    for (let presses = 0; presses < 40 && !(await target.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press('Tab')
    await expect(target).toBeFocused()
  }
  await tabTo(page.getByLabel('Namn'))
  await page.keyboard.type('Kim Tangent')
  // Enter in a field sends the form, as people expect.
  await page.keyboard.press('Enter')
  const summary = page.getByRole('alert')
  await expect(summary).toContainText('Skriv personens e-postadress i arbetet')
  const toEmail = summary.getByRole('link', { name: 'Skriv personens e-postadress i arbetet' })
  await tabTo(toEmail)
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('E-postadress i arbetet')).toBeFocused()
  await page.keyboard.type(`kim.tangent.${Date.now()}@ystad.test`)

  // Radios: Tab into the group, arrows choose; the chosen role's municipalities appear.
  const intake = page.getByLabel('mottagningen', { exact: true })
  await tabTo(intake)
  await page.keyboard.press('Space')
  await expect(intake).toBeChecked()
  const ystad = page.getByRole('group', { name: 'Kommuner' }).getByLabel('Ystad')
  await tabTo(ystad)
  await page.keyboard.press('Space')
  await expect(ystad).toBeChecked()
  await tabTo(page.getByRole('button', { name: 'Skapa konto och skicka inbjudan' }))
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Kim Tangent' })).toBeVisible()
  await expect(page.locator('dd').filter({ hasText: /^Ystad$/ })).toBeVisible()
})
