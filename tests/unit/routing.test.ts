import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stockholm } from '../support/clock'
import { coverageGaps } from '~/domain/coverage-gaps'
import { deadlinesFor } from '~/domain/deadlines'
import { jourStatusAt, type Jour } from '~/domain/jour-coverage'
import { DEFAULT_OFFICE_HOURS, isIntakeOpen } from '~/domain/office-hours'
import { reporterNotice, route, type MunicipalityCoverage } from '~/domain/routing'
import { LEVELS } from '~/domain/triage'
import { JOURS, NORDOST_SCHEDULE } from '../../db/seed/regions'

const at = stockholm

function jourOf(id: string): Jour {
  const seed = JOURS.find((jour) => jour.id === id)!
  return { id: seed.id, name: seed.name, publicPhone: seed.publicPhone, levels: ['immediate'], schedule: seed.schedule }
}

const taby: MunicipalityCoverage = { code: '0160', intakeHours: { ...DEFAULT_OFFICE_HOURS, closures: ['2026-05-15'] }, jour: jourOf('nordost') }
const vellinge: MunicipalityCoverage = { code: '1233', intakeHours: DEFAULT_OFFICE_HOURS, jour: jourOf('syd') }
const uddevalla: MunicipalityCoverage = { code: '1485', intakeHours: DEFAULT_OFFICE_HOURS, jour: jourOf('fyrbodal') }
const sigtuna: MunicipalityCoverage = { code: '0191', intakeHours: DEFAULT_OFFICE_HOURS, jour: null }
const ALL = [taby, vellinge, uddevalla, sigtuna]

describe('who covers a municipality when (REGIONS.md)', () => {
  it.each([
    ['Täby, Friday 15:30', taby, '2026-11-27 15:30', 'jour', 'open'],
    ['Täby, Wednesday 03:00', taby, '2026-11-25 03:00', 'jour', 'standby'],
    ['Täby, Saturday 10:00', taby, '2026-11-28 10:00', 'jour', 'standby'],
    ['Täby, Saturday 20:00', taby, '2026-11-28 20:00', 'jour', 'open'],
    ['Täby, Sunday 01:30 (Saturday night)', taby, '2026-11-29 01:30', 'jour', 'open'],
    ['Täby, Monday 09:00', taby, '2026-11-23 09:00', 'intake', null],
    ['Täby, Monday 07:30', taby, '2026-11-23 07:30', 'jour', 'standby'],
    ['Täby, Maundy Thursday 14:00 (the office closed at 13:00: extended hours)', taby, '2026-04-02 14:00', 'jour', 'open'],
    ['Täby, Good Friday 10:00 (a holiday runs like a Sunday)', taby, '2026-04-03 10:00', 'jour', 'standby'],
    ['Täby, the klämdag 10:00 (extended hours)', taby, '2026-05-15 10:00', 'jour', 'open'],
    ['Vellinge, Thursday 17:00', vellinge, '2026-11-26 17:00', 'jour', 'open'],
    ['Vellinge, Thursday 11:00', vellinge, '2026-11-26 11:00', 'intake', null],
    ['Uddevalla, Sunday 14:00', uddevalla, '2026-11-29 14:00', 'jour', 'open'],
    ['Sigtuna, Tuesday 22:00: no jour', sigtuna, '2026-11-24 22:00', 'uncovered', null],
  ])('%s', (_name, coverage, local, expected, status) => {
    const instant = at(local)
    const destination = route('immediate', coverage, instant)
    if (expected === 'uncovered') {
      expect(destination).toMatchObject({ destination: 'intake', reason: 'uncovered', alertIntakeDuty: true })
      return
    }
    expect(destination.destination).toBe(expected)
    if (coverage.jour) expect(jourStatusAt(coverage.jour, coverage.intakeHours, instant)).toBe(status)
  })

  it('sends an immediate report in office hours to the intake queue with a duty alert, others to the queue', () => {
    expect(route('immediate', taby, at('2026-11-23 09:00'))).toMatchObject({ destination: 'intake', reason: 'office-hours-alert', alertIntakeDuty: true })
    expect(route('urgent', taby, at('2026-11-23 09:00'))).toMatchObject({ destination: 'intake', reason: 'queue', alertIntakeDuty: false })
  })

  it('leaves levels a jour does not take to the intake unit, and tells the reporter when it opens', () => {
    const night = at('2026-11-27 22:10')
    const queued = route('urgent', taby, night)
    expect(queued).toMatchObject({ destination: 'intake', reason: 'queue' })
    expect(queued.destination === 'intake' && queued.intakeOpensAt?.toISOString()).toBe(at('2026-11-30 08:00').toISOString())
    const widerJour = { ...taby, jour: { ...taby.jour!, levels: ['immediate', 'urgent'] as const } }
    expect(route('urgent', widerJour, night)).toMatchObject({ destination: 'jour', jourId: 'nordost' })
  })

  it('tells the reporter honestly who reads it and when', () => {
    expect(reporterNotice(route('immediate', taby, at('2026-11-27 22:10')), taby, at('2026-11-27 22:10'))).toEqual({
      kind: 'jour',
      jourName: 'Socialjouren Nordost',
      jourPhone: '08-410 200 40',
    })
    expect(reporterNotice(route('standard', taby, at('2026-11-23 09:00')), taby, at('2026-11-23 09:00'))).toEqual({ kind: 'intakeToday' })
    expect(reporterNotice(route('standard', taby, at('2026-11-22 20:00')), taby, at('2026-11-22 20:00'))).toEqual({
      kind: 'intakeLater',
      opensAt: at('2026-11-23 08:00'),
      jourName: 'Socialjouren Nordost',
      jourPhone: '08-410 200 40',
    })
    expect(reporterNotice(route('immediate', sigtuna, at('2026-11-22 20:00')), sigtuna, at('2026-11-22 20:00'))).toEqual({
      kind: 'uncovered',
      opensAt: at('2026-11-23 08:00'),
    })
  })
})

