import { parseWithZod } from '@conform-to/zod/v3'
import { describe, expect, it } from 'vitest'
import { CASEWORK_INTENTS, caseworkSchema, jourActionSchema, jourActionTime } from '~/domain/casework'
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

describe('one schema for every act on a report, told apart by its intent', () => {
  // The report is Täby's; Vellinge and Täby exist.
  const schema = caseworkSchema('0160', ['0160', '1233'])
  const parse = (fields: Record<string, string>) => parseWithZod(formData(fields), { schema })

  it.each([
    ['taking the report', { intent: 'assign' }, { intent: 'assign' }],
    ['no protection needed, without a note', { intent: 'protectionAssessment', protectionNeeded: 'no', note: ' ' }, { intent: 'protectionAssessment', protectionNeeded: 'no' }],
    [
      'an initial assessment that opens an investigation',
      { intent: 'initialAssessment', initialAssessment: 'open', reason: ' Våld i hemmet ' },
      { intent: 'initialAssessment', initialAssessment: 'open', reason: 'Våld i hemmet' },
    ],
    ['a transfer to Vellinge', { intent: 'transfer', municipality: '1233', reason: 'Bor i Vellinge' }, { intent: 'transfer', municipality: '1233', reason: 'Bor i Vellinge' }],
    ['the jour acknowledging', { intent: 'acknowledge' }, { intent: 'acknowledge' }],
    ['the jour handing over', { intent: 'handover', note: 'Barnet hos mormor' }, { intent: 'handover', note: 'Barnet hos mormor' }],
  ])('takes %s', (_what, fields, expected) => {
    const submission = parse(fields)
    expect(submission.status === 'success' && submission.value).toEqual(expected)
  })

  it.each([
    [
      'an initial assessment without an outcome or a reason',
      { intent: 'initialAssessment' },
      { initialAssessment: ['casework.initialAssessment.required'], reason: ['casework.reason.required'] },
    ],
    [
      'an initial assessment the law does not know',
      { intent: 'initialAssessment', initialAssessment: 'maybe', reason: 'x' },
      { initialAssessment: ['casework.initialAssessment.required'] },
    ],
    ['a protection assessment without an answer', { intent: 'protectionAssessment' }, { protectionNeeded: ['casework.protectionNeeded.required'] }],
    ['a transfer to where the report already is', { intent: 'transfer', municipality: '0160', reason: 'x' }, { municipality: ['casework.transfer.same'] }],
    ['a transfer to a municipality that does not exist', { intent: 'transfer', municipality: '9999', reason: 'x' }, { municipality: ['casework.transfer.required'] }],
    ['a handover without its account', { intent: 'handover', note: '' }, { note: ['casework.handover.required'] }],
  ])('refuses %s', (_what, fields, expected) => {
    expect(refusals(parse(fields))).toEqual(expected)
  })

  it("knows no act outside the two roles' lists, and each act belongs to one role", () => {
    expect(refusals(parse({ intent: 'delete' }))).toHaveProperty('intent')
    const { intake, jour } = CASEWORK_INTENTS
    expect([...intake, ...jour].sort()).toEqual(['acknowledge', 'assign', 'handover', 'initialAssessment', 'jourAction', 'protectionAssessment', 'transfer'])
    expect(intake.filter((intent) => (jour as readonly string[]).includes(intent))).toEqual([])
  })
})
