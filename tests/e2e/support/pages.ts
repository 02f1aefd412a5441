import { expect, type Locator, type Page } from '@playwright/test'
import { parseReference } from '../../../app/domain/reference'
import { expectAccessible } from './accessibility'

/**
 * Page objects for the public form, one per screen (the UK MoJ template shape): each knows
 * its address and its question, and `verifyOnPage` proves the person is on it, that the
 * question is the page's h1 in the shape STYLE.md asks for, and that axe finds nothing.
 * Elements are found by role and accessible name, in Swedish, which also proves the labels.
 */

const SERVICE_NAME = 'Orosanmälan'

/** How the h1 relates to the control: the label of a single select, the legend of a single radio group, or neither. */
type Shape = 'heading' | 'select' | 'radios'

declare global {
  interface Window {
    __remixRouter?: { state: { initialized: boolean } }
  }
}

/**
 * Waits until the page's script has run, so that a journey run "with JavaScript" really
 * exercises the scripted behaviour and not the plain HTML that comes first. Citizen pages
 * are not hydrated (app/root.tsx): they load public/enhance.js, which marks the document.
 */
async function waitForScripts(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.enhanced === 'true')
}

/** Citizen pages carry no React or Remix code: no module preloads, one plain module, none of the router's globals. */
async function expectNoFrameworkScripts(page: Page): Promise<void> {
  const scripts = await page
    .locator('script[src], link[rel="modulepreload"]')
    .evaluateAll((elements) => elements.map((element) => element.getAttribute('src') ?? element.getAttribute('href') ?? ''))
  expect(scripts.map((src) => src.replace(/\?.*$/, ''))).toEqual(['/enhance.js'])
  await expect(page.locator('script:not([src])')).toHaveCount(0)
  expect(await page.evaluate(() => window.__remixRouter === undefined)).toBe(true)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export abstract class PublicPage {
  abstract readonly path: string
  abstract readonly heading: string
  protected readonly shape: Shape = 'heading'

  constructor(
    readonly page: Page,
    readonly javaScriptEnabled = true,
  ) {}

  get h1(): Locator {
    return this.page.getByRole('heading', { level: 1 })
  }

  async goto(): Promise<void> {
    await this.page.goto(this.path)
    await this.verifyOnPage()
  }

  async verifyOnPage(options: { error?: boolean } = {}): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`^[^?#]+${escapeRegExp(this.path)}(\\?|#|$)`))
    await expect(this.h1).toHaveCount(1)
    await expect(this.h1).toHaveText(this.heading)
    const prefix = options.error ? 'Fel: ' : ''
    await expect(this.page).toHaveTitle(`${prefix}${this.heading} – ${SERVICE_NAME}`)
    await this.verifyShape()
    if (this.javaScriptEnabled) {
      await waitForScripts(this.page)
      await expectNoFrameworkScripts(this.page)
    }
    await expectAccessible(this.page)
  }

  private async verifyShape(): Promise<void> {
    switch (this.shape) {
      case 'select':
        // GOV.UK: a page with one question has the question as the label, inside the h1.
        await expect(this.page.getByRole('combobox', { name: this.heading, exact: true })).toBeVisible()
        await expect(this.h1.locator('label')).toHaveCount(1)
        break
      case 'radios':
        // For one group of radios, the legend is the question and holds the h1.
        await expect(this.page.getByRole('group', { name: this.heading, exact: true }).getByRole('heading', { level: 1 })).toHaveText(this.heading)
        break
      case 'heading':
        break
    }
  }

  /** "Fortsätt", the button of every step. */
  async continue(): Promise<void> {
    await this.page.getByRole('button', { name: 'Fortsätt', exact: true }).click()
  }

  backLink(): Locator {
    return this.page.getByRole('link', { name: 'Tillbaka', exact: true })
  }

  /** The urgent 112 message shown once someone is said to be in danger now. */
  urgentNotice(): Locator {
    return this.page.getByRole('alert').filter({ has: this.page.getByRole('heading', { name: 'Ring 112 nu om någon är i fara' }) })
  }

  errorSummary(): ErrorSummary {
    return new ErrorSummary(this.page)
  }
}

class ErrorSummary {
  constructor(readonly page: Page) {}

  get alert(): Locator {
    return this.page.getByRole('alert').filter({ has: this.page.getByRole('heading', { name: 'Det finns ett problem' }) })
  }