describe('the two DST nights of 2026', () => {
  it.each([
    ['spring, 2026-03-29', '2026-03-28T22:00:00Z'],
    ['autumn, 2026-10-25', '2026-10-24T22:00:00Z'],
  ])('%s: every minute routes to exactly one destination of its own municipality', (_name, startUtc) => {
    const start = new Date(startUtc).getTime()
    for (let minute = 0; minute < 8 * 60; minute++) {
      const instant = new Date(start + minute * 60_000)
      for (const coverage of [taby, vellinge]) {
        const destination = route('immediate', coverage, instant)
        expect(destination.destination === 'jour' ? destination.jourId : 'intake').toBe(destination.destination === 'jour' ? coverage.jour!.id : 'intake')
        expect(destination.destination === 'jour' || destination.alertIntakeDuty).toBe(true)
      }
    }
  })

  it('covers both 02:30s of the repeated autumn hour, and the staffed hour before them', () => {
    // 00:30Z and 01:30Z are both 02:30 in Stockholm (+02:00, then +01:00): on call from home.
    expect(jourStatusAt(taby.jour!, taby.intakeHours, new Date('2026-10-25T00:30:00Z'))).toBe('standby')
    expect(jourStatusAt(taby.jour!, taby.intakeHours, new Date('2026-10-25T01:30:00Z'))).toBe('standby')
    expect(jourStatusAt(taby.jour!, taby.intakeHours, new Date('2026-10-24T23:30:00Z'))).toBe('open')
  })
})

