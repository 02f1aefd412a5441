import { expect, JAVASCRIPT_MODES, test } from './support/fixtures'

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`A school employee reports two siblings, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('a professional reporter names two children, says why the guardians do not know, and sends', async ({ page, form }) => {
      await form.municipality.goto()
      // The teacher does not know where the family is registered: the report goes where the children are.
      await form.municipality.select.selectOption({ label: 'Jag vet inte' })
      await form.municipality.continue()

      await form.whereabouts.verifyOnPage()
      await expect(form.whereabouts.backLink()).toHaveAttribute('href', '/anmalan/kommun')
      await form.whereabouts.choose('Vänersborg')

      await form.concerns.verifyOnPage()
      await expect(form.concerns.backLink()).toHaveAttribute('href', '/anmalan/vistelseort')
      await form.concerns.choose('Ett eller flera barn')

      const people = form.people
      await people.verifyOnPage()
      await people.fillChild(1, { name: 'Elsa Andersson', personalIdentityNumber: '20150412-2381', school: 'Solbackens skola' })
      // Adding a child keeps what was typed for the first, with or without JavaScript.
      await people.addChild()
      await people.verifyOnPage()
      await expect(people.child(2)).toBeVisible()
      await expect(people.field(1, 'Namn')).toHaveValue('Elsa Andersson')
      await expect(people.field(1, 'Personnummer eller samordningsnummer')).toHaveValue('20150412-2381')
      await expect(page.getByRole('button', { name: 'Ta bort Barn 2' })).toBeVisible()
      await people.fillChild(2, {
        name: 'Noah Andersson',
        birthDate: '2018-09-30',
        school: 'Solbackens skola',
        interpreterLanguage: 'Arabiska',
      })
      await people.continue()

      await form.concern.verifyOnPage()
      await form.concern.answer(
        ['Fysiskt våld', 'Psykiskt våld, hot eller kränkningar'],
        'Elsa har blåmärken på armarna och säger att pappa blir arg. Noah vill inte gå hem efter fritids.',
      )

      await form.safety.verifyOnPage()
      await form.safety.answer({ 'Är någon skadad?': 'Ja', 'Vågar personen inte gå hem?': 'Ja' })

      await form.reporterKind.verifyOnPage()
      await form.reporterKind.choose('Jag anmäler i mitt arbete')

      const reporter = form.professionalReporter
      await reporter.verifyOnPage()
      // A mandated reporter cannot be anonymous: the choice is not offered at all.
      await expect(page.getByRole('group', { name: 'Vill du vara anonym?' })).toHaveCount(0)
      await expect(page.getByRole('radio', { name: /anonym/i })).toHaveCount(0)
      await expect(reporter.textbox('Varför har de inte informerats?')).toBeHidden()
      await reporter.fill({
        name: 'Karin Lund',
        phone: '0521-123 45',
        email: 'karin.lund@skola.example.se',
        organisationType: 'Skola eller fritidshem',
        organisationName: 'Solbackens skola',
        role: 'Klasslärare',
        guardiansInformed: 'Nej',
        guardiansNotInformedReason: 'Elsa säger att pappa blir arg om skolan ringer hem.',
      })
      await reporter.continue()

      const check = form.check
      await check.verifyOnPage()
      await expect(check.answer('Kommun där personen är nu', 'Kommun')).toHaveText('Vänersborg')
      await expect(check.answer('Namn', 'Barn 1')).toHaveText('Elsa Andersson')
      // Stored and shown in the long form, whichever way it was typed.
      await expect(check.answer('Personnummer eller samordningsnummer', 'Barn 1')).toHaveText('201504122381')
      await expect(check.answer('Skola eller förskola', 'Barn 1')).toHaveText('Solbackens skola')
      await expect(check.answer('Födelsedatum', 'Barn 1')).toHaveText('Ej angivet')
      await expect(check.answer('Namn', 'Barn 2')).toHaveText('Noah Andersson')
      await expect(check.answer('Födelsedatum', 'Barn 2')).toHaveText('2018-09-30')
      await expect(check.answer('Personnummer eller samordningsnummer', 'Barn 2')).toHaveText('Ej angivet')
      await expect(check.answer('Behöver tolk', 'Barn 2')).toHaveText('Ja: Arabiska')
      await expect(check.answer('Vad oron gäller')).toHaveText('Fysiskt våld\nPsykiskt våld, hot eller kränkningar')
      await expect(check.answer('Är någon skadad?')).toHaveText('Ja')
      await expect(check.answer('Vem du är', 'Om dig')).toHaveText('Jag anmäler i mitt arbete')
      await expect(check.answer('Namn', 'Om dig')).toHaveText('Karin Lund')
      await expect(check.answer('Vilken sorts verksamhet arbetar du i?', 'Om dig')).toHaveText('Skola eller fritidshem')
      await expect(check.answer('Verksamhetens namn', 'Om dig')).toHaveText('Solbackens skola')
      await expect(check.answer('Din roll eller yrkestitel', 'Om dig')).toHaveText('Klasslärare')
      await expect(check.answer('E-postadress', 'Om dig')).toHaveText('karin.lund@skola.example.se')
      await expect(check.answer('Vet vårdnadshavarna om att du anmäler?', 'Om dig')).toHaveText('Nej: Elsa säger att pappa blir arg om skolan ringer hem.')
      await expect(check.changeLink('Namn (Barn 2)')).toHaveAttribute('href', '/anmalan/personer?returnUrl=/anmalan/kontrollera')

      await check.submit()
      await form.confirmation.verifyOnPage()
      await form.confirmation.reference()
    })
  })
}
