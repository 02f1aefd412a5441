import { describe, expect, it } from 'vitest'
import { formatTertial, parseTertial, percentage, recentTertials, tertialOf, tertialRange } from '~/domain/statistics'

describe('tertials', () => {
  it('split the year in Stockholm time: January-April, May-August, September-December', () => {
    // 30 April 23:30 UTC is already 1 May in Stockholm (summer time).
    expect(tertialOf(new Date('2026-04-30T21:59:00Z'))).toEqual({ year: 2026, part: 1 })
    expect(tertialOf(new Date('2026-04-30T22:00:00Z'))).toEqual({ year: 2026, part: 2 })
    // New Year's Eve 23:30 UTC is New Year's Day in Stockholm.
    expect(tertialOf(new Date('2026-12-31T23:30:00Z'))).toEqual({ year: 2027, part: 1 })
  })

  it('run from the first midnight to the next tertial, across the clock changes', () => {
    expect(tertialRange({ year: 2026, part: 1 })).toEqual({ from: new Date('2025-12-31T23:00:00Z'), to: new Date('2026-04-30T22:00:00Z') })
    expect(tertialRange({ year: 2026, part: 3 })).toEqual({ from: new Date('2026-08-31T22:00:00Z'), to: new Date('2026-12-31T23:00:00Z') })
  })

  it('are read from and written to the address as 2026-T3, and nothing else is taken', () => {
    expect(parseTertial('2026-T3')).toEqual({ year: 2026, part: 3 })
    expect(formatTertial({ year: 2026, part: 3 })).toBe('2026-T3')
    for (const wrong of ['2026-T4', '2026-3', '26-T1', '', null, '2026-T1; drop table reports']) expect(parseTertial(wrong)).toBeNull()
  })

  it('offers the running tertial and the ones before it', () => {
    expect(recentTertials(new Date('2026-11-23T12:00:00Z'), 4).map(formatTertial)).toEqual(['2026-T3', '2026-T2', '2026-T1', '2025-T3'])
  })

  it('give no percentage of nothing', () => {
    expect(percentage(1, 3)).toBe(33)
    expect(percentage(0, 0)).toBeNull()
  })
})