describe('properties over a year of instants', () => {
  const yearInstant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T23:59:00Z') }).map((ms) => new Date(ms))
  const level = fc.constantFrom(...LEVELS)
  const municipality = fc.constantFrom(...ALL)

  it("routes every instant to exactly one destination within the municipality's own intake or jour", () => {
    fc.assert(
      fc.property(yearInstant, level, municipality, (instant, reportLevel, coverage) => {
        const destination = route(reportLevel, coverage, instant)
        if (destination.destination === 'jour') expect(destination.jourId).toBe(coverage.jour?.id)
        else expect(['office-hours-alert', 'queue', 'uncovered']).toContain(destination.reason)
      }),
      { numRuns: 2000 },
    )
  })

  it('never leaves an immediate report after hours only in the intake queue', () => {
    fc.assert(
      fc.property(yearInstant, municipality, (instant, coverage) => {
        fc.pre(!isIntakeOpen(coverage.intakeHours, instant))
        const destination = route('immediate', coverage, instant)
        expect(destination.destination === 'jour' || destination.alertIntakeDuty).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('gives the same answer to the same question', () => {
    fc.assert(
      fc.property(yearInstant, level, municipality, (instant, reportLevel, coverage) => {
        expect(route(reportLevel, coverage, instant)).toEqual(route(reportLevel, coverage, new Date(instant.getTime())))
      }),
    )
  })

  it('never sets a deadline before the report arrived', () => {
    fc.assert(
      fc.property(yearInstant, municipality, (receivedAt, coverage) => {
        const due = deadlinesFor({ subjectKinds: ['child'], receivedAt, intakeHours: coverage.intakeHours })
        expect(due.protectionAssessmentDue!.getTime()).toBeGreaterThan(receivedAt.getTime())
        expect(due.initialAssessmentDue!.getTime()).toBeGreaterThan(receivedAt.getTime())
      }),
      { numRuns: 1000 },
    )
  })
})

describe('deadlines', () => {
  it("a child report in office hours: protection assessment by today's close, decision in 14 days", () => {
    const due = deadlinesFor({ subjectKinds: ['child'], receivedAt: at('2026-11-23 10:15'), intakeHours: DEFAULT_OFFICE_HOURS })
    expect(due.protectionAssessmentDue?.toISOString()).toBe(at('2026-11-23 16:30').toISOString())
    expect(due.initialAssessmentDue?.toISOString()).toBe(at('2026-12-07 10:15').toISOString())
  })

  it('a child report on Friday at 15:40: protection assessment on Monday, decision 14 days on', () => {
    const due = deadlinesFor({ subjectKinds: ['child', 'adult'], receivedAt: at('2026-11-27 15:40'), intakeHours: DEFAULT_OFFICE_HOURS })
    expect(due.protectionAssessmentDue?.toISOString()).toBe(at('2026-11-30 16:30').toISOString())
    expect(due.initialAssessmentDue?.toISOString()).toBe(at('2026-12-11 15:40').toISOString())
  })

  it('keeps the wall-clock time across a DST change', () => {
    const due = deadlinesFor({ subjectKinds: ['child'], receivedAt: at('2026-10-20 09:00'), intakeHours: DEFAULT_OFFICE_HOURS })
    expect(due.initialAssessmentDue?.toISOString()).toBe(at('2026-11-03 09:00').toISOString())
  })

  it('has none by law for a report only about adults', () => {
    expect(deadlinesFor({ subjectKinds: ['adult'], receivedAt: at('2026-11-23 10:15'), intakeHours: DEFAULT_OFFICE_HOURS })).toEqual({
      protectionAssessmentDue: null,
      initialAssessmentDue: null,
    })
  })
})

describe('coverage gaps', () => {
  const year = [new Date('2026-11-23T00:00:00Z'), new Date('2027-11-23T00:00:00Z')] as const

  it('finds none where an office or a jour always covers', () => {
    expect(coverageGaps(taby, ...year)).toEqual([])
    expect(coverageGaps(vellinge, ...year)).toEqual([])
  })

  it('finds every closed hour of a municipality with no jour', () => {
    const gaps = coverageGaps(sigtuna, at('2026-11-27 12:00'), at('2026-11-30 12:00'))
    expect(gaps).toEqual([{ from: at('2026-11-27 15:00'), to: at('2026-11-30 08:00') }])
  })

  it('finds the hole a jour with set hours would leave without extended hours', () => {
    const strict = { ...taby, jour: { ...taby.jour!, schedule: { ...NORDOST_SCHEDULE, coversIntakeGaps: false } } }
    // Maundy Thursday: the office closes at 13:00, the jour opens at 16:30.
    expect(coverageGaps(strict, at('2026-04-02 00:00'), at('2026-04-02 23:00'))).toEqual([{ from: at('2026-04-02 13:00'), to: at('2026-04-02 16:30') }])
  })
})