  link(message: string): Locator {
    return this.alert.getByRole('link', { name: message, exact: true })
  }

  /** The summary, the first thing in main, holds the focus (set by script on load). */
  async expectFocused(): Promise<void> {
    await expect(this.page.locator(':focus')).toContainText('Det finns ett problem')
  }

  async expectMessages(messages: string[]): Promise<void> {
    await expect(this.alert.getByRole('heading', { level: 2 })).toHaveText('Det finns ett problem')
    await expect(this.alert.getByRole('listitem')).toHaveText(messages)
  }
}

export class StartPage extends PublicPage {
  readonly path = '/'
  readonly heading = 'Anmäl oro för ett barn eller en vuxen'

  async start(): Promise<void> {
    // A start link styled and announced as a button (GOV.UK start button).
    await this.page.getByRole('button', { name: 'Starta nu' }).click()
  }
}

export class MunicipalityPage extends PublicPage {
  readonly path = '/anmalan/kommun'
  readonly heading = 'I vilken kommun bor personen?'
  protected override readonly shape = 'select'

  get select(): Locator {
    return this.page.getByRole('combobox', { name: this.heading })
  }

  async choose(municipality: string): Promise<void> {
    await this.select.selectOption({ label: municipality })
    await this.continue()
  }
}

export class WhereaboutsPage extends PublicPage {
  readonly path = '/anmalan/vistelseort'
  readonly heading = 'Var befinner sig personen nu?'
  protected override readonly shape = 'select'

  async choose(municipality: string): Promise<void> {
    await this.page.getByRole('combobox', { name: this.heading }).selectOption({ label: municipality })
    await this.continue()
  }
}

export class ConcernsPage extends PublicPage {
  readonly path = '/anmalan/vem'
  readonly heading = 'Vem gäller din oro?'
  protected override readonly shape = 'radios'

  radio(name: 'Ett eller flera barn' | 'En vuxen' | 'Mig själv'): Locator {
    return this.page.getByRole('radio', { name, exact: true })
  }

  async choose(name: 'Ett eller flera barn' | 'En vuxen' | 'Mig själv'): Promise<void> {
    await this.radio(name).check()
    await this.continue()
  }
}

interface PersonAnswers {
  name?: string
  personalIdentityNumber?: string
  birthDate?: string
  approximateAge?: string
  whereabouts?: string
  school?: string
  guardians?: string
  interpreterLanguage?: string
}

export class PeoplePage extends PublicPage {
  readonly path = '/anmalan/personer'
  readonly heading = 'Om barnen'

  /** The fieldset of the n-th child, "Barn 1", "Barn 2"... */
  child(number: number): Locator {
    return this.page.getByRole('group', { name: `Barn ${number}`, exact: true })
  }

  field(number: number, label: string): Locator {
    return this.child(number).getByLabel(label, { exact: true })
  }

  async fillChild(number: number, person: PersonAnswers): Promise<void> {
    const labels: Record<keyof PersonAnswers, string> = {
      name: 'Namn',
      personalIdentityNumber: 'Personnummer eller samordningsnummer',
      birthDate: 'Födelsedatum',
      approximateAge: 'Ungefärlig ålder',
      whereabouts: 'Adress eller var personen finns nu',
      school: 'Skola eller förskola',
      guardians: 'Vårdnadshavare',
      interpreterLanguage: 'Språk för tolk',
    }
    for (const [key, value] of Object.entries(person) as Array<[keyof PersonAnswers, string | undefined]>) {
      if (value !== undefined) await this.field(number, labels[key]).fill(value)
    }
    if (person.interpreterLanguage) await this.child(number).getByRole('checkbox', { name: 'Behöver tolk' }).check()
  }

  async addChild(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lägg till ett barn till' }).click()
  }
}

export class ConcernPage extends PublicPage {
  readonly path = '/anmalan/oro'
  readonly heading = 'Vad är du orolig för?'

  get description(): Locator {
    return this.page.getByRole('textbox', { name: 'Beskriv vad som har hänt' })
  }

  async answer(categories: string[], description: string): Promise<void> {
    const group = this.page.getByRole('group', { name: 'Vad gäller din oro?' })
    for (const category of categories) await group.getByRole('checkbox', { name: category, exact: true }).check()
    await this.description.fill(description)
    await this.continue()
  }
}

