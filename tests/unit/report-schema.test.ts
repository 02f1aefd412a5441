import { describe, expect, it } from 'vitest'
import {
  concernSchema,
  concernsSchema,
  municipalitySchema,
  peopleSchema,
  privateReporterSchema,
  professionalReporterSchema,
  reporterDetailsSchema,
  safetySchema,
  whereaboutsSchema,
} from '~/domain/report-schema'
import { safetyQuestionsFor } from '~/domain/vocabulary'

const TODAY = '2026-11-23'
const CODES = ['0160', '1233']

/** The error keys a schema gives for an input, by field path; what the person sees, translated. */
function errorsOf(schema: { safeParse: (input: unknown) => { success: boolean; error?: { issues: Array<{ path: (string | number)[]; message: string }> } } }, input: unknown) {
  const result = schema.safeParse(input)
  if (result.success) return {}
  return Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]))
}

describe('municipality', () => {
  it.each([
    ['a municipality we serve', { municipality: '0160' }, {}],
    ['"I don\'t know"', { municipality: 'unknown' }, {}],
    ['nothing chosen', {}, { municipality: 'municipality.required' }],
    ['a code we do not serve', { municipality: '9999' }, { municipality: 'municipality.required' }],
  ])('%s', (_name, input, expected) => {
    expect(errorsOf(municipalitySchema(CODES), input)).toEqual(expected)
  })

  it('does not accept "I don\'t know" as where the person is now', () => {
    expect(errorsOf(whereaboutsSchema(CODES), { municipality: 'unknown' })).toEqual({ municipality: 'whereabouts.required' })
    expect(errorsOf(whereaboutsSchema(CODES), { municipality: '1233' })).toEqual({})
  })
})

describe('who the report concerns', () => {
  it.each([
    [{ concerns: 'children' }, {}],
    [{ concerns: 'adult' }, {}],
    [{ concerns: 'self' }, {}],
    [{}, { concerns: 'concerns.required' }],
    [{ concerns: 'pets' }, { concerns: 'concerns.required' }],
  ])('%j', (input, expected) => {
    expect(errorsOf(concernsSchema, input)).toEqual(expected)
  })
})

describe('the people a report concerns', () => {
  const children = peopleSchema({ concerns: 'children', today: TODAY })
  const adult = peopleSchema({ concerns: 'adult', today: TODAY })
  const self = peopleSchema({ concerns: 'self', today: TODAY })

  it('lets a private reporter leave every detail out', () => {
    expect(errorsOf(children, { people: [{}] })).toEqual({})
  })

  it.each([
    ['a personnummer with a dash', '20150412-1235', {}],
    ['a personnummer without century', '150412-1235', {}],
    ['a samordningsnummer (day + 60)', '19850769-9802', {}],
    ['a wrong check digit', '20150412-1234', { 'people.0.personalIdentityNumber': 'personalIdentityNumber.invalid' }],
    ['letters', 'abc', { 'people.0.personalIdentityNumber': 'personalIdentityNumber.invalid' }],
  ])('checks the personnummer: %s', (_name, personalIdentityNumber, expected) => {
    expect(errorsOf(children, { people: [{ personalIdentityNumber }] })).toEqual(expected)
  })

  it('stores a personnummer in one long form however it was typed', () => {
    const parsed = children.parse({ people: [{ personalIdentityNumber: '150412-1235' }] })
    expect(parsed.people[0]!.personalIdentityNumber).toBe('201504121235')
  })

  it.each([
    ['a real past date', '2015-04-12', {}],
    ['today', TODAY, {}],
    ['a date after today', '2026-11-24', { 'people.0.birthDate': 'birthDate.invalid' }],
    ['31 February', '2015-02-31', { 'people.0.birthDate': 'birthDate.invalid' }],
    ['day-month-year', '12-04-2015', { 'people.0.birthDate': 'birthDate.invalid' }],
  ])('checks the birth date: %s', (_name, birthDate, expected) => {
    expect(errorsOf(children, { people: [{ birthDate }] })).toEqual(expected)
  })

  it.each([
    [children, '6', {}],
    [children, '18', { 'people.0.approximateAge': 'approximateAge.child' }],
    [children, 'sex', { 'people.0.approximateAge': 'approximateAge.invalid' }],
    [children, '6.5', { 'people.0.approximateAge': 'approximateAge.invalid' }],
    [adult, '17', { 'people.0.approximateAge': 'approximateAge.adult' }],
    [adult, '82', {}],
  ])('checks an approximate age against child or adult (%#)', (schema, approximateAge, expected) => {
    expect(errorsOf(schema, { people: [{ approximateAge }] })).toEqual(expected)
  })

  it('needs the language when an interpreter is needed', () => {
    expect(errorsOf(children, { people: [{ interpreterNeeded: 'on' }] })).toEqual({
      'people.0.interpreterLanguage': 'interpreterLanguage.required',
    })
    expect(errorsOf(children, { people: [{ interpreterNeeded: 'on', interpreterLanguage: 'arabiska' }] })).toEqual({})
  })

  it('takes siblings in one report, up to ten, but one adult', () => {
    expect(errorsOf(children, { people: Array(10).fill({}) })).toEqual({})
    expect(errorsOf(children, { people: Array(11).fill({}) })).toEqual({ people: 'people.tooMany' })
    expect(errorsOf(adult, { people: [{}, {}] })).toEqual({ people: 'people.tooMany' })
  })

  it('asks a person reporting about themself whether they are a child', () => {
    expect(errorsOf(self, { people: [{}] })).toEqual({ selfIsChild: 'selfIsChild.required' })
    expect(errorsOf(self, { people: [{}], selfIsChild: 'yes' })).toEqual({})
  })
})

