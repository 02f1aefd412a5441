import type { CompleteReport } from './report-flow'
import { SAFETY_QUESTIONS, type ConcernCategory, type SafetyQuestionId } from './vocabulary'

/**
 * How urgent a report is (PRODUCT.md, "What urgent means"):
 * - `immediate`: someone may be in danger now or tonight; a social worker's contact within 30 minutes;
 * - `urgent`: a protection assessment the same day or first thing the next working day;
 * - `standard`: the initial assessment within the normal 14 days.
 */
export const LEVELS = ['immediate', 'urgent', 'standard'] as const
export type Level = (typeof LEVELS)[number]

/** Stored with every report, so a decision can be explained by the rules as they were. */
export const RULESET_VERSION = '2026-11-23.1'

export type TriageInput = Pick<CompleteReport, 'safety' | 'categories'> & { subjectKinds: ReadonlyArray<'child' | 'adult'> }

export interface TriageRule {
  /** Stable: stored with reports and named in the locales (`staff:rules.<id>`). */
  id: string
  level: Exclude<Level, 'standard'>
  fires: (input: TriageInput) => boolean
}

const VIOLENCE_OR_ABUSE: readonly ConcernCategory[] = ['physicalViolence', 'psychologicalViolence', 'sexualAbuse', 'domesticViolence', 'honourViolence']

/**
 * A "yes" to any safety question means danger now or tonight. A "don't know" never lowers
 * the level: it makes the report at least urgent, so a person must look at it today.
 */
const safetyRules: TriageRule[] = SAFETY_QUESTIONS.flatMap(({ id }) => [
  { id: `safety.${id}.yes`, level: 'immediate' as const, fires: (input: TriageInput) => input.safety[id as SafetyQuestionId] === 'yes' },
  { id: `safety.${id}.unknown`, level: 'urgent' as const, fires: (input: TriageInput) => input.safety[id as SafetyQuestionId] === 'unknown' },
])

export const TRIAGE_RULES: readonly TriageRule[] = [
  ...safetyRules,
  {
    // A child exposed to violence or sexual abuse needs a protection assessment today.
    id: 'child.violenceOrAbuse',
    level: 'urgent',
    fires: (input) => input.subjectKinds.includes('child') && input.categories.some((category) => VIOLENCE_OR_ABUSE.includes(category)),
  },
  {
    // Honour-related oppression often concerns young adults too, and escalates fast.
    id: 'concern.honourViolence',
    level: 'urgent',
    fires: (input) => input.categories.includes('honourViolence'),
  },
]

export interface Triage {
  level: Level
  /** Every rule that fired, in rule order; empty for `standard`. */
  rules: string[]
  rulesetVersion: string
}

export function triage(input: TriageInput): Triage {
  const fired = TRIAGE_RULES.filter((rule) => rule.fires(input))
  const level: Level = fired.some((rule) => rule.level === 'immediate') ? 'immediate' : fired.length > 0 ? 'urgent' : 'standard'
  return { level, rules: fired.map((rule) => rule.id), rulesetVersion: RULESET_VERSION }
}

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level)
}
