import type { z } from 'zod'
import {
  concernSchema,
  concernsSchema,
  municipalitySchema,
  peopleSchema,
  reporterDetailsSchema,
  reporterKindSchema,
  safetySchema,
  whereaboutsSchema,
  type Person,
  type PrivateReporter,
  type ProfessionalReporter,
} from './report-schema'
import {
  safetyQuestionsFor,
  UNKNOWN_MUNICIPALITY,
  type ConcernCategory,
  type Concerns,
  type ReporterKind,
  type SafetyAnswer,
  type SafetyQuestionId,
  type SubjectKind,
} from './vocabulary'

/**
 * The public form as a sequence of steps. A draft holds each step's answers exactly as the
 * person typed them (so a page can show them again); whether the draft is complete is
 * decided here, by parsing every step that applies with that step's schema, in order.
 */
const STEPS = ['municipality', 'whereabouts', 'subjects', 'people', 'concern', 'safety', 'reporterKind', 'reporterDetails'] as const
export type StepId = (typeof STEPS)[number]

export const STEP_PATHS: Record<StepId | 'check' | 'confirmation', string> = {
  municipality: '/anmalan/kommun',
  whereabouts: '/anmalan/vistelseort',
  subjects: '/anmalan/vem',
  people: '/anmalan/personer',
  concern: '/anmalan/oro',
  safety: '/anmalan/sakerhet',
  reporterKind: '/anmalan/om-dig',
  reporterDetails: '/anmalan/kontaktuppgifter',
  check: '/anmalan/kontrollera',
  confirmation: '/anmalan/bekraftelse',
}

export type DraftAnswers = Partial<Record<StepId, Record<string, unknown>>>

export interface FlowContext {
  municipalityCodes: readonly string[]
  /** The reporter's calendar date in Europe/Stockholm, YYYY-MM-DD; birth dates may not be after it. */
  today: string
}

export type Subject = Person & { kind: SubjectKind }

export type Reporter = ({ kind: 'professional' } & ProfessionalReporter) | ({ kind: Exclude<ReporterKind, 'professional'> } & PrivateReporter)

export interface CompleteReport {
  municipalityCode: string
  /** True when the reporter did not know where the person lives and named where they are. */
  residenceUnknown: boolean
  concerns: Concerns
  subjects: Subject[]
  categories: ConcernCategory[]
  description: string
  safety: Partial<Record<SafetyQuestionId, SafetyAnswer>>
  reporter: Reporter
}

type Assessment = { status: 'complete'; report: CompleteReport } | { status: 'incomplete'; missing: StepId }

function parse<T extends z.ZodTypeAny>(schema: T, raw: unknown): z.output<T> | null {
  const result = schema.safeParse(raw ?? {})
  return result.success ? result.data : null
}

/**
 * The step's schema given the answers before it, or null when the step does not apply
 * (the whereabouts question when the municipality is known; the reporter-kind question
 * when the report is about oneself).
 */
export function stepSchema(step: StepId, answers: DraftAnswers, context: FlowContext): z.ZodTypeAny | null {
  switch (step) {
    case 'municipality':
      return municipalitySchema(context.municipalityCodes)
    case 'whereabouts':
      return answers.municipality?.municipality === UNKNOWN_MUNICIPALITY ? whereaboutsSchema(context.municipalityCodes) : null
    case 'subjects':
      return concernsSchema
    case 'people': {
      const concerns = parse(concernsSchema, answers.subjects)?.concerns
      return peopleSchema({ concerns: concerns ?? 'children', today: context.today })
    }
    case 'concern':
      return concernSchema
    case 'safety':
      return safetySchema(safetyQuestionsFor(subjectKinds(answers, context)))
    case 'reporterKind':
      return parse(concernsSchema, answers.subjects)?.concerns === 'self' ? null : reporterKindSchema
    case 'reporterDetails':
      return reporterDetailsSchema(reporterKindOf(answers) ?? 'private')
    default: {
      const unreachable: never = step
      throw new Error(`unknown step ${String(unreachable)}`)
    }
  }
}

export function reporterKindOf(answers: DraftAnswers): ReporterKind | null {
  if (parse(concernsSchema, answers.subjects)?.concerns === 'self') return 'self'
  return parse(reporterKindSchema, answers.reporterKind)?.kind ?? null
}

