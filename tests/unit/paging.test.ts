import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { onCallAt, rotaWeekStart, type OnCallPair, type WeeklyRota } from '~/domain/on-call'
import { nightBefore, DEFAULT_OFFICE_HOURS } from '~/domain/office-hours'
import { DEFAULT_PAGING_POLICY, nextPageStep, pageStep, pagingContinues } from '~/domain/paging'
import { renderEmail, type TemplateName } from '~/server/email-templates.server'
import { professionalReport } from '../fixtures/reports'
import { personalDataInMail } from '../support/mail'

const pair = (label: string): OnCallPair => ({
  primary: { name: `${label} förstajour`, email: `${label}.primary@test.invalid`, smsEmail: null },
  backup: { name: `${label} bakjour`, email: `${label}.backup@test.invalid`, smsEmail: null },
})

// Sociala jouren syd: the week runs from Wednesday 16:00 (REGIONS.md); two pairs take turns.
const SYD: WeeklyRota = { weekday: 3, time: '16:00', anchorDate: '2026-01-07', pairs: [pair('A'), pair('B')] }

describe('the on-call rota', () => {
  it('turns over on Wednesday at 16:00 Stockholm time, not before', () => {
    // Wednesday 25 November 2026: 15:59 is still last week's pair, 16:00 the next one.
    expect(onCallAt(SYD, new Date('2026-11-25T14:59:00Z'))!.primary.email).not.toBe(onCallAt(SYD, new Date('2026-11-25T15:00:00Z'))!.primary.email)
    expect(rotaWeekStart(SYD, new Date('2026-11-25T15:00:00Z')).toISOString()).toBe('2026-11-25T15:00:00.000Z')
    expect(rotaWeekStart(SYD, new Date('2026-11-25T14:59:00Z')).toISOString()).toBe('2026-11-18T15:00:00.000Z')
  })

  it('starts with the first pair in the anchor week and alternates week by week', () => {
    expect(onCallAt(SYD, new Date('2026-01-07T15:30:00Z'))!.primary.name).toBe('A förstajour')
    expect(onCallAt(SYD, new Date('2026-01-14T03:00:00Z'))!.primary.name).toBe('A förstajour')
    expect(onCallAt(SYD, new Date('2026-01-14T15:00:00Z'))!.backup.name).toBe('B bakjour')
    expect(onCallAt(SYD, new Date('2026-01-21T15:00:00Z'))!.primary.name).toBe('A förstajour')
  })

  it('keeps counting weeks right across the clock changes', () => {
    // The clocks change on 29 March and 25 October 2026; 16:00 is 14:00Z in summer, 15:00Z in winter.
    const weeksAfterAnchor = (instant: string) => (onCallAt(SYD, new Date(instant))!.primary.name === 'A förstajour' ? 'even' : 'odd')
    expect(weeksAfterAnchor('2026-04-01T13:59:00Z')).toBe('odd') // 11 weeks and a bit
    expect(weeksAfterAnchor('2026-04-01T14:00:00Z')).toBe('even') // 12 weeks
    expect(weeksAfterAnchor('2026-10-28T14:59:00Z')).toBe('odd') // 41 weeks and a bit
    expect(weeksAfterAnchor('2026-10-28T15:00:00Z')).toBe('even') // 42 weeks
  })

  it('has nobody on call without pairs', () => {
    expect(onCallAt({ ...SYD, pairs: [] }, new Date())).toBeNull()
  })
})

describe('the escalation steps', () => {
  it('pages the förstajour at once, the bakjour after the ack timeout, the shared address and manager at 25 minutes, then everyone every 10', () => {
    expect([0, 1, 2, 3, 4].map((step) => pageStep(DEFAULT_PAGING_POLICY, step))).toEqual([
      { step: 0, dueAfterSeconds: 0, roles: ['primary'] },
      { step: 1, dueAfterSeconds: 600, roles: ['backup'] },
      { step: 2, dueAfterSeconds: 1500, roles: ['shared', 'manager'] },
      { step: 3, dueAfterSeconds: 2100, roles: ['primary', 'backup', 'shared', 'manager'] },
      { step: 4, dueAfterSeconds: 2700, roles: ['primary', 'backup', 'shared', 'manager'] },
    ])
  })

  it('times the next step from receipt, not from when this one ran', () => {
    const received = new Date('2026-11-23T21:40:00Z')
    // The förstajour's page went out 2 minutes late (SMTP slow): the bakjour is still due at 10 minutes.
    expect(nextPageStep(DEFAULT_PAGING_POLICY, 0, received, new Date('2026-11-23T21:42:00Z'))).toEqual({ step: 1, dueAt: new Date('2026-11-23T21:50:00Z') })
  })

  it('after an outage runs the late bakjour step at once, and of the missed repeats only the latest', () => {
    const received = new Date('2026-11-23T21:40:00Z')
    const backAt = new Date('2026-11-23T23:00:00Z') // 80 minutes later
    expect(nextPageStep(DEFAULT_PAGING_POLICY, 0, received, backAt)).toEqual({ step: 1, dueAt: backAt })
    // Repeats were due at 35, 45, ... 75 minutes: only the one of 75 runs, now; the next at 85.
    expect(nextPageStep(DEFAULT_PAGING_POLICY, 2, received, backAt)).toEqual({ step: 7, dueAt: backAt })
    expect(nextPageStep(DEFAULT_PAGING_POLICY, 7, received, backAt)).toEqual({ step: 8, dueAt: new Date('2026-11-23T23:05:00Z') })
  })

  it("stops at the acknowledge, the handover, or when the report is no longer the jour's", () => {
    const waiting = { level: 'immediate', destination: 'jour', destinationJourId: 'syd', acknowledgedAt: null, handedOverAt: null }
    expect(pagingContinues(waiting)).toBe(true)
    expect(pagingContinues({ ...waiting, acknowledgedAt: new Date() })).toBe(false)
    expect(pagingContinues({ ...waiting, handedOverAt: new Date() })).toBe(false)
    expect(pagingContinues({ ...waiting, destination: 'intake', destinationJourId: null })).toBe(false)
    expect(pagingContinues({ ...waiting, level: 'urgent' })).toBe(false)
  })
})

