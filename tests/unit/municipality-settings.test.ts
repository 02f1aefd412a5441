import { parseWithZod } from '@conform-to/zod/v3'
import { describe, expect, it } from 'vitest'
import { isRealDate } from '~/domain/calendar'
import { formatDayHours, municipalitySettingsSchema, normaliseTime, parseDayHours } from '~/domain/municipality-settings'
import { formData, refusals } from '../support/form-data'

const TODAY = '2026-11-23'

/** The form as the browser posts it: a full week of the default hours and one closed day. */
function form(overrides: Record<string, string> = {}): FormData {
  return formData({
    intakeEmail: 'mottagning@kommun.test',
    hours1: '08:00-16:30',
    hours2: '08:00-16:30',
    hours3: '08:00-16:30',
    hours4: '08:00-16:30',
    hours5: '08:00-15:00',
    hours6: '',
    hours7: '',
    dayBeforeHolidayClosesAt: '13:00',
    'closures[0].date': '2027-05-07',
    'closures[0].reason': 'Klämdag efter Kristi himmelsfärd',
    'closures[1].date': '',
    'closures[1].reason': '',
    ...overrides,
  })
}

const errorsOf = (data: FormData) => refusals(parseWithZod(data, { schema: municipalitySettingsSchema(TODAY) }))

describe("the intake unit's settings form", () => {
  it('reads the week as opening spans, a blank day as closed, and drops a blank closed-day row', () => {
    const submission = parseWithZod(form({ hours3: '8.15 - 12, 13–1600' }), { schema: municipalitySettingsSchema(TODAY) })
    expect(submission.status).toBe('success')
    if (submission.status !== 'success') return
    expect(submission.value).toEqual({
      intakeEmail: 'mottagning@kommun.test',
      officeHours: {
        weekly: {
          1: [['08:00', '16:30']],
          2: [['08:00', '16:30']],
          3: [
            ['08:15', '12:00'],
            ['13:00', '16:00'],
          ],
          4: [['08:00', '16:30']],
          5: [['08:00', '15:00']],
          6: [],
          7: [],
        },
        dayBeforeHolidayClosesAt: '13:00',
      },
      closures: [{ date: '2027-05-07', reason: 'Klämdag efter Kristi himmelsfärd' }],
    })
  })

  it('wants each span of a day as opens-closes, in the order of the day', () => {
    for (const wrong of ['08:00', '16:30-08:00', '08:00-12:00, 11:00-16:30', '08-25', 'hela dagen']) {
      expect(errorsOf(form({ hours2: wrong }))).toEqual({ hours2: ['municipalitySettings.day.invalid'] })
    }
    expect(errorsOf(form({ hours1: '0800-1630' }))).toBe('accepted')
  })

  it('takes a closed day from today on, once, with a reason', () => {
    expect(errorsOf(form({ 'closures[1].date': '2026-11-20', 'closures[1].reason': 'Personaldag' }))).toEqual({ 'closures[1].date': ['municipalitySettings.closure.date.past'] })
    expect(errorsOf(form({ 'closures[1].date': '2027-05-07', 'closures[1].reason': 'Igen' }))).toEqual({ 'closures[1].date': ['municipalitySettings.closure.date.twice'] })
    expect(errorsOf(form({ 'closures[1].date': '2027-02-30', 'closures[1].reason': 'Fel' }))).toEqual({ 'closures[1].date': ['municipalitySettings.closure.date.invalid'] })
    expect(errorsOf(form({ 'closures[1].date': TODAY }))).toEqual({ 'closures[1].reason': ['municipalitySettings.closure.reason.required'] })
    expect(errorsOf(form({ 'closures[0].remove': 'on' }))).toBe('accepted')
  })

  it('takes no mailbox as "send nothing", and refuses one that is not an address', () => {
    expect(errorsOf(form({ intakeEmail: '' }))).toBe('accepted')
    expect(errorsOf(form({ intakeEmail: 'mottagningen' }))).toEqual({ intakeEmail: ['email.invalid'] })
  })
})

describe('times and dates as people type them', () => {
  it('normalises 8, 8:00, 8.00 and 0800 to 08:00 and leaves the rest to the check', () => {
    expect(['8', '8:00', '8.00', '0800', '08:00'].map(normaliseTime)).toEqual(['08:00', '08:00', '08:00', '08:00', '08:00'])
    expect(normaliseTime('åtta')).toBe('åtta')
  })

  it('shows a day again as it is read', () => {
    const spans = parseDayHours('8-12, 13-16.30')!
    expect(formatDayHours(spans)).toBe('08:00-12:00, 13:00-16:30')
    expect(parseDayHours(formatDayHours(spans))).toEqual(spans)
    expect(parseDayHours('')).toEqual([])
  })

  it('knows a real day from a slip of the keyboard', () => {
    expect(isRealDate('2028-02-29')).toBe(true)
    expect(isRealDate('2027-02-29')).toBe(false)
    expect(isRealDate('2027-13-01')).toBe(false)
  })
})
