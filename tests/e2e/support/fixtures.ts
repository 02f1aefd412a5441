import { test as base, expect, type Page } from '@playwright/test'
import { SAFETY_QUESTIONS } from '../../../app/domain/vocabulary'
import { ReportForm } from './pages'

/**
 * `form`: the page objects of the public form, bound to this test's page and aware of
 * whether JavaScript runs (`test.use({ javaScriptEnabled: false })`), so that a journey
 * "with JavaScript" waits for hydration before it acts.
 */
export const test = base.extend<{ form: ReportForm }>({
  form: async ({ page, javaScriptEnabled }, provide) => {
    await provide(new ReportForm(page, javaScriptEnabled))
  },
})

export { expect }

/** Both ways a person may meet the service; journeys that must work without scripts run in each. */
export const JAVASCRIPT_MODES = [
  { javaScriptEnabled: true, title: 'with JavaScript' },
  { javaScriptEnabled: false, title: 'without JavaScript' },
] as const

type StepAnswers = Record<string, string>

/** "Nej" to every safety question, as the safety page posts it. */
export const SAFETY_ALL_NO: StepAnswers = Object.fromEntries(SAFETY_QUESTIONS.map(({ id }) => [id, 'no']))

/** The answers of a neighbour reporting one child, step by step, as the forms post them. */
const NEIGHBOUR_ANSWERS: Array<[path: string, answers: StepAnswers]> = [
  ['/anmalan/kommun', { municipality: '1485' }],
  ['/anmalan/vem', { concerns: 'children' }],
  ['/anmalan/personer', { 'people[0].name': 'Alva', 'people[0].approximateAge': '6' }],
  ['/anmalan/oro', { categories: 'neglect', description: 'Alva är ofta ensam hemma på kvällarna och säger att hon är hungrig.' }],
  ['/anmalan/sakerhet', SAFETY_ALL_NO],
  ['/anmalan/om-dig', { kind: 'private' }],
  ['/anmalan/kontaktuppgifter', { anonymous: 'yes' }],
]

/**
 * Answers the steps before the one a test is about by posting them as the form would,
 * in the browser context (so the draft cookie lands in the browser). Only for getting to
 * a screen quickly; the journeys themselves click through every step.
 */
export async function answerStepsUntil(page: Page, stopAt: string, overrides: Record<string, StepAnswers> = {}): Promise<void> {
  for (const [path, answers] of NEIGHBOUR_ANSWERS) {
    if (path === stopAt) return
    const response = await page.request.post(path, { form: overrides[path] ?? answers, maxRedirects: 0 })
    expect(response.status(), `POST ${path} is accepted and redirects to the next step`).toBe(303)
  }
}
