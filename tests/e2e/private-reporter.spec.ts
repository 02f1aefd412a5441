import { expect, JAVASCRIPT_MODES, test } from './support/fixtures'

for (const mode of JAVASCRIPT_MODES) {
  test.describe(`A neighbour reports a concern about a child, ${mode.title}`, () => {
    test.use({ javaScriptEnabled: mode.javaScriptEnabled })

    test('an anonymous neighbour sends a report about one child and gets a reference', async ({ page, form }) => {
      await form.start.goto()
      await form.start.start()

      await form.municipality.verifyOnPage()
      await form.municipality.choose('Uddevalla')

      // The municipality is known, so "where is the person now?" is not asked.
      await form.concerns.verifyOnPage()
      await expect(form.concerns.backLink()).toHaveAttribute('href', '/anmalan/kommun')
      await form.concerns.choose('Ett eller flera barn')

      await form.people.verifyOnPage()
      await expect(form.people.child(2)).toHaveCount(0)
      await form.people.fillChild(1, { name: 'Alva', approximateAge: '6', whereabouts: 'Storgatan 12, lägenheten mittemot min' })
      await form.people.continue()

      await form.concern.verifyOnPage()
      await form.concern.answer(['Brister i omsorgen, till exempel mat, hygien eller tillsyn'], 'Alva är ofta ensam hemma på kvällarna och säger att hon är hungrig.')

      await form.safety.verifyOnPage()
      await form.safety.answer({ 'Är ett barn ensamt utan någon vuxen som tar hand om det?': 'Vet inte' })

      await form.reporterKind.verifyOnPage()
      await form.reporterKind.choose('Privatperson')

      await form.privateReporter.verifyOnPage()
      // Left empty on purpose: optional answers read "Ej angivet" on the check page.
      await form.privateReporter.stayAnonymous()

      const check = form.check
      await check.verifyOnPage()
      await expect(check.answer('Kommun', 'Kommun')).toHaveText('Uddevalla')
      await expect(check.answer('Vem anmälan gäller')).toHaveText('Ett eller flera barn')
      await expect(check.answer('Namn', 'Barn 1')).toHaveText('Alva')
      await expect(check.answer('Ungefärlig ålder', 'Barn 1')).toHaveText('6')
      await expect(check.answer('Adress eller var personen finns nu', 'Barn 1')).toHaveText('Storgatan 12, lägenheten mittemot min')
      for (const skipped of ['Personnummer eller samordningsnummer', 'Födelsedatum', 'Skola eller förskola', 'Vårdnadshavare']) {
        await expect(check.answer(skipped, 'Barn 1'), `${skipped} was skipped`).toHaveText('Ej angivet')
      }
      await expect(check.answer('Behöver tolk', 'Barn 1')).toHaveText('Nej')
      await expect(check.answer('Vad oron gäller')).toHaveText('Brister i omsorgen, till exempel mat, hygien eller tillsyn')
      await expect(check.answer('Beskrivning')).toHaveText('Alva är ofta ensam hemma på kvällarna och säger att hon är hungrig.')
      await expect(check.answer('Är någon i fara just nu?')).toHaveText('Nej')
      await expect(check.answer('Är ett barn ensamt utan någon vuxen som tar hand om det?')).toHaveText('Vet inte')
      await expect(check.answer('Vem du är', 'Om dig')).toHaveText('Privatperson')
      await expect(check.answer('Namn', 'Om dig')).toHaveText('Ja, jag vill vara anonym')
      await expect(check.answer('Din relation till personen (valfritt)', 'Om dig')).toHaveText('Ej angivet')
      // Nothing that could identify an anonymous reporter is asked for or shown.
      await expect(check.answer('Telefonnummer', 'Om dig')).toHaveCount(0)

      // "Ändra" goes to the step with what was typed, and back to the check page after it.
      await check.changeLink('Beskrivning').click()
      await form.concern.verifyOnPage()
      await expect(page).toHaveURL(/\/anmalan\/oro\?returnUrl=\/anmalan\/kontrollera$/)
      await expect(form.concern.backLink()).toHaveAttribute('href', '/anmalan/kontrollera')
      await expect(form.concern.description).toHaveValue('Alva är ofta ensam hemma på kvällarna och säger att hon är hungrig.')
      await form.concern.description.fill('Alva är ofta ensam hemma på kvällarna. I går grät hon i trapphuset i två timmar.')
      await form.concern.continue()

      await check.verifyOnPage()
      await expect(check.answer('Beskrivning')).toHaveText('Alva är ofta ensam hemma på kvällarna. I går grät hon i trapphuset i två timmar.')

      // Change a skipped optional answer, and see it on the check page right away.
      await check.changeLink('Din relation till personen (valfritt)').click()
      await form.privateReporter.verifyOnPage()
      await form.privateReporter.stayAnonymous('Granne')
      await check.verifyOnPage()
      await expect(check.answer('Din relation till personen (valfritt)', 'Om dig')).toHaveText('Granne')

      await check.submit()
      await form.confirmation.verifyOnPage()
      const reference = await form.confirmation.reference()
      await expect(page.getByRole('heading', { name: 'Vad händer nu?' })).toBeVisible()
      // The urgent message is only for someone in danger now.
      await expect(form.confirmation.urgentNotice()).toHaveCount(0)

      // The receipt survives a reload, and the draft is gone: the form starts afresh.
      await page.reload()
      await form.confirmation.verifyOnPage()
      expect(await form.confirmation.reference()).toBe(reference)
      await page.goto('/anmalan/kontrollera')
      await form.municipality.verifyOnPage()
      await expect(form.municipality.select).toHaveValue('')
    })
  })
}
