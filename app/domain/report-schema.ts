import Personnummer from 'personnummer'
import { z } from 'zod'
import { keptValues } from './kept-values'
import { blankToUndefined, email, optional, requiredText } from './form-values'
import {
  CONCERN_CATEGORIES,
  CONCERNS,
  ORGANISATION_TYPES,
  REPORTER_KINDS,
  SAFETY_ANSWERS,
  UNKNOWN_MUNICIPALITY,
  type Concerns,
  type ReporterKind,
  type SafetyQuestionId,
} from './vocabulary'

/**
 * One zod schema per step of the public form. The same schema validates on the server
 * and, with JavaScript on, in the browser. Error messages are keys into the `errors`
 * namespace, translated when the page renders.
 */

/** Besides blank text (form-values.ts): a ticked checkbox is "on", one ticked box of many is a lone string. */
const optionalText = (max: number) => optional(z.string().trim().max(max, 'text.tooLong'))
/** One of a closed list; anything else, or nothing, gets the same message. */
const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) => z.preprocess(blankToUndefined, z.enum(values, { errorMap: () => ({ message }) }))
const checkbox = z.preprocess((value) => value === 'on' || value === true, z.boolean())
const list = <T extends z.ZodTypeAny>(item: T, required: string) =>
  z.preprocess((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]), z.array(item).min(1, required))

const PHONE = /^\+?[0-9][0-9 ()-]{5,18}[0-9]$/
const phone = z.string().trim().regex(PHONE, 'phone.invalid')

/** The longest description a report takes; the concern step counts down to it. */
export const DESCRIPTION_MAX_LENGTH = 10_000

/**
 * A schema factory that keeps what it made, by a key of its arguments: schemas never change,
 * and every step page asks for each step's schema to know where the person is (building them
 * anew was a tenth of a citizen page's CPU). Keys are few (the municipality list, the kind of
 * report and the day, a set of questions); the kept ones are dropped whole if they ever grow.
 */
function keptSchemas<Args extends unknown[], Schema>(keyOf: (...args: Args) => string, make: (...args: Args) => Schema): (...args: Args) => Schema {
  const kept = keptValues<string, Schema>(100)
  return (...args) => {
    const key = keyOf(...args)
    return kept.get(key) ?? kept.keep(key, make(...args))
  }
}

export const municipalitySchema = keptSchemas(
  (municipalityCodes: readonly string[]) => municipalityCodes.join(','),
  (municipalityCodes) =>
    z.object({
      municipality: choice([UNKNOWN_MUNICIPALITY, ...municipalityCodes], 'municipality.required'),
    }),
)

/** Asked only when the reporter does not know where the person lives: the report goes where they are. */
export const whereaboutsSchema = keptSchemas(
  (municipalityCodes: readonly string[]) => municipalityCodes.join(','),
  (municipalityCodes) =>
    z.object({
      municipality: z.preprocess(
        blankToUndefined,
        z.string({ required_error: 'whereabouts.required' }).refine((code) => municipalityCodes.includes(code), 'whereabouts.required'),
      ),
    }),
)

export const concernsSchema = z.object({
  concerns: choice(CONCERNS, 'concerns.required'),
})

/** A calendar date written YYYY-MM-DD that exists (no 31 February) and is not after `today`. */
function isPastDate(value: string, today: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return exists && year >= 1900 && value <= today
}

export const MAX_PEOPLE = 10

/**
 * The people a report concerns. Everything is optional: a neighbour may know only that
 * "a girl of about six" lives next door. What is given must be valid.
 */
export const peopleSchema = keptSchemas((context: { concerns: Concerns; today: string }) => `${context.concerns}|${context.today}`, peopleSchemaOf)