describe('the night a morning summary covers', () => {
  it("runs from the last closing to this morning's opening, over a weekend too", () => {
    expect(nightBefore(DEFAULT_OFFICE_HOURS, new Date('2026-11-24T07:05:00Z'))).toEqual({
      date: '2026-11-24',
      start: new Date('2026-11-23T15:30:00Z'),
      end: new Date('2026-11-24T07:00:00Z'),
    })
    // Monday morning: since Friday 15:00.
    expect(nightBefore(DEFAULT_OFFICE_HOURS, new Date('2026-11-23T07:30:00Z'))?.start).toEqual(new Date('2026-11-20T14:00:00Z'))
  })

  it('is nothing before the office opens, or on a closed day', () => {
    expect(nightBefore(DEFAULT_OFFICE_HOURS, new Date('2026-11-24T06:55:00Z'))).toBeNull()
    expect(nightBefore(DEFAULT_OFFICE_HOURS, new Date('2026-12-25T09:00:00Z'))).toBeNull()
  })
})

describe('e-mail templates', () => {
  const values = {
    escalation: 'Ingen har kvitterat',
    reference: 'ABCD-EFGH-JKL',
    level: 'Akut',
    municipality: 'Täby',
    receivedAt: 'måndag 23 november 22:40',
    reportLink: 'https://oro.test/personal/anmalan/1',
    queueLink: 'https://oro.test/personal',
    whatHappensNext: 'Jouren läser den nu.',
    serviceLink: 'https://oro.test',
    decidedAt: 'onsdag 25 november 11:00',
    decision: 'En utredning har inletts.',
    windowStart: 'måndag 23 november 16:30',
    windowEnd: 'tisdag 24 november 08:00',
    received: '2',
    toJour: '1',
    handedOver: '1',
    openImmediate: '0',
    role: 'mottagningen',
    expiresAt: 'torsdag 26 november 15:00',
    invitationLink: 'https://oro.test/personal/inbjudan/abc',
    followUpLink: 'https://oro.test/folj-din-anmalan',
    provider: 'Syd-id',
  }
  const templates = [
    ...new Set(
      readdirSync('emails')
        .filter((file) => file.endsWith('.txt'))
        .map((file) => file.split('.')[0] as TemplateName),
    ),
  ]

  it.each(templates)('%s exists in Swedish and English, with a subject and no value left unfilled', (name) => {
    for (const language of ['sv', 'en'] as const) {
      const email = renderEmail(name, language, values)
      expect(email.subject.length).toBeGreaterThan(5)
      expect(email.text).not.toMatch(/\{\{/)
      if (name !== 'page-sms') expect(email.html).toContain(`<html lang="${language}">`)
    }
  })

  it('escapes what it puts into HTML and refuses a missing value', () => {
    expect(renderEmail('page', 'sv', { ...values, municipality: '<script>' }).html).toContain('&#60;script&#62;')
    expect(() => renderEmail('page', 'sv', { ...values, reference: undefined as unknown as string })).toThrow('"reference" is missing')
  })
})

describe('the check that no e-mail carries personal data', () => {
  it('finds a name, a phone number or a personnummer, and not a municipality', () => {
    const message = (text: string) => ({ subject: 'Ärende', text, html: '' })
    expect(personalDataInMail([message('Barnet heter Sara.')], [professionalReport])).toHaveLength(1)
    expect(personalDataInMail([message('Ring 040-123 45 67')], [professionalReport])).toHaveLength(1)
    expect(personalDataInMail([message('Gäller 201504121235')], [])).toHaveLength(1)
    expect(personalDataInMail([message('Kommun: Vellinge. Ärende ABCD-EFGH-JKL.')], [professionalReport])).toEqual([])
  })
})
