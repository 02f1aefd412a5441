import { describe, expect, it } from 'vitest'
import { neighbourDraft } from '../fixtures/reports'
import { applicableSteps, assessDraft, guardStep, nextPath, previousPath, someoneInDangerNow, STEP_PATHS, type DraftAnswers } from '~/domain/report-flow'

const context = { municipalityCodes: ['0160', '1233'], today: '2026-11-23' }

const safetyAllNo = {
  dangerNow: 'no',
  injured: 'no',
  childAlone: 'no',
  afraidToGoHome: 'no',
  abuserAccessTonight: 'no',
  sexualAbuseAccess: 'no',
  suicideRisk: 'no',
  takenAbroad: 'no',
  caregiverIntoxicated: 'no',
  nowhereToSleep: 'no',
}

const neighbourReport: DraftAnswers = {
  municipality: { municipality: '0160' },
  subjects: { concerns: 'children' },
  people: { people: [{ name: 'Ella', approximateAge: '7' }, { name: 'Elias' }] },
  concern: { categories: ['neglect'], description: 'Barnen är ensamma hemma varje kväll.' },
  safety: safetyAllNo,
  reporterKind: { kind: 'private' },
  reporterDetails: { anonymous: 'yes' },
}

describe('the steps of the public form', () => {
  it('asks where the person is only when the reporter does not know where they live', () => {
    expect(applicableSteps(neighbourReport, context)).not.toContain('whereabouts')
    const unknown = { ...neighbourReport, municipality: { municipality: 'unknown' } }
    expect(applicableSteps(unknown, context)).toContain('whereabouts')
  })

  it('does not ask who the reporter is when the report is about themself', () => {
    const self = { ...neighbourReport, subjects: { concerns: 'self' } }
    expect(applicableSteps(self, context)).not.toContain('reporterKind')
  })

  it('turns a whole draft into a report of two children from an anonymous neighbour', () => {
    const assessment = assessDraft(neighbourReport, context)
    expect(assessment.status).toBe('complete')
    if (assessment.status !== 'complete') return
    expect(assessment.report.municipalityCode).toBe('0160')
    expect(assessment.report.subjects.map((subject) => [subject.name, subject.kind])).toEqual([
      ['Ella', 'child'],
      ['Elias', 'child'],
    ])
    expect(assessment.report.subjects[0]!.approximateAge).toBe(7)
    expect(assessment.report.reporter).toEqual({ kind: 'private', anonymous: true, relation: undefined })
  })

  it('reads answers as a browser posts them: blanks are "not given", a ticked box is "on"', () => {
    const assessment = assessDraft(neighbourDraft, context)
    expect(assessment.status).toBe('complete')
    if (assessment.status !== 'complete') return
    const [ella, elias] = assessment.report.subjects
    expect(ella).toMatchObject({ personalIdentityNumber: '201504121235', interpreterNeeded: false, birthDate: undefined })
    expect(elias).toMatchObject({ approximateAge: 4, interpreterNeeded: true, interpreterLanguage: 'arabiska' })
    expect(assessment.report.categories).toEqual(['neglect'])
    expect(assessment.report.reporter).toEqual({ kind: 'private', anonymous: true, relation: 'granne' })
  })

  it('sends the report to where the person is when the home municipality is unknown', () => {
    const draft = { ...neighbourReport, municipality: { municipality: 'unknown' }, whereabouts: { municipality: '1233' } }
    const assessment = assessDraft(draft, context)
    expect(assessment.status === 'complete' && assessment.report).toMatchObject({ municipalityCode: '1233', residenceUnknown: true })
  })

  it('names the first missing step, and the step whose answers no longer fit', () => {
    const { concern: _concern, ...missingConcern } = neighbourReport
    expect(assessDraft(missingConcern, context)).toEqual({ status: 'incomplete', missing: 'concern' })
    // Changing "children" to "myself" makes the people step ask whether the reporter is a child.
    const changed = { ...neighbourReport, subjects: { concerns: 'self' } }
    expect(assessDraft(changed, context)).toEqual({ status: 'incomplete', missing: 'people' })
  })

  it('marks a self-report as the reporter kind "self" and a child when they say they are under 18', () => {
    const draft: DraftAnswers = {
      ...neighbourReport,
      subjects: { concerns: 'self' },
      people: { people: [{}], selfIsChild: 'yes' },
      reporterKind: undefined,
    }
    const assessment = assessDraft(draft, context)
    expect(assessment.status === 'complete' && assessment.report.reporter.kind).toBe('self')
    expect(assessment.status === 'complete' && assessment.report.subjects[0]!.kind).toBe('child')
  })

  it('sends a person who skips ahead back to the first step not done', () => {
    expect(guardStep('safety', { municipality: { municipality: '0160' } }, context)).toBe(STEP_PATHS.subjects)
    expect(guardStep('subjects', { municipality: { municipality: '0160' } }, context)).toBeNull()
    expect(guardStep('whereabouts', neighbourReport, context)).toBe(STEP_PATHS.check)
  })

  it('goes to the next step, or back to check answers after a change', () => {
    expect(nextPath({ municipality: { municipality: '0160' } }, context, null)).toBe(STEP_PATHS.subjects)
    expect(nextPath(neighbourReport, context, STEP_PATHS.check)).toBe(STEP_PATHS.check)
    expect(previousPath('subjects', neighbourReport, context)).toBe(STEP_PATHS.municipality)
    expect(previousPath('municipality', neighbourReport, context)).toBe('/')
    expect(previousPath('check', neighbourReport, context)).toBe(STEP_PATHS.reporterDetails)
  })

  it('knows when someone may be in danger right now', () => {
    expect(someoneInDangerNow(neighbourReport)).toBe(false)
    expect(someoneInDangerNow({ ...neighbourReport, safety: { ...safetyAllNo, dangerNow: 'yes' } })).toBe(true)
  })
})
