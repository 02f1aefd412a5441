/** The closed lists a report is made of; their ids are stored, their words live in the locales. */

export const CONCERN_CATEGORIES = [
  'physicalViolence',
  'psychologicalViolence',
  'sexualAbuse',
  'neglect',
  'parentalSubstanceAbuse',
  'domesticViolence',
  'honourViolence',
  'childBehaviour',
  'mentalIllHealth',
  'homelessness',
  'elderlyNotCoping',
  'other',
] as const
export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number]

export type SubjectKind = 'child' | 'adult'

/**
 * The safety questions of PRODUCT.md ("What urgent means"). Each asks about tonight, so the
 * answers can decide whether the on-call jour must act; `appliesTo` keeps child-only
 * questions off a report about an adult.
 */
export const SAFETY_QUESTIONS = [
  { id: 'dangerNow', appliesTo: ['child', 'adult'] },
  { id: 'injured', appliesTo: ['child', 'adult'] },
  { id: 'childAlone', appliesTo: ['child'] },
  { id: 'afraidToGoHome', appliesTo: ['child', 'adult'] },
  { id: 'abuserAccessTonight', appliesTo: ['child', 'adult'] },
  { id: 'sexualAbuseAccess', appliesTo: ['child', 'adult'] },
  { id: 'suicideRisk', appliesTo: ['child', 'adult'] },
  { id: 'takenAbroad', appliesTo: ['child', 'adult'] },
  { id: 'caregiverIntoxicated', appliesTo: ['child'] },
  { id: 'nowhereToSleep', appliesTo: ['child', 'adult'] },
] as const satisfies ReadonlyArray<{ id: string; appliesTo: readonly SubjectKind[] }>
export type SafetyQuestionId = (typeof SAFETY_QUESTIONS)[number]['id']

export const SAFETY_ANSWERS = ['yes', 'no', 'unknown'] as const
export type SafetyAnswer = (typeof SAFETY_ANSWERS)[number]

export function safetyQuestionsFor(kinds: readonly SubjectKind[]): SafetyQuestionId[] {
  return SAFETY_QUESTIONS.filter((question) => kinds.some((kind) => (question.appliesTo as readonly SubjectKind[]).includes(kind))).map((question) => question.id)
}

/** Who the report concerns, as asked on the "who" page. */
export const CONCERNS = ['children', 'adult', 'self'] as const
export type Concerns = (typeof CONCERNS)[number]

export const REPORTER_KINDS = ['private', 'professional', 'self'] as const
export type ReporterKind = (typeof REPORTER_KINDS)[number]

export const ORGANISATION_TYPES = ['preschool', 'school', 'healthCare', 'dentalCare', 'police', 'socialServices', 'other'] as const
export type OrganisationType = (typeof ORGANISATION_TYPES)[number]

/** The pseudo-municipality chosen when the reporter does not know where the person lives. */
export const UNKNOWN_MUNICIPALITY = 'unknown'