describe('the concern', () => {
  it('needs at least one category and a description', () => {
    expect(errorsOf(concernSchema, {})).toEqual({ categories: 'categories.required', description: 'description.required' })
    expect(errorsOf(concernSchema, { categories: ['neglect'], description: '   ' })).toEqual({ description: 'description.required' })
    expect(errorsOf(concernSchema, { categories: ['neglect', 'sexualAbuse'], description: 'Hon vågar inte gå hem' })).toEqual({})
  })

  it('refuses an unknown category and a description over 10 000 characters', () => {
    expect(errorsOf(concernSchema, { categories: ['weather'], description: 'x' })).toEqual({ 'categories.0': 'categories.required' })
    expect(errorsOf(concernSchema, { categories: ['other'], description: 'x'.repeat(10_001) })).toEqual({ description: 'text.tooLong' })
  })
})

describe('the safety questions', () => {
  it('asks the child-only questions only when a child is concerned', () => {
    expect(safetyQuestionsFor(['child'])).toContain('childAlone')
    expect(safetyQuestionsFor(['adult'])).not.toContain('childAlone')
    expect(safetyQuestionsFor(['adult'])).not.toContain('caregiverIntoxicated')
    expect(safetyQuestionsFor(['adult'])).toContain('dangerNow')
  })

  it("needs yes, no or don't know to every question asked", () => {
    const schema = safetySchema(['dangerNow', 'injured'])
    expect(errorsOf(schema, { dangerNow: 'yes' })).toEqual({ injured: 'safety.required' })
    expect(errorsOf(schema, { dangerNow: 'maybe', injured: 'unknown' })).toEqual({ dangerNow: 'safety.required' })
    expect(errorsOf(schema, { dangerNow: 'no', injured: 'unknown' })).toEqual({})
  })
})

describe('the reporter', () => {
  const professional = {
    name: 'Karin Lärare',
    organisationType: 'school',
    organisationName: 'Tibble skola',
    role: 'Mentor',
    phone: '08-123 456 78',
    email: 'karin@skola.example',
    guardiansInformed: 'yes',
  }

  it('never lets a professional reporter be anonymous', () => {
    const parsed = professionalReporterSchema.parse({ ...professional, anonymous: 'yes' })
    expect(parsed.anonymous).toBe(false)
    expect(reporterDetailsSchema('professional')).toBe(professionalReporterSchema)
  })

  it.each([
    ['name', 'reporterName.required'],
    ['organisationType', 'organisationType.required'],
    ['organisationName', 'organisationName.required'],
    ['role', 'role.required'],
    ['phone', 'phone.required'],
    ['email', 'workEmail.required'],
    ['guardiansInformed', 'guardiansInformed.required'],
  ])("needs a professional reporter's %s", (field, message) => {
    const { [field as keyof typeof professional]: _left, ...rest } = professional
    expect(errorsOf(professionalReporterSchema, rest)).toEqual({ [field]: message })
  })

  it("checks a professional's phone and e-mail and asks why guardians were not told", () => {
    expect(errorsOf(professionalReporterSchema, { ...professional, phone: 'ring mig', email: 'karin' })).toEqual({
      phone: 'phone.invalid',
      email: 'email.invalid',
    })
    expect(errorsOf(professionalReporterSchema, { ...professional, guardiansInformed: 'no' })).toEqual({
      guardiansNotInformedReason: 'guardiansNotInformedReason.required',
    })
  })

  it('drops whatever an anonymous private reporter typed about themself', () => {
    const parsed = privateReporterSchema.parse({ anonymous: 'yes', name: 'Nils Granne', phone: '070-123 45 67' })
    expect(parsed).toEqual({ anonymous: true, relation: undefined })
  })

  it('needs a name and a way to reach a private reporter who is not anonymous', () => {
    expect(errorsOf(privateReporterSchema, { anonymous: 'no' })).toEqual({ name: 'reporterName.required', phone: 'contact.required' })
    expect(errorsOf(privateReporterSchema, { anonymous: 'no', name: 'Nils', email: 'nils@example.se' })).toEqual({})
    expect(errorsOf(privateReporterSchema, {})).toEqual({ anonymous: 'anonymous.required' })
  })
})
