import { answerStepsUntil, expect, JAVASCRIPT_MODES, test } from './support/fixtures'

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`Errors are shown and fixed, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('an empty step says what is missing at the top and beside the field', async ({ page, form }) => {
      const step = form.municipality
      await step.goto()
      await step.continue()

      await step.verifyOnPage({ error: true })
      await expect(page).toHaveTitle(/^Fel: /)
      const summary = step.errorSummary()
      await summary.expectMessages(['Välj kommun, eller välj att du inte vet'])
      if (mode.javaScriptEnabled) await summary.expectFocused()
      // Beside the field, with a visually hidden "Fel:", tied to it by aria-describedby.
      await expect(page.getByText('Fel: Välj kommun, eller välj att du inte vet')).toBeVisible()
      await expect(step.select).toHaveAccessibleDescription(/Fel: Välj kommun, eller välj att du inte vet$/)
      await expect(step.select).toHaveAttribute('aria-invalid', 'true')

      await summary.link('Välj kommun, eller välj att du inte vet').click()
      await expect(step.select).toBeFocused()

      await step.choose('Orust')
      await form.concerns.verifyOnPage()
      await expect(step.errorSummary().alert).toHaveCount(0)
    })

    test('what was typed is kept when a personnummer is wrong, and each error links to its field', async ({ page, form }) => {
      await answerStepsUntil(page, '/anmalan/personer')
      const people = form.people
      await people.goto()
      await people.fillChild(1, { name: 'Alva', personalIdentityNumber: '20150412-1234', approximateAge: '25', school: 'Orust skola' })
      await people.continue()

      await people.verifyOnPage({ error: true })
      const summary = people.errorSummary()
      const wrongNumber = 'Personnumret eller samordningsnumret stämmer inte. Skriv 12 siffror, till exempel 20150412-1234, eller lämna fältet tomt'
      const notAChild = 'Ett barn är under 18 år. Skriv en ålder från 0 till 17, eller välj en vuxen'
      await summary.expectMessages([wrongNumber, notAChild])
      if (mode.javaScriptEnabled) await summary.expectFocused()

      const number = people.field(1, 'Personnummer eller samordningsnummer')
      const age = people.field(1, 'Ungefärlig ålder')
      await expect(number).toHaveAccessibleDescription(`12 siffror, till exempel 20150412-1234. Fel: ${wrongNumber}`)
      await expect(age).toHaveAccessibleDescription(`Om du inte vet födelsedatum. I år. Fel: ${notAChild}`)
      await expect(people.field(1, 'Namn')).not.toHaveAttribute('aria-invalid')
      // Nothing typed is lost, the wrong answers included, so they can be corrected.
      await expect(people.field(1, 'Namn')).toHaveValue('Alva')
      await expect(people.field(1, 'Skola eller förskola')).toHaveValue('Orust skola')
      await expect(number).toHaveValue('20150412-1234')
      await expect(age).toHaveValue('25')

      await summary.link(notAChild).click()
      await expect(age).toBeFocused()
      await summary.link(wrongNumber).click()
      await expect(number).toBeFocused()

      await number.fill('')
      await age.fill('6')
      await people.continue()
      await form.concern.verifyOnPage()
    })

    test('never lets a professional reporter be anonymous', async ({ page, form }) => {
      await answerStepsUntil(page, '/anmalan/kontaktuppgifter', { '/anmalan/om-dig': { kind: 'professional' } })
      const reporter = form.professionalReporter
      await reporter.goto()
      await expect(page.getByRole('radio', { name: /anonym/i })).toHaveCount(0)
      await expect(page.getByText(/anonym/i)).toHaveCount(0)

      await reporter.continue()
      await reporter.verifyOnPage({ error: true })
      const summary = reporter.errorSummary()
      // One link per missing answer, in the order the page asks for them.
      await summary.expectMessages([
        'Skriv ditt namn',
        'Skriv ditt telefonnummer i arbetet',
        'Skriv din e-postadress i arbetet',
        'Välj vilken sorts verksamhet du arbetar i',
        'Skriv namnet på verksamheten',
        'Skriv din roll eller yrkestitel',
        'Välj om vårdnadshavarna vet om anmälan',
      ])
      if (mode.javaScriptEnabled) await summary.expectFocused()
      await expect(reporter.textbox('Namn')).toHaveAccessibleDescription('Fel: Skriv ditt namn')
      await summary.link('Skriv namnet på verksamheten').click()
      await expect(reporter.textbox('Verksamhetens namn')).toBeFocused()

      // Half done: what was given stays, only what is missing is asked for.
      await reporter.textbox('Namn').fill('Karin Lund')
      await reporter.textbox('Telefonnummer').fill('0304-123 45')
      await reporter.textbox('E-postadress').fill('karin.lund@orust.example.se')
      await reporter.continue()
      await reporter.verifyOnPage({ error: true })
      await expect(summary.link('Skriv ditt namn')).toHaveCount(0)
      await expect(summary.link('Skriv namnet på verksamheten')).toBeVisible()
      await expect(reporter.textbox('Namn')).toHaveValue('Karin Lund')
      await expect(reporter.textbox('E-postadress')).toHaveValue('karin.lund@orust.example.se')

      // Even a forged "anonymous" answer is refused by the server.
      const forged = await page.request.post('/anmalan/kontaktuppgifter', { form: { anonymous: 'yes' }, maxRedirects: 0 })
      expect(forged.status()).toBe(400)
      await page.goto('/anmalan/kontrollera')
      await reporter.verifyOnPage()
    })
  })
}
