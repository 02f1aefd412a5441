import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  FOLLOW_UP_FREE_FAILURES,
  FOLLOW_UP_MAX_DELAY_SECONDS,
  FOLLOW_UP_REFERENCE_UNDER_ATTACK,
  followUpAccess,
  followUpDelaySeconds,
  followUpEndsAt,
  formatReplyCode,
  generateReplyCode,
  normalizeReplyCode,
  REPLY_CODE_LENGTH,
} from '~/domain/follow-up'
import { REFERENCE_ALPHABET } from '~/domain/reference'

const bytes = fc.uint8Array({ minLength: REPLY_CODE_LENGTH, maxLength: REPLY_CODE_LENGTH })

describe('the reply code', () => {
  it('is at least 16 symbols of the reference alphabet: 80 bits and more', () => {
    expect(REPLY_CODE_LENGTH).toBeGreaterThanOrEqual(16)
    expect(REPLY_CODE_LENGTH * Math.log2(REFERENCE_ALPHABET.length)).toBeGreaterThanOrEqual(80)
    fc.assert(
      fc.property(bytes, (random) => {
        const code = generateReplyCode(() => random)
        expect(code).toHaveLength(REPLY_CODE_LENGTH)
        expect([...code].every((symbol) => REFERENCE_ALPHABET.includes(symbol))).toBe(true)
      }),
    )
  })

  it('is shown in groups of four and read back however it is typed', () => {
    fc.assert(
      fc.property(bytes, (random) => {
        const code = generateReplyCode(() => random)
        const shown = formatReplyCode(code)
        expect(shown).toMatch(/^([2-9A-HJ-NP-Z]{4}-){4}[2-9A-HJ-NP-Z]{4}$/)
        expect(normalizeReplyCode(shown)).toBe(code)
        expect(normalizeReplyCode(` ${shown.toLowerCase().replace(/-/g, ' ')} `)).toBe(code)
      }),
    )
  })

  it('refuses what cannot be a code: too short, too long, symbols outside the alphabet', () => {
    expect(normalizeReplyCode('ABCD-EFGH')).toBeNull()
    expect(normalizeReplyCode('A'.repeat(REPLY_CODE_LENGTH + 1))).toBeNull()
    expect(normalizeReplyCode('O'.repeat(REPLY_CODE_LENGTH))).toBeNull()
    expect(normalizeReplyCode('')).toBeNull()
  })
})

describe('how long the follow-up stays open', () => {
  const last = new Date('2026-11-30T20:00:00Z')
  it('six months after the last activity', () => {
    expect(followUpEndsAt(last).toISOString()).toBe('2027-05-30T20:00:00.000Z')
    expect(followUpAccess({ closedAt: null, lastActivityAt: last }, new Date('2027-05-30T19:59:59Z'))).toBe('open')
    expect(followUpAccess({ closedAt: null, lastActivityAt: last }, new Date('2027-05-30T20:00:00Z'))).toBe('expired')
  })
  it('ends earlier when staff close it', () => {
    expect(followUpAccess({ closedAt: new Date('2026-12-01T09:00:00Z'), lastActivityAt: last }, new Date('2026-12-01T09:00:01Z'))).toBe('closed')
  })
})

describe('growing delays for wrong codes, never a lockout', () => {
  it('the first three are free, then 1 s, 2 s, 4 s ... at most a minute', () => {
    const delays = Array.from({ length: 12 }, (_unused, index) => followUpDelaySeconds(index + 1, index + 1))
    expect(delays.slice(0, FOLLOW_UP_FREE_FAILURES)).toEqual([0, 0, 0])
    expect(delays.slice(3, 9)).toEqual([1, 2, 4, 8, 16, 32])
    expect(delays.slice(9)).toEqual([FOLLOW_UP_MAX_DELAY_SECONDS, FOLLOW_UP_MAX_DELAY_SECONDS, FOLLOW_UP_MAX_DELAY_SECONDS])
  })
  it('under attack on one reference, each address waits from its first failure, and still only waits', () => {
    expect(followUpDelaySeconds(1, FOLLOW_UP_REFERENCE_UNDER_ATTACK + 1)).toBe(1)
    expect(followUpDelaySeconds(0, 10_000)).toBe(0)
    fc.assert(fc.property(fc.nat(10_000), fc.nat(10_000), (pair, reference) => followUpDelaySeconds(pair, reference) <= FOLLOW_UP_MAX_DELAY_SECONDS))
  })
})
