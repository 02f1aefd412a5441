import { parseWithZod } from '@conform-to/zod/v3'
import { describe, expect, it } from 'vitest'
import { jourSettingsSchema, upcomingWeeks } from '~/domain/jour-settings'
import type { WeeklyRota } from '~/domain/on-call'
import { formData, refusals } from '../support/form-data'

/** The form as the browser posts it: every field a string, the pairs as `pairs[n].field`. */
function form(overrides: Record<string, string> = {}): FormData {
  return formData({
    backupAfterMinutes: '10',
    everyoneAfterMinutes: '25',
    repeatMinutes: '10',
    sharedEmail: 'jouren@kommun.test',
    managerEmail: '',
    rotaWeekday: '3',
    rotaTime: '16:00',
    rotaAnchorDate: '2026-01-07',
    'pairs[0].primaryName': 'Anna',
    'pairs[0].primaryEmail': 'anna@kommun.test',
    'pairs[0].primarySmsEmail': '46701234567@sms.test',
    'pairs[0].backupName': 'Bo',
    'pairs[0].backupEmail': 'bo@kommun.test',
    'pairs[0].backupSmsEmail': '',
    // A blank row, as the form always offers one for a new pair.
    'pairs[1].primaryName': '',
    'pairs[1].primaryEmail': '',
    'pairs[1].primarySmsEmail': '',
    'pairs[1].backupName': '',
    'pairs[1].backupEmail': '',
    'pairs[1].backupSmsEmail': '',
    ...overrides,
  })
}

const parse = (data: FormData) => parseWithZod(data, { schema: jourSettingsSchema })
/** The messages per field of a refused form, or 'accepted'. */
const errorsOf = (data: FormData) => refusals(parse(data))

describe('the jour settings form', () => {
  it('reads minutes, addresses and the pairs, and leaves a blank row out', () => {
    const submission = parse(form())
    expect(submission.status).toBe('success')
    if (submission.status !== 'success') return
    expect(submission.value).toMatchObject({ backupAfterMinutes: 10, everyoneAfterMinutes: 25, repeatMinutes: 10, rotaWeekday: 3, managerEmail: undefined })
    expect(submission.value.pairs).toEqual([
      { primary: { name: 'Anna', email: 'anna@kommun.test', smsEmail: '46701234567@sms.test' }, backup: { name: 'Bo', email: 'bo@kommun.test', smsEmail: null } },
    ])
  })

  it('keeps an error on the row it belongs to', () => {
    expect(errorsOf(form({ 'pairs[1].primaryName': 'Cecilia', 'pairs[1].primaryEmail': 'cecilia@kommun.test', 'pairs[1].backupEmail': 'inte-en-adress' }))).toEqual({
      'pairs[1].backupName': ['jourSettings.name.required'],
      'pairs[1].backupEmail': ['email.invalid'],
    })
  })

  it('refuses a backup who is the primary, since escalating would page nobody new', () => {
    expect(errorsOf(form({ 'pairs[0].backupEmail': 'ANNA@kommun.test' }))).toEqual({ 'pairs[0].backupEmail': ['jourSettings.backupEmail.samePerson'] })
  })

  it('refuses a rota with no pair left, since then nobody could be paged', () => {
    expect(errorsOf(form({ 'pairs[0].remove': 'on' }))).toEqual({ pairs: ['jourSettings.pairs.required'] })
  })

  it('pages everyone after the backup, and within the 30 minutes an immediate report allows', () => {
    expect(errorsOf(form({ everyoneAfterMinutes: '10' }))).toEqual({ everyoneAfterMinutes: ['jourSettings.everyoneAfterMinutes.afterBackup'] })
    expect(errorsOf(form({ everyoneAfterMinutes: '45' }))).toEqual({ everyoneAfterMinutes: ['jourSettings.everyoneAfterMinutes.tooLate'] })
    expect(errorsOf(form({ backupAfterMinutes: 'tio' }))).toEqual({ backupAfterMinutes: ['jourSettings.minutes.invalid'] })
    expect(errorsOf(form({ repeatMinutes: '' }))).toEqual({ repeatMinutes: ['jourSettings.repeatMinutes.required'] })
  })

  it('wants the first week to start on the weekday the week turns over, on a real date', () => {
    expect(errorsOf(form({ rotaAnchorDate: '2026-01-08' }))).toEqual({ rotaAnchorDate: ['jourSettings.rotaAnchorDate.wrongWeekday'] })
    expect(errorsOf(form({ rotaAnchorDate: '2026-02-30' }))).toEqual({ rotaAnchorDate: ['jourSettings.rotaAnchorDate.invalid'] })
    expect(errorsOf(form({ rotaTime: '24:00' }))).toEqual({ rotaTime: ['jourSettings.rotaTime.invalid'] })
  })
})

describe('the coming on-call weeks', () => {
  const person = (name: string) => ({ name, email: `${name}@kommun.test`, smsEmail: null })
  // Sociala jouren syd: Wednesday 16:00 (REGIONS.md), two pairs.
  const syd: WeeklyRota = {
    weekday: 3,
    time: '16:00',
    anchorDate: '2026-01-07',
    pairs: [
      { primary: person('A1'), backup: person('A2') },
      { primary: person('B1'), backup: person('B2') },
    ],
  }

  it('starts with the week running now and alternates the pairs', () => {
    // Monday 23 November 2026: the week began Wednesday 18 November 16:00, 45 weeks after the anchor.
    const weeks = upcomingWeeks(syd, new Date('2026-11-23T14:00:00Z'), 3)
    expect(weeks.map((week) => [week.from.toISOString(), week.to.toISOString(), week.pair.primary.name])).toEqual([
      ['2026-11-18T15:00:00.000Z', '2026-11-25T15:00:00.000Z', 'B1'],
      ['2026-11-25T15:00:00.000Z', '2026-12-02T15:00:00.000Z', 'A1'],
      ['2026-12-02T15:00:00.000Z', '2026-12-09T15:00:00.000Z', 'B1'],
    ])
  })

  it('keeps 16:00 local time across the change to summer time', () => {
    const [week] = upcomingWeeks(syd, new Date('2027-03-26T12:00:00Z'), 1)
    // Wednesday 24 March 16:00 CET to Wednesday 31 March 16:00 CEST: 167 hours.
    expect([week!.from.toISOString(), week!.to.toISOString()]).toEqual(['2027-03-24T15:00:00.000Z', '2027-03-31T14:00:00.000Z'])
  })

  it('is empty for a jour without a rota', () => {
    expect(upcomingWeeks({ ...syd, pairs: [] }, new Date('2026-11-23T14:00:00Z'), 8)).toEqual([])
  })
})
