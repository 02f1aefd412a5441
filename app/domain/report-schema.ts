import Personnummer from 'personnummer'
import { z } from 'zod'
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

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong)
const optionalText = (max: number) => text(max, 'text.tooLong').optional()
const requiredText = (max: number, required: string) =>
  z.string({ required_error: required }).trim().min(1, required).max(max, 'text.tooLong')

const PHONE = /^\+?[0-9][0-9 ()-]{5,18}[0-9]$/
const phone = z.string().trim().regex(PHONE, 'phone.invalid')
const email = z.string().trim().max(254, 'email.invalid').email('email.invalid')

export function municipalitySchema(municipalityCodes: readonly string[]) {
  return z.object({
    municipality: z
      .string({ required_error: 'municipality.required' })
      .refine((code) => code === UNKNOWN_MUNICIPALITY || municipalityCodes.includes(code), 'municipality.required'),
  })
}

/** Asked only when the reporter does not know where the person lives: the report goes where they are. */
export function whereaboutsSchema(municipalityCodes: readonly string[]) {
  return z.object({
    municipality: z
      .string({ required_error: 'whereabouts.required' })
      .refine((code) => municipalityCodes.includes(code), 'whereabouts.required'),
  })
}

export const concernsSchema = z.object({
  concerns: z.enum(CONCERNS, { required_error: 'concerns.required', invalid_type_error: 'concerns.required' }),
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

const MAX_PEOPLE = 10

/**
 * The people a report concerns. Everything is optional: a neighbour may know only that
 * "a girl of about six" lives next door. What is given must be valid.
 */
export function peopleSchema(context: { concerns: Concerns; today: string }) {
  const maxAge = context.concerns === 'children' ? 17 : 120
  const minAge = context.concerns === 'adult' ? 18 : 0
  const person = z
    .object({
      name: optionalText(200),
      personalIdentityNumber: z
        .string()
        .trim()
        .refine((value) => Personnummer.valid(value), 'personalIdentityNumber.invalid')
        .transform((value) => Personnummer.parse(value).format(true))
        .optional(),
      birthDate: z
        .string()
        .trim()
        .refine((value) => isPastDate(value, context.today), 'birthDate.invalid')
        .optional(),
      approximateAge: z.coerce
        .number({ invalid_type_error: 'approximateAge.invalid' })
        .int('approximateAge.invalid')
        .min(minAge, context.concerns === 'adult' ? 'approximateAge.adult' : 'approximateAge.invalid')
        .max(maxAge, context.concerns === 'children' ? 'approximateAge.child' : 'approximateAge.invalid')
        .optional(),
      whereabouts: optionalText(500),
      school: optionalText(200),
      guardians: optionalText(1000),
      interpreterNeeded: z.boolean().optional(),
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
      selfIsChild: z.enum(['yes', 'no'], { required_error: 'selfIsChild.required', invalid_type_error: 'selfIsChild.required' }),
    })
  }
  return z.object({ people, selfIsChild: z.undefined().optional() })
}
export type Person = z.infer<ReturnType<typeof peopleSchema>>['people'][number]

export const concernSchema = z.object({
  categories: z
    .array(z.enum(CONCERN_CATEGORIES, { invalid_type_error: 'categories.required' }), {
      required_error: 'categories.required',
    })
    .min(1, 'categories.required'),
  description: requiredText(10_000, 'description.required'),
})

export function safetySchema(questions: readonly SafetyQuestionId[]) {
  const shape = Object.fromEntries(
    questions.map((id) => [
      id,
      z.enum(SAFETY_ANSWERS, { required_error: 'safety.required', invalid_type_error: 'safety.required' }),
    ]),
  )
  return z.object(shape) as z.ZodObject<Record<SafetyQuestionId, z.ZodEnum<[...typeof SAFETY_ANSWERS]>>>
}

export const reporterKindSchema = z.object({
  kind: z.enum(REPORTER_KINDS, { required_error: 'reporterKind.required', invalid_type_error: 'reporterKind.required' }),
})

/**
 * A mandated reporter ("anmälningsskyldig") must say who they are (SoL 14 kap. 1 §): no
 * anonymous field exists in their schema at all. Everyone else may stay anonymous, or give
 * a name and at least one way to be reached.
 */
export const professionalReporterSchema = z
  .object({
    name: requiredText(200, 'reporterName.required'),
    organisationType: z.enum(ORGANISATION_TYPES, {
      required_error: 'organisationType.required',
      invalid_type_error: 'organisationType.required',
    }),
    organisationName: requiredText(200, 'organisationName.required'),
    role: requiredText(200, 'role.required'),
    phone: z.string({ required_error: 'phone.required' }).trim().regex(PHONE, 'phone.invalid'),
    email: z.string({ required_error: 'workEmail.required' }).trim().max(254, 'email.invalid').email('email.invalid'),
    guardiansInformed: z.enum(['yes', 'no', 'notApplicable'], {
      required_error: 'guardiansInformed.required',
      invalid_type_error: 'guardiansInformed.required',
    }),
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
    anonymous: z.enum(['yes', 'no'], { required_error: 'anonymous.required', invalid_type_error: 'anonymous.required' }),
    name: optionalText(200),
    phone: phone.optional(),
    email: email.optional(),
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
