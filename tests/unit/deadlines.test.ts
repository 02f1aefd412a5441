import { describe, expect, it } from 'vitest'
import { stockholm } from '../support/clock'
import { CONTACT_PROMISE_MINUTES, isOverdue, minutesSince, pastContactPromise } from '~/domain/deadlines'

const at = stockholm
const now = at('2026-11-23 10:00')

describe('when a legal deadline is overdue', () => {
  it.each([
    ['a deadline passed a minute ago, step not taken', at('2026-11-23 09:59'), null, true],
    ['a deadline passed, but the step was taken in time', at('2026-11-23 09:00'), at('2026-11-23 08:30'), false],
    ['a deadline passed, the step taken late', at('2026-11-23 09:00'), at('2026-11-23 09:30'), false],
    ['a deadline still ahead', at('2026-11-23 16:30'), null, false],
    ['a deadline falling due this very instant', now, null, false],
    ['no deadline (a report only about adults)', null, null, false],
  ] as const)('%s -> %s', (_name, due, doneAt, overdue) => {
    expect(isOverdue(due, doneAt, now)).toBe(overdue)
  })
})

describe("the jour's contact promise", () => {
  const report = (receivedAt: string, acknowledgedAt: string | null = null, handedOverAt: string | null = null) => ({
    receivedAt: at(receivedAt),
    acknowledgedAt: acknowledgedAt ? at(acknowledgedAt) : null,
    handedOverAt: handedOverAt ? at(handedOverAt) : null,
  })

  it('is 30 minutes (Sociala jouren syd, REGIONS.md)', () => {
    expect(CONTACT_PROMISE_MINUTES).toBe(30)
  })

  it.each([
    ['waiting 31 minutes, nobody acknowledged', report('2026-11-23 09:29'), true],
    ['waiting exactly 30 minutes', report('2026-11-23 09:30'), false],
    ['waiting 2 hours, acknowledged', report('2026-11-23 08:00', '2026-11-23 08:10'), false],
    ['waiting 2 hours, handed over to the intake unit', report('2026-11-23 08:00', null, '2026-11-23 09:00'), false],
  ] as const)('%s -> broken: %s', (_name, input, broken) => {
    expect(pastContactPromise(input, now)).toBe(broken)
  })

  it('counts whole minutes since arrival, never fewer than none', () => {
    expect(minutesSince(at('2026-11-23 09:28'), now)).toBe(32)
    expect(minutesSince(new Date(now.getTime() - 59_999), now)).toBe(0)
    expect(minutesSince(new Date(now.getTime() + 5_000), now)).toBe(0)
  })
})