/** Children and adults among the people; before the people step is done, both kinds are possible. */
export function subjectKinds(answers: DraftAnswers, context: FlowContext): SubjectKind[] {
  const concerns = parse(concernsSchema, answers.subjects)?.concerns
  switch (concerns) {
    case 'children':
      return ['child']
    case 'adult':
      return ['adult']
    case 'self': {
      const people = parse(peopleSchema({ concerns, today: context.today }), answers.people)
      if (!people) return ['child', 'adult']
      return [people.selfIsChild === 'yes' ? 'child' : 'adult']
    }
    case undefined:
      return ['child', 'adult']
  }
}

export function applicableSteps(answers: DraftAnswers, context: FlowContext): StepId[] {
  return STEPS.filter((step) => stepSchema(step, answers, context) !== null)
}

/** The first step whose answers are missing or no longer valid, or the whole report. */
export function assessDraft(answers: DraftAnswers, context: FlowContext): Assessment {
  const parsed: Partial<Record<StepId, Record<string, unknown>>> = {}
  for (const step of applicableSteps(answers, context)) {
    const schema = stepSchema(step, answers, context)!
    const value = parse(schema, answers[step])
    if (!value) return { status: 'incomplete', missing: step }
    parsed[step] = value as Record<string, unknown>
  }
  const municipality = parsed.municipality as z.output<ReturnType<typeof municipalitySchema>>
  const whereabouts = parsed.whereabouts as z.output<ReturnType<typeof whereaboutsSchema>> | undefined
  const concerns = (parsed.subjects as z.output<typeof concernsSchema>).concerns
  const people = parsed.people as z.output<ReturnType<typeof peopleSchema>>
  const concern = parsed.concern as z.output<typeof concernSchema>
  const kind = reporterKindOf(answers)!
  const [subjectKind] = subjectKinds(answers, context)
  return {
    status: 'complete',
    report: {
      municipalityCode: whereabouts?.municipality ?? municipality.municipality,
      residenceUnknown: whereabouts !== undefined,
      concerns,
      subjects: people.people.map((person) => ({ ...person, kind: subjectKind! })),
      categories: concern.categories,
      description: concern.description,
      safety: parsed.safety as CompleteReport['safety'],
      reporter: { kind, ...parsed.reporterDetails } as Reporter,
    },
  }
}

/**
 * Where to go after a step is saved: back to "check your answers" when the person came
 * from there and nothing new is needed, otherwise the next step that is not done.
 * `returnUrl` is one that `safeReturnUrl` allowed.
 */
export function nextPath(answers: DraftAnswers, context: FlowContext, returnUrl: string | null): string {
  const assessment = assessDraft(answers, context)
  if (assessment.status === 'complete') return returnUrl ?? STEP_PATHS.check
  return STEP_PATHS[assessment.missing]
}

/**
 * A person may open a step only when every step before it is done; otherwise they are sent
 * to the first step that is not.
 */
export function guardStep(step: StepId, answers: DraftAnswers, context: FlowContext): string | null {
  const steps = applicableSteps(answers, context)
  if (!steps.includes(step)) {
    const assessment = assessDraft(answers, context)
    return assessment.status === 'complete' ? STEP_PATHS.check : STEP_PATHS[assessment.missing]
  }
  for (const earlier of steps.slice(0, steps.indexOf(step))) {
    if (!parse(stepSchema(earlier, answers, context)!, answers[earlier])) return STEP_PATHS[earlier]
  }
  return null
}

/** The municipality the report goes to as far as the answers tell yet, or null before it is known. */
export function municipalitySoFar(answers: DraftAnswers): string | null {
  const chosen = [answers.whereabouts?.municipality, answers.municipality?.municipality].find(
    (code): code is string => typeof code === 'string' && code !== UNKNOWN_MUNICIPALITY && /^\d{4}$/.test(code),
  )
  return chosen ?? null
}

/** PRODUCT.md: when someone may be in danger now, the 112 message stands out on every page after. */
export function someoneInDangerNow(answers: DraftAnswers): boolean {
  return answers.safety?.dangerNow === 'yes'
}

/** The "Tillbaka" link of a step: the step before it that applies, or the start page. */
export function previousPath(step: StepId | 'check', answers: DraftAnswers, context: FlowContext): string {
  const steps = applicableSteps(answers, context)
  const index = step === 'check' ? steps.length : steps.indexOf(step)
  const previous = index > 0 ? steps[index - 1] : undefined
  return previous ? STEP_PATHS[previous] : '/'
}
