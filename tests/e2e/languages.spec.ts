import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { SAFETY_QUESTIONS } from '../../app/domain/vocabulary'
import { directionOf, htmlLanguageOf, LANGUAGE_NAMES, SUPPORTED_LANGUAGES, type Language } from '../../app/i18n/config'
import { expectAccessible } from './support/accessibility'
import { appDatabase } from './support/app-database'
import { answerStepsUntil, expect, test } from './support/fixtures'
import { logIn, TABY_INTAKE } from './support/staff'

/**
 * The public flow in the languages beyond Swedish and English (issue 15). The page objects in
 * support/pages.ts speak Swedish, so these journeys find every control by its name in the
 * language under test, read from that language's own files: the test proves the labels too.
 */
type Texts = Record<string, unknown>
const texts = (language: Language, namespace: string) => JSON.parse(readFileSync(path.resolve('public/locales', language, `${namespace}.json`), 'utf8')) as Texts
const text = (tree: Texts, key: string) => {
  const found = key.split('.').reduce<unknown>((node, part) => (node as Texts | undefined)?.[part], tree)
  if (typeof found !== 'string') throw new Error(`no text ${key}`)
  return found
}

class Speaker {
  readonly common: Texts
  readonly report: Texts
  readonly errors: Texts
  constructor(
    readonly page: Page,
    readonly language: Language,
  ) {
    this.common = texts(language, 'common')
    this.report = texts(language, 'report')
    this.errors = texts(language, 'errors')
  }

  r(key: string) {
    return text(this.report, key)
  }

  c(key: string) {
    return text(this.common, key)
  }

  /** The page's h1 and title in this language, its `lang` and `dir`, no scrolling sideways, and axe. */
  async verify(headingKey: string, { error = false }: { error?: boolean } = {}) {
    const heading = this.r(headingKey)
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(heading)
    await expect(this.page).toHaveTitle(`${error ? text(this.errors, 'titlePrefix') : ''}${heading} – ${this.c('serviceName')}`)
    await expectLanguage(this.page, this.language)
    await expectNoSidewaysScroll(this.page)
    await expectAccessible(this.page)
  }

  async continue() {
    await this.page.getByRole('button', { name: this.c('continue'), exact: true }).click()
  }

  radio(name: string, within?: Locator): Locator {
    return (within ?? this.page).getByRole('radio', { name, exact: true })
  }
}

async function expectLanguage(page: Page, language: Language) {
  await expect(page.locator('html')).toHaveAttribute('lang', htmlLanguageOf(language))
  await expect(page.locator('html')).toHaveAttribute('dir', directionOf(language))
}

/** WCAG 1.4.10 at 320 CSS pixels: nothing wider than the screen, so no reading sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }))
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide in a ${clientWidth}px window`).toBeLessThanOrEqual(clientWidth)
}

async function storedLanguage(reference: string): Promise<string> {
  const db = await appDatabase()
  try {
    const result = await db.query<{ language: string }>('select language from reports where reference = $1', [reference.replaceAll('-', '')])
    return result.rows[0]!.language
  } finally {
    await db.end()
  }
}

/** A neighbour's report about one child, from the start page to the reference, in `language`. */
async function reportAboutAChild(
  speaker: Speaker,
  testInfo: { attach: (name: string, options: { body: Buffer; contentType: string }) => Promise<void> } | null,
  description: string,
) {
  const { page } = speaker
  await speaker.verify('start.title')
  await page.getByRole('button', { name: speaker.r('start.button') }).click()

  await speaker.verify('municipality.title')
  // A refused answer: the error summary and the message beside the field, in the language.
  await speaker.continue()
  await speaker.verify('municipality.title', { error: true })
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: text(speaker.errors, 'summaryTitle') }) })
  await expect(summary.getByRole('link')).toHaveText([text(speaker.errors, 'municipality.required')])
  const question = page.getByRole('combobox', { name: speaker.r('municipality.title') })
  await expect(question).toHaveAccessibleDescription(new RegExp(`${text(speaker.errors, 'municipality.required')}$`))
  await question.selectOption({ label: 'Täby' })
  await speaker.continue()

  await speaker.verify('concerns.title')
  await speaker.radio(speaker.r('concerns.children')).check()
  await speaker.continue()

  await speaker.verify('people.heading.children')
  const child = page.getByRole('group', { name: speaker.r('people.childLegend').replace('{{number}}', '1'), exact: true })
  await child.getByLabel(speaker.r('people.labels.name'), { exact: true }).fill('Alva')
  await child.getByLabel(speaker.r('people.labels.approximateAge'), { exact: true }).fill('6')
  await speaker.continue()

  await speaker.verify('concern.title')
  await page
    .getByRole('group', { name: speaker.r('concern.categoriesLegend') })
    .getByRole('checkbox', { name: speaker.r('categories.neglect'), exact: true })
    .check()
  await page.getByRole('textbox', { name: speaker.r('concern.descriptionLabel') }).fill(description)
  await speaker.continue()

  await speaker.verify('safety.title')
  for (const { id } of SAFETY_QUESTIONS) {
    await speaker.radio(speaker.r('answer.no'), page.getByRole('group', { name: speaker.r(`safety.questions.${id}`), exact: true })).check()
  }
  await speaker.continue()

  await speaker.verify('reporterKind.title')
  await speaker.radio(speaker.r('reporterKind.private')).check()
  await speaker.continue()

  await speaker.verify('reporterDetails.title')
  await speaker.radio(speaker.r('reporterDetails.anonymousYes'), page.getByRole('group', { name: speaker.r('reporterDetails.anonymous') })).check()
  await speaker.continue()

  await speaker.verify('check.title')
  const row = (key: string) => page.locator('.summary-list__row').filter({ has: page.locator('dt').getByText(speaker.r(key), { exact: true }) })
  await expect(row('check.description').locator('.summary-list__value')).toHaveText(description)
  await expect(row('check.categories').locator('.summary-list__value')).toHaveText(speaker.r('categories.neglect'))
  await expect(page.getByRole('link', { name: new RegExp(`^${speaker.c('change')} `) }).first()).toBeVisible()
  if (testInfo) await testInfo.attach(`check-answers-${speaker.language}`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })
  await page.getByRole('button', { name: speaker.r('check.submit') }).click()

  await speaker.verify('confirmation.title')
  const reference = (
    await page
      .getByRole('main')
      .getByText(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{3}$/)
      .innerText()
  ).trim()
  await expect(page.getByRole('heading', { name: speaker.r('confirmation.nextTitle') })).toBeVisible()
  return reference
}

