import { parseWithZod } from '@conform-to/zod/v3'
import { describe, expect, it } from 'vitest'
import { jourActionSchema, jourActionTime } from '~/domain/casework'
import { formData, refusals } from '../support/form-data'

describe("the jour's action", () => {
  const parse = (fields: Record<string, string>) => parseWithZod(formData({ intent: 'jourAction', action: 'homeVisit', ...fields }), { schema: jourActionSchema })

  it('takes the minutes it took, or none', () => {
    const timed = parse({ time: '23:20', minutes: ' 90 ' })
    expect(timed.status === 'success' && timed.value).toMatchObject({ action: 'homeVisit', time: '23:20', minutes: 90 })
    const untimed = parse({ minutes: '' })
    expect(untimed.status === 'success' && untimed.value.minutes).toBeUndefined()
  })

  it('refuses minutes that are no whole number of a day', () => {
    for (const minutes of ['en timme', '1.5', '0', '1441']) expect(refusals(parse({ minutes }))).toEqual({ minutes: ['casework.jourAction.minutes'] })
  })
})

describe("the time of the jour's action", () => {
  // 22:19:40 and 22:25 in Stockholm (UTC+1 in November).
  const received = new Date('2026-11-27T21:19:40Z')
  const now = new Date('2026-11-27T21:25:00Z')

  it.each([
    ['blank means now', undefined, '2026-11-27T21:25:00.000Z'],
    ['the minute the report arrived', '22:19', '2026-11-27T21:19:00.000Z'],
    ['a minute ago', '22.24', '2026-11-27T21:24:00.000Z'],
    ['now', '22:25', '2026-11-27T21:25:00.000Z'],
  ])('takes a time between the report and now: %s', (_what, time, expected) => {
    expect(jourActionTime(time, received, now)?.toISOString()).toBe(expected)
  })

  it.each([
    ['later than now, which would be yesterday evening', '22:39'],
    ['before the report arrived', '22:18'],
    ['this morning, long before', '08:00'],
  ])('refuses a time %s', (_what, time) => {
    expect(jourActionTime(time, received, now)).toBeNull()
  })

  it('reads a time after midnight as last evening when the report came then', () => {
    const evening = new Date('2026-11-27T22:50:00Z') // 23:50
    const afterMidnight = new Date('2026-11-27T23:30:00Z') // 00:30 the next day
    expect(jourActionTime('23:55', evening, afterMidnight)?.toISOString()).toBe('2026-11-27T22:55:00.000Z')
    expect(jourActionTime('00:10', evening, afterMidnight)?.toISOString()).toBe('2026-11-27T23:10:00.000Z')
    expect(jourActionTime('23:40', evening, afterMidnight)).toBeNull()
  })
})