function peopleSchemaOf(context: { concerns: Concerns; today: string }) {
  const maxAge = context.concerns === 'children' ? 17 : 120
  const minAge = context.concerns === 'adult' ? 18 : 0
  const person = z
    .object({
      name: optionalText(200),
      personalIdentityNumber: optional(
        z
          .string()
          .trim()
          .refine((value) => Personnummer.valid(value), 'personalIdentityNumber.invalid')
          .transform((value) => Personnummer.parse(value).format(true)),
      ),
      birthDate: optional(
        z
          .string()
          .trim()
          .refine((value) => isPastDate(value, context.today), 'birthDate.invalid'),
      ),
      approximateAge: optional(
        z.coerce
          .number({ invalid_type_error: 'approximateAge.invalid' })
          .int('approximateAge.invalid')
          .min(minAge, context.concerns === 'adult' ? 'approximateAge.adult' : 'approximateAge.invalid')
          .max(maxAge, context.concerns === 'children' ? 'approximateAge.child' : 'approximateAge.invalid'),
      ),
      whereabouts: optionalText(500),
      school: optionalText(200),
      guardians: optionalText(1000),
      interpreterNeeded: checkbox,
      interpreterLanguage: optionalText(100),
    })
    .superRefine((value, ctx) => {
      if (value.interpreterNeeded && !value.interpreterLanguage) {
        ctx.addIssue({ code: 'custom', path: ['interpreterLanguage'], message: 'interpreterLanguage.required' })
      }
    })
  const people = z
    .array(person)
    .min(1, 'people.required')
    .max(context.concerns === 'children' ? MAX_PEOPLE : 1, 'people.tooMany')

  if (context.concerns === 'self') {
    return z.object({
      people,
      selfIsChild: choice(['yes', 'no'], 'selfIsChild.required'),
    })
  }
  return z.object({ people, selfIsChild: z.undefined().optional() })
}
export type Person = z.infer<ReturnType<typeof peopleSchema>>['people'][number]

export const concernSchema = z.object({
  categories: list(choice(CONCERN_CATEGORIES, 'categories.required'), 'categories.required'),
  description: requiredText(DESCRIPTION_MAX_LENGTH, 'description.required'),
})

export const safetySchema = keptSchemas(
  (questions: readonly SafetyQuestionId[]) => questions.join(','),
  (questions) => {
    const shape = Object.fromEntries(questions.map((id) => [id, choice(SAFETY_ANSWERS, 'safety.required')]))
    return z.object(shape) as z.ZodObject<Record<SafetyQuestionId, ReturnType<typeof choice<typeof SAFETY_ANSWERS>>>>
  },
)

export const reporterKindSchema = z.object({
  kind: choice(REPORTER_KINDS, 'reporterKind.required'),
})

/**
 * A mandated reporter ("anmälningsskyldig") must say who they are (SoL 14 kap. 1 §): no
 * anonymous field exists in their schema at all. Everyone else may stay anonymous, or give
 * a name and at least one way to be reached.
 */
export const professionalReporterSchema = z
  // In the order the page asks, which is the order of the error summary (GOV.UK).
  .object({
    name: requiredText(200, 'reporterName.required'),
    phone: z.preprocess(blankToUndefined, z.string({ required_error: 'phone.required' }).pipe(phone)),
    email: z.preprocess(blankToUndefined, z.string({ required_error: 'workEmail.required' }).pipe(email)),
    organisationType: choice(ORGANISATION_TYPES, 'organisationType.required'),
    organisationName: requiredText(200, 'organisationName.required'),
    role: requiredText(200, 'role.required'),
    guardiansInformed: choice(['yes', 'no', 'notApplicable'], 'guardiansInformed.required'),
    guardiansNotInformedReason: optionalText(2000),
  })
  .superRefine((value, ctx) => {
    if (value.guardiansInformed === 'no' && !value.guardiansNotInformedReason) {
      ctx.addIssue({ code: 'custom', path: ['guardiansNotInformedReason'], message: 'guardiansNotInformedReason.required' })
    }
  })
  .transform((value) => ({ ...value, anonymous: false as const }))

export const privateReporterSchema = z
  .object({
    anonymous: choice(['yes', 'no'], 'anonymous.required'),
    name: optionalText(200),
    phone: optional(phone),
    email: optional(email),
    relation: optionalText(200),
  })
  .superRefine((value, ctx) => {
    if (value.anonymous === 'yes') return
    if (!value.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'reporterName.required' })
    if (!value.phone && !value.email) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'contact.required' })
  })
  // An anonymous reporter's half-typed name or number is dropped, never stored.
  .transform((value) =>
    value.anonymous === 'yes'
      ? { anonymous: true as const, relation: value.relation }
      : { anonymous: false as const, name: value.name, phone: value.phone, email: value.email, relation: value.relation },
  )

export function reporterDetailsSchema(kind: ReporterKind) {
  return kind === 'professional' ? professionalReporterSchema : privateReporterSchema
}
export type ProfessionalReporter = z.output<typeof professionalReporterSchema>
export type PrivateReporter = z.output<typeof privateReporterSchema>
