import { answerStepsUntil, expect, test } from './support/fixtures'
import type { PublicPage } from './support/pages'

async function expectUrgentNotice(step: PublicPage): Promise<void> {
  await expect(step.urgentNotice(), `the urgent 112 message on ${step.path}`).toBeVisible()
  await expect(step.urgentNotice()).toContainText('Du har svarat att någon kan vara i fara just nu. Ring 112 direkt.')
}

test.describe('Someone may be in danger right now', () => {
  test('answering yes shows "Ring 112 nu" on every page after, and the report can still be sent', async ({ page, form }) => {
    await form.start.goto()
    // Before anything is answered: the ordinary 112 message, not the urgent one.
    await expect(page.getByRole('heading', { name: 'Är någon i fara just nu? Ring 112' })).toBeVisible()
    await expect(form.start.urgentNotice()).toHaveCount(0)

    await answerStepsUntil(page, '/anmalan/sakerhet')
    await form.safety.goto()
    await expect(form.safety.urgentNotice()).toHaveCount(0)
    await form.safety.answer({ 'Är någon i fara just nu?': 'Ja', 'Är någon skadad?': 'Ja' })

    await form.reporterKind.verifyOnPage()
    await expectUrgentNotice(form.reporterKind)
    await form.reporterKind.choose('Privatperson')

    await form.privateReporter.verifyOnPage()
    await expectUrgentNotice(form.privateReporter)
    await form.privateReporter.stayAnonymous()

    await form.check.verifyOnPage()
    await expectUrgentNotice(form.check)
    await expect(form.check.answer('Är någon i fara just nu?')).toHaveText('Ja')
    await form.check.submit()

    await form.confirmation.verifyOnPage()
    await form.confirmation.reference()
    await expectUrgentNotice(form.confirmation)
  })
})