/** Friday 22:10 in Stockholm: what the reporter is told next names Monday, in the language. */
const FRIDAY_NIGHT = '2026-11-27T21:10:00Z'

test.describe('Arabic, without JavaScript, on a 320 px screen', () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 320, height: 640 }, extraHTTPHeaders: { 'x-test-now': FRIDAY_NIGHT } })

  test('a neighbour chooses Arabic in the footer, reports, and the layout reads right to left', async ({ page }, testInfo) => {
    await page.goto('/')
    // Found by its own name, whatever language the page is in.
    await page.getByRole('contentinfo').getByRole('button', { name: 'العربية', exact: true }).click()
    await expect(page).toHaveURL(/\/$/)
    const arabic = new Speaker(page, 'ar')

    // The layout mirrors: the error beside a field marks the start side, which is the right.
    await page.goto('/anmalan/kommun')
    await arabic.continue()
    const errorGroup = page.locator('.form-group--error')
    await expect(errorGroup).toHaveCSS('border-right-width', '5px')
    await expect(errorGroup).toHaveCSS('border-left-width', '0px')
    await page.goto('/')

    const reference = await reportAboutAChild(arabic, testInfo, 'ألفا وحدها في البيت كثيرًا في المساء وتقول إنها جائعة.')
    // Friday night: the intake unit reads it on Monday, the jour answers before then; the
    // phone number sits in a left-to-right isolate, so its groups keep their order.
    const main = page.getByRole('main')
    await expect(main).toContainText('تقرأ وحدة الاستقبال في Täby البلاغ يوم الاثنين، 30 نوفمبر من الساعة 08:00.')
    await expect(main).toContainText('اتصل بـ Socialjouren Nordost على الرقم \u206608-410 200 40\u2069.')
    expect(await storedLanguage(reference)).toBe('ar')
  })

  test('the back link starts on the right', async ({ page }) => {
    await page.request.post('/sprak', { form: { language: 'ar', returnTo: '/' } })
    await page.goto('/anmalan/kommun')
    const arabic = new Speaker(page, 'ar')
    await page.getByRole('combobox', { name: arabic.r('municipality.title') }).selectOption({ label: 'Täby' })
    await arabic.continue()
    const back = page.getByRole('link', { name: arabic.c('back'), exact: true })
    await expect(back).toHaveCSS('padding-right', '14px')
    // Its arrow (a mirrored ‹, drawn as › in right-to-left text) stands at that side too.
    expect(await back.evaluate((link) => getComputedStyle(link, '::before').right)).toBe('0px')
    const box = (await back.boundingBox())!
    // The link starts at the right edge of the content, 15 px in from the window's.
    expect(box.x + box.width).toBeGreaterThan(320 - 15 - 2)
  })
})