const SAFETY_QUESTIONS_FOR_CHILDREN = [
  'Är någon i fara just nu?',
  'Är någon skadad?',
  'Är ett barn ensamt utan någon vuxen som tar hand om det?',
  'Vågar personen inte gå hem?',
  'Kan den som misstänks för våld eller övergrepp träffa personen i kväll eller i natt?',
  'Gäller det sexuella övergrepp, och kan den misstänkta träffa personen inom ett dygn?',
  'Finns det risk att någon tar sitt liv eller skadar sig själv allvarligt?',
  'Finns det risk att någon förs utomlands mot sin vilja?',
  'Är en vuxen som tar hand om ett litet barn påverkad av alkohol eller droger just nu?',
  'Saknar någon en plats att sova på i natt?',
] as const

type SafetyAnswer = 'Ja' | 'Nej' | 'Vet inte'

export class SafetyPage extends PublicPage {
  readonly path = '/anmalan/sakerhet'
  readonly heading = 'Frågor om säkerhet'

  question(question: string): Locator {
    return this.page.getByRole('group', { name: question, exact: true })
  }

  /** Answers every question "Nej" unless told otherwise, then continues. */
  async answer(answers: Partial<Record<(typeof SAFETY_QUESTIONS_FOR_CHILDREN)[number], SafetyAnswer>> = {}): Promise<void> {
    for (const question of SAFETY_QUESTIONS_FOR_CHILDREN) {
      await this.question(question)
        .getByRole('radio', { name: answers[question] ?? 'Nej', exact: true })
        .check()
    }
    await this.continue()
  }
}

export class ReporterKindPage extends PublicPage {
  readonly path = '/anmalan/om-dig'
  readonly heading = 'Vem är du som anmäler?'
  protected override readonly shape = 'radios'

  async choose(name: 'Privatperson' | 'Jag anmäler i mitt arbete' | 'Jag är personen som anmälan gäller'): Promise<void> {
    await this.page.getByRole('radio', { name, exact: true }).check()
    await this.continue()
  }
}

export class PrivateReporterPage extends PublicPage {
  readonly path = '/anmalan/kontaktuppgifter'
  readonly heading = 'Dina kontaktuppgifter'

  get anonymousGroup(): Locator {
    return this.page.getByRole('group', { name: 'Vill du vara anonym?' })
  }

  async stayAnonymous(relation?: string): Promise<void> {
    await this.anonymousGroup.getByRole('radio', { name: 'Ja, jag vill vara anonym' }).check()
    if (relation !== undefined) await this.page.getByRole('textbox', { name: 'Din relation till personen (valfritt)' }).fill(relation)
    await this.continue()
  }
}

interface ProfessionalAnswers {
  name: string
  phone: string
  email: string
  organisationType: string
  organisationName: string
  role: string
  guardiansInformed: 'Ja' | 'Nej' | 'Gäller inte, anmälan gäller en vuxen'
  guardiansNotInformedReason?: string
}

export class ProfessionalReporterPage extends PublicPage {
  readonly path = '/anmalan/kontaktuppgifter'
  readonly heading = 'Om dig och din verksamhet'

  textbox(name: string): Locator {
    return this.page.getByRole('textbox', { name, exact: true })
  }

  get guardiansGroup(): Locator {
    return this.page.getByRole('group', { name: 'Vet vårdnadshavarna om att du anmäler?' })
  }

  async fill(answers: ProfessionalAnswers): Promise<void> {
    await this.textbox('Namn').fill(answers.name)
    await this.textbox('Telefonnummer').fill(answers.phone)
    await this.textbox('E-postadress').fill(answers.email)
    await this.page.getByRole('combobox', { name: 'Vilken sorts verksamhet arbetar du i?' }).selectOption({ label: answers.organisationType })
    await this.textbox('Verksamhetens namn').fill(answers.organisationName)
    await this.textbox('Din roll eller yrkestitel').fill(answers.role)
    await this.guardiansGroup.getByRole('radio', { name: answers.guardiansInformed, exact: true }).check()
    if (answers.guardiansNotInformedReason !== undefined) {
      // Revealed under "Nej" (a CSS conditional, so it works without JavaScript too).
      await this.textbox('Varför har de inte informerats?').fill(answers.guardiansNotInformedReason)
    }
  }
}

