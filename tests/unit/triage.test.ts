import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { levelRank, triage, type TriageInput } from '~/domain/triage'
import { CONCERN_CATEGORIES, SAFETY_ANSWERS, SAFETY_QUESTIONS, type SafetyAnswer } from '~/domain/vocabulary'

const allNo = Object.fromEntries(SAFETY_QUESTIONS.map(({ id }) => [id, 'no'])) as TriageInput['safety']
const child = (overrides: Partial<TriageInput> = {}): TriageInput => ({ safety: allNo, categories: ['neglect'], subjectKinds: ['child'], ...overrides })

describe('triage', () => {
  it.each([
    ['a child who does not dare go home', { safety: { ...allNo, afraidToGoHome: 'yes' } }, 'immediate', ['safety.afraidToGoHome.yes']],
    ['someone in danger now', { safety: { ...allNo, dangerNow: 'yes' } }, 'immediate', ['safety.dangerNow.yes']],
    ['a caregiver intoxicated with a small child now', { safety: { ...allNo, caregiverIntoxicated: 'yes' } }, 'immediate', ['safety.caregiverIntoxicated.yes']],
    ['nowhere to sleep tonight', { safety: { ...allNo, nowhereToSleep: 'yes' } }, 'immediate', ['safety.nowhereToSleep.yes']],
    ['a child exposed to violence, no danger tonight', { categories: ['physicalViolence'] }, 'urgent', ['child.violenceOrAbuse']],
    ['a child and suspected sexual abuse', { categories: ['sexualAbuse'] }, 'urgent', ['child.violenceOrAbuse']],
    ['"don\'t know" whether anyone is in danger now', { safety: { ...allNo, dangerNow: 'unknown' } }, 'urgent', ['safety.dangerNow.unknown']],
    ['neglect with every safety answer no', {}, 'standard', []],
  ] as const)('%s -> %s', (_name, overrides, level, rules) => {
    const result = triage(child(overrides as Partial<TriageInput>))
    expect(result.level).toBe(level)
    expect(result.rules).toEqual(rules)
  })

  it('does not raise an adult report for violence alone, but does for honour-related oppression', () => {
    expect(triage({ safety: allNo, categories: ['domesticViolence'], subjectKinds: ['adult'] }).level).toBe('standard')
    expect(triage({ safety: allNo, categories: ['honourViolence'], subjectKinds: ['adult'] }).rules).toEqual(['concern.honourViolence'])
  })

  it('records every rule that fired, so a person can see why', () => {
    const result = triage(child({ categories: ['physicalViolence'], safety: { ...allNo, injured: 'yes', abuserAccessTonight: 'unknown' } }))
    expect(result).toMatchObject({ level: 'immediate', rulesetVersion: expect.any(String) })
    expect(result.rules).toEqual(['safety.injured.yes', 'safety.abuserAccessTonight.unknown', 'child.violenceOrAbuse'])
  })

  const answers = fc.record(Object.fromEntries(SAFETY_QUESTIONS.map(({ id }) => [id, fc.constantFrom(...SAFETY_ANSWERS)]))) as fc.Arbitrary<Record<string, SafetyAnswer>>
  const input = fc.record({
    safety: answers,
    categories: fc.subarray([...CONCERN_CATEGORIES], { minLength: 1 }),
    subjectKinds: fc.constantFrom(['child'] as const, ['adult'] as const, ['child', 'adult'] as const),
  })

  it('never lowers the level when a "no" becomes "don\'t know", or "don\'t know" becomes "yes"', () => {
    fc.assert(
      fc.property(input, fc.constantFrom(...SAFETY_QUESTIONS.map(({ id }) => id)), (base, question) => {
        const levelWith = (answer: SafetyAnswer) => levelRank(triage({ ...base, safety: { ...base.safety, [question]: answer } }).level)
        // Ranks count down from immediate (0): a higher answer has a lower or equal rank.
        expect(levelWith('unknown')).toBeLessThanOrEqual(levelWith('no'))
        expect(levelWith('yes')).toBeLessThanOrEqual(levelWith('unknown'))
      }),
    )
  })

  it('makes a child report with any violence or sexual-abuse category at least urgent', () => {
    fc.assert(
      fc.property(input, fc.constantFrom('physicalViolence', 'psychologicalViolence', 'sexualAbuse', 'domesticViolence', 'honourViolence' as const), (base, category) => {
        const result = triage({ ...base, subjectKinds: ['child'], categories: [...base.categories, category] })
        expect(result.level).not.toBe('standard')
      }),
    )
  })
})
