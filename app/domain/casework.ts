import { z } from 'zod'
import { latestAtOrBefore } from './calendar'
import { blankToUndefined, typedNumber } from './form-values'

/**
 * What the intake unit records on a report (SoL 11 kap. 1 a §): the protection assessment
 * ("skyddsbedömning", made at once) and the initial assessment ("förhandsbedömning", within
 * 14 days): whether to open an investigation; and a transfer to the right municipality.
 * The outcomes are stored as they are named here (reports.decision, the 'decision' event).
 */
export const INITIAL_ASSESSMENTS = ['open', 'notOpen', 'alreadyOpen', 'notForSocialServices'] as const
export type InitialAssessment = (typeof INITIAL_ASSESSMENTS)[number]

const requiredNote = z.preprocess(blankToUndefined, z.string({ required_error: 'casework.reason.required' }).trim().max(5000, 'text.tooLong'))
const optionalNote = z.preprocess(blankToUndefined, z.string().trim().max(5000, 'text.tooLong').optional())

const protectionAssessmentSchema = z.object({
  intent: z.literal('protectionAssessment'),
  protectionNeeded: z.preprocess(blankToUndefined, z.enum(['yes', 'no'], { errorMap: () => ({ message: 'casework.protectionNeeded.required' }) })),
  note: optionalNote,
})

const initialAssessmentSchema = z.object({
  intent: z.literal('initialAssessment'),
  initialAssessment: z.preprocess(blankToUndefined, z.enum(INITIAL_ASSESSMENTS, { errorMap: () => ({ message: 'casework.initialAssessment.required' }) })),
  reason: requiredNote,
})

function transferSchema(currentMunicipality: string, municipalityCodes: readonly string[]) {
  return z.object({
    intent: z.literal('transfer'),
    municipality: z.preprocess(
      blankToUndefined,
      z
        .string({ required_error: 'casework.transfer.required' })
        .refine((code) => municipalityCodes.includes(code), 'casework.transfer.required')
        // Transferring a report to where it already is would log a breach that did not happen.
        .refine((code) => code !== currentMunicipality, 'casework.transfer.same'),
    ),
    reason: requiredNote,
  })
}

const assignSchema = z.object({ intent: z.literal('assign') })

/** What the jour did during the night, each recorded with its time and a note. */
export const JOUR_ACTIONS = ['calledReporter', 'calledPerson', 'contactedPolice', 'contactedHealthCare', 'homeVisit', 'emergencyPlacement', 'adviceGiven', 'other'] as const
export type JourAction = (typeof JOUR_ACTIONS)[number]

const acknowledgeSchema = z.object({ intent: z.literal('acknowledge') })

export const jourActionSchema = z.object({
  intent: z.literal('jourAction'),
  action: z.preprocess(blankToUndefined, z.enum(JOUR_ACTIONS, { errorMap: () => ({ message: 'casework.jourAction.required' }) })),
  /** When it was done, HH:MM in Stockholm; blank means now. */
  time: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^([01]?[0-9]|2[0-3])[:.][0-5][0-9]$/, 'casework.jourAction.time')
      .optional(),
  ),
  /** The jour's working minutes on it: Socialjouren Nordost splits half its cost by time per municipality. */
  minutes: z.preprocess(
    typedNumber,
    z
      .number({ invalid_type_error: 'casework.jourAction.minutes' })
      .int('casework.jourAction.minutes')
      .min(1, 'casework.jourAction.minutes')
      .max(24 * 60, 'casework.jourAction.minutes')
      .optional(),
  ),
  note: optionalNote,
})

/**
 * When a jour action the jour typed as "HH:MM" was done: the latest such moment at or before
 * now ("22:40" written after midnight means last evening), and only between the report's
 * arrival (to the minute) and now. The timeline is evidence: an action dated before the report
 * existed cannot have happened, so such a time is refused (null) rather than moved.
 */
export function jourActionTime(time: string | undefined, receivedAt: Date, now: Date): Date | null {
  if (!time) return now
  const performedAt = latestAtOrBefore(time, now)
  const receivedMinute = Math.floor(receivedAt.getTime() / 60_000) * 60_000
  return performedAt.getTime() >= receivedMinute ? performedAt : null
}

/** The jour's account to the municipality ("återrapport"), for the intake unit in the morning. */
const handoverSchema = z.object({
  intent: z.literal('handover'),
  note: z.preprocess(blankToUndefined, z.string({ required_error: 'casework.handover.required' }).trim().max(5000, 'text.tooLong')),
})

/** The acts of each role on a report: the intake unit assesses, the jour acknowledges, acts and hands over. */
export const CASEWORK_INTENTS = {
  intake: ['assign', 'protectionAssessment', 'initialAssessment', 'transfer'],
  jour: ['acknowledge', 'jourAction', 'handover'],
} as const satisfies Record<'intake' | 'jour', ReadonlyArray<CaseworkIntent>>

/**
 * Every act on a report, told apart by its `intent`: one parse, one exhaustive switch.
 * A transfer needs to know where the report is and where it may go.
 */
export function caseworkSchema(currentMunicipality: string, municipalityCodes: readonly string[]) {
  return z.discriminatedUnion('intent', [
    assignSchema,
    protectionAssessmentSchema,
    initialAssessmentSchema,
    transferSchema(currentMunicipality, municipalityCodes),
    acknowledgeSchema,
    jourActionSchema,
    handoverSchema,
  ])
}

export type CaseworkInput = z.infer<ReturnType<typeof caseworkSchema>>
export type CaseworkIntent = CaseworkInput['intent']