export class CheckAnswersPage extends PublicPage {
  readonly path = '/anmalan/kontrollera'
  readonly heading = 'Kontrollera dina svar innan du skickar'

  /** The answer in the row named `key`, within a person's section ("Barn 1") or a titled list ("Om dig"). */
  answer(key: string, within?: string): Locator {
    const scope = within ? this.page.getByRole('region', { name: within, exact: true }).or(this.page.locator(`h2:text-is("${within}") + dl`)) : this.page.getByRole('main')
    return scope
      .locator('.summary-list__row')
      .filter({ has: this.page.locator('dt').getByText(key, { exact: true }) })
      .locator('.summary-list__value')
  }

  /** "Ändra" with the visually hidden name of what it changes, e.g. "Ändra Beskrivning". */
  changeLink(what: string): Locator {
    return this.page.getByRole('link', { name: `Ändra ${what}`, exact: true })
  }

  get submitButton(): Locator {
    return this.page.getByRole('button', { name: 'Skicka anmälan' })
  }

  async submit(): Promise<void> {
    await this.submitButton.click()
  }
}

/** Characters of a reference: no 0/O or 1/I (app/domain/reference.ts). */
const REFERENCE_FORMAT = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{3}$/

export class ConfirmationPage extends PublicPage {
  readonly path = '/anmalan/bekraftelse'
  readonly heading = 'Anmälan är skickad'

  get referenceText(): Locator {
    return this.page.getByRole('main').getByText(REFERENCE_FORMAT)
  }

  /** The reference shown in the panel, checked for its format and its check symbol. */
  async reference(): Promise<string> {
    await expect(this.page.getByText('Ditt ärendenummer är')).toBeVisible()
    await expect(this.referenceText).toHaveCount(1)
    const reference = (await this.referenceText.innerText()).trim()
    expect(reference).toMatch(REFERENCE_FORMAT)
    expect(parseReference(reference), `${reference} has a valid check symbol`).toBe(reference.replaceAll('-', ''))
    return reference
  }
}

export class SafetyOnlinePage extends PublicPage {
  readonly path = '/sakerhet-pa-natet'
  readonly heading = 'Säkerhet på nätet'
}

export class AccessibilityStatementPage extends PublicPage {
  readonly path = '/tillganglighet'
  readonly heading = 'Tillgänglighetsredogörelse'
}

/** Every screen of the public form, bound to one page (tab). */
export class ReportForm {
  readonly start: StartPage
  readonly municipality: MunicipalityPage
  readonly whereabouts: WhereaboutsPage
  readonly concerns: ConcernsPage
  readonly people: PeoplePage
  readonly concern: ConcernPage
  readonly safety: SafetyPage
  readonly reporterKind: ReporterKindPage
  readonly privateReporter: PrivateReporterPage
  readonly professionalReporter: ProfessionalReporterPage
  readonly check: CheckAnswersPage
  readonly confirmation: ConfirmationPage

  constructor(
    readonly page: Page,
    readonly javaScriptEnabled: boolean,
  ) {
    this.start = new StartPage(page, javaScriptEnabled)
    this.municipality = new MunicipalityPage(page, javaScriptEnabled)
    this.whereabouts = new WhereaboutsPage(page, javaScriptEnabled)
    this.concerns = new ConcernsPage(page, javaScriptEnabled)
    this.people = new PeoplePage(page, javaScriptEnabled)
    this.concern = new ConcernPage(page, javaScriptEnabled)
    this.safety = new SafetyPage(page, javaScriptEnabled)
    this.reporterKind = new ReporterKindPage(page, javaScriptEnabled)
    this.privateReporter = new PrivateReporterPage(page, javaScriptEnabled)
    this.professionalReporter = new ProfessionalReporterPage(page, javaScriptEnabled)
    this.check = new CheckAnswersPage(page, javaScriptEnabled)
    this.confirmation = new ConfirmationPage(page, javaScriptEnabled)
  }

  /** The first steps of a report about one child in Tanum, up to the concern step: something typed to keep or lose. */
  async reachConcernStep(childName = 'Alva'): Promise<void> {
    await this.municipality.goto()
    await this.municipality.choose('Tanum')
    await this.concerns.verifyOnPage()
    await this.concerns.choose('Ett eller flera barn')
    await this.people.verifyOnPage()
    await this.people.fillChild(1, { name: childName })
    await this.people.continue()
    await this.concern.verifyOnPage()
  }
}