test.describe('Finnish, with JavaScript', () => {
  test.use({ javaScriptEnabled: true, extraHTTPHeaders: { 'x-test-now': FRIDAY_NIGHT } })

  test('a neighbour finds Suomi on the language page and reports in Finnish', async ({ page }) => {
    await page.goto('/')
    await page.getByRole('link', { name: 'Fler språk' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Språk')
    await expectAccessible(page)
    await page.getByRole('main').getByRole('button', { name: 'Suomi', exact: true }).click()
    await expect(page).toHaveURL(/\/$/)
    await page.waitForFunction(() => document.documentElement.dataset.enhanced === 'true')

    const finnish = new Speaker(page, 'fi')
    const reference = await reportAboutAChild(finnish, null, 'Alva on usein iltaisin yksin kotona ja sanoo olevansa nälkäinen.')
    // What happens next, with the office's opening day and time written the Finnish way.
    await expect(page.getByRole('main')).toContainText('Kunnan Täby vastaanottoyksikkö lukee ilmoituksen: maanantai 30. marraskuuta kello 08.00 alkaen.')
    await expect(page.getByRole('main')).toContainText('Jos tarvitset puhua jonkun kanssa ennen sitä, soita: Socialjouren Nordost, 08-410 200 40.')
    expect(await storedLanguage(reference)).toBe('fi')
  })
})

test.describe('Persian, the receipt e-mail', () => {
  test.use({ extraHTTPHeaders: { 'x-test-now': FRIDAY_NIGHT } })

  test('a named reporter gets the receipt in Persian, right to left, with Monday written in Persian', async ({ page }) => {
    await page.request.post('/sprak', { form: { language: 'fa', returnTo: '/' } })
    await answerStepsUntil(page, '/anmalan/kontrollera', {
      '/anmalan/kommun': { municipality: '0160' },
      '/anmalan/kontaktuppgifter': { anonymous: 'no', name: 'Sara Granne', phone: '', email: 'sara.granne@example.org' },
    })
    await page.goto('/anmalan/kontrollera')
    await page.getByRole('button', { name: text(texts('fa', 'report'), 'check.submit') }).click()
    const reference = (await page.locator('.panel__reference').innerText()).trim()

    // The worker sends it; the developers' mail page (Swedish, a staff-side page) shows what went.
    const subject = `گزارش نگرانی شما به Täby رسید (${reference})`
    await expect(async () => {
      await page.goto('/dev/mail')
      await expect(page.locator('summary', { hasText: subject })).toHaveCount(1, { timeout: 500 })
    }).toPass({ timeout: 15_000 })
    await expectLanguage(page, 'sv')
    const message = page.locator('li').filter({ has: page.locator('summary', { hasText: subject }) })
    await message.locator('summary').click()
    await expect(message).toContainText('واحد پذیرش Täby گزارش را دوشنبه ۳۰ نوامبر از ساعت ۰۸:۰۰ می‌خواند.')
    await expect(message).toContainText('اگر کسی در خطر است، با ۱۱۲ تماس بگیرید.')
  })
})

test.describe('Staff', () => {
  test('see the language a report was written in, on a page in Swedish though the browser chose Somali', async ({ page }) => {
    await page.request.post('/sprak', { form: { language: 'so', returnTo: '/' } })
    await answerStepsUntil(page, '/anmalan/kontrollera', { '/anmalan/kommun': { municipality: '0160' } })
    await page.goto('/anmalan/kontrollera')
    await page.getByRole('button', { name: text(texts('so', 'report'), 'check.submit') }).click()
    const reference = (await page.locator('.panel__reference').innerText()).trim()
    expect(await storedLanguage(reference)).toBe('so')

    await logIn(page, TABY_INTAKE)
    await expectLanguage(page, 'sv')
    await page.getByRole('link', { name: reference, exact: true }).click()
    const row = page.locator('.summary-list__row').filter({ has: page.locator('dt').getByText('Anmälans språk', { exact: true }) })
    await expect(row.locator('.summary-list__value')).toHaveText('Somaliska: tolk eller översättning kan behövas när ni kontaktar anmälaren')
    await expectLanguage(page, 'sv')
    await expectAccessible(page)
  })
})

test.describe('Every language', () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } })

  test('the language page lists each by its own name, marked in its own language', async ({ page }) => {
    await page.goto('/sprak?returnTo=/tillganglighet')
    const list = page.getByRole('main').locator('.language-list')
    for (const language of SUPPORTED_LANGUAGES) {
      const item = list.locator(`li[lang="${htmlLanguageOf(language)}"][dir="${directionOf(language)}"]`).filter({ hasText: new RegExp(`^${LANGUAGE_NAMES[language]}$`) })
      await expect(item, language).toHaveCount(1)
    }
    // The current one is marked, not offered.
    await expect(list.locator('[aria-current="true"]')).toHaveText('Svenska')
    await list.getByRole('button', { name: 'Soomaali' }).click()
    await expect(page).toHaveURL(/\/tillganglighet$/)
    await expectLanguage(page, 'so')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(text(texts('so', 'report'), 'accessibility.title'))
  })

  for (const language of SUPPORTED_LANGUAGES) {
    test(`${language}: the public pages fit 320 px and pass axe`, async ({ page }) => {
      for (const address of ['/', '/anmalan/kommun', '/sakerhet-pa-natet', '/tillganglighet', '/folj-din-anmalan', '/sprak']) {
        await page.goto(`${address}?lng=${language}`)
        await expectLanguage(page, language)
        await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1)
        await expectNoSidewaysScroll(page)
        await expectAccessible(page)
      }
    })
  }
})
