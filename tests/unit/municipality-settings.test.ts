import { parseWithZod } from '@conform-to/zod/v3'
import { describe, expect, it } from 'vitest'
import { isRealDate } from '~/domain/calendar'
import { municipalitySettingsSchema, normaliseTime } from '~/domain/municipality-settings'
import { formData, refusals } from '../support/form-data'

const TODAY = '2026-11-23'

/** The form as the browser posts it: a full week of the default hours and one closed day. */
function form(overrides: Record<string, string> = {}): FormData {
  return formData({
    intakeEmail: 'mottagning@kommun.test',
    opens1: '08:00',
    closes1: '16:30',
    opens2: '08:00',
    closes2: '16:30',
    opens3: '08:00',
    closes3: '16:30',
    opens4: '08:00',
    closes4: '16:30',
    opens5: '08:00',
    closes5: '15:00',
    opens6: '',
    closes6: '',
    opens7: '',
    closes7: '',
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
    const submission = parseWithZod(form({ opens3: '8.15', closes3: '1600' }), { schema: municipalitySettingsSchema(TODAY) })
    expect(submission.status).toBe('success')
    if (submission.status !== 'success') return
    expect(submission.value).toEqual({
      intakeEmail: 'mottagning@kommun.test',
      officeHours: {
        weekly: { 1: [['08:00', '16:30']], 2: [['08:00', '16:30']], 3: [['08:15', '16:00']], 4: [['08:00', '16:30']], 5: [['08:00', '15:00']], 6: [], 7: [] },
        dayBeforeHolidayClosesAt: '13:00',
      },
      closures: [{ date: '2027-05-07', reason: 'Klämdag efter Kristi himmelsfärd' }],
    })
  })

  it('wants both times of a day, the closing after the opening', () => {
    expect(errorsOf(form({ closes2: '' }))).toEqual({ closes2: ['municipalitySettings.day.both'] })
    expect(errorsOf(form({ opens4: '17:00' }))).toEqual({ closes4: ['municipalitySettings.day.closesBeforeOpens'] })
    expect(errorsOf(form({ opens1: '25:00' }))).toEqual({ opens1: ['municipalitySettings.time.invalid'] })
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
  it('normalises 8:00, 8.00 and 0800 to 08:00 and leaves the rest to the check', () => {
    expect(['8:00', '8.00', '0800', '08:00'].map(normaliseTime)).toEqual(['08:00', '08:00', '08:00', '08:00'])
    expect(normaliseTime('åtta')).toBe('åtta')
  })

  it('knows a real day from a slip of the keyboard', () => {
    expect(isRealDate('2028-02-29')).toBe(true)
    expect(isRealDate('2027-02-29')).toBe(false)
    expect(isRealDate('2027-13-01')).toBe(false)
  })
})
