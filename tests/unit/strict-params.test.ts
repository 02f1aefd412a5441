import { parseWithZod } from '@conform-to/zod/v3'
import { describe, expect, it } from 'vitest'
import { preNoticeSchema } from '~/domain/pre-notice'
import { isUuid, parseBigintId, parseIsoInstant } from '~/domain/strict-params'
import { decodeCursor } from '~/server/intake-queue.server'
import { formData, refusals } from '../support/form-data'

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('ids, cursors and dates from an address', () => {
  it('reads a queue cursor the service wrote, and nothing else', () => {
    const id = '3f2b8c1e-0d4a-4b5e-9c7f-1a2b3c4d5e6f'
    expect(decodeCursor(cursor([0, '2026-11-27T21:19:40.000Z', id]))).toEqual({ rank: 0, receivedAt: '2026-11-27T21:19:40.000Z', id })
    for (const bad of [
      cursor([1e308, '2026-11-27T21:19:40.000Z', id]),
      cursor([-1, '2026-11-27T21:19:40.000Z', id]),
      cursor([0.5, '2026-11-27T21:19:40.000Z', id]),
      cursor([0, '2026', id]),
      cursor([0, '2026-02-31T00:00:00.000Z', id]),
      cursor([0, '2026-11-27T21:19:40.000Z', '-'.repeat(36)]),
      cursor({ rank: 0 }),
      cursor([0, '2026-11-27T21:19:40.000Z', id, 'extra']),
      'not base64 at all!',
      'x'.repeat(5000),
    ]) {
      expect(decodeCursor(bad), bad.slice(0, 40)).toBeNull()
    }
  })

  it('takes ids of the right shape only', () => {
    expect(isUuid('3f2b8c1e-0d4a-4b5e-9c7f-1a2b3c4d5e6f')).toBe(true)
    expect(isUuid('3F2B8C1E-0D4A-4B5E-9C7F-1A2B3C4D5E6F')).toBe(false)
    expect(isUuid('------------------------------------')).toBe(false)
    expect(parseBigintId('123')).toBe('123')
    expect(parseBigintId('99999999999999999999')).toBeNull()
    expect(parseBigintId('0')).toBeNull()
    expect(parseBigintId('1e5')).toBeNull()
    expect(parseIsoInstant('2026-11-27T21:19:40.000Z')?.toISOString()).toBe('2026-11-27T21:19:40.000Z')
    expect(parseIsoInstant('2026-13-01T00:00:00.000Z')).toBeNull()
  })

  it('refuses a pre-notice date that is not in the calendar, with the form error', () => {
    const fields = { personalIdentityNumber: '20150412-1235', validFrom: '2026-02-31', validTo: '2026-03-01', background: 'b', plan: 'p', contact: 'c' }
    expect(refusals(parseWithZod(formData(fields), { schema: preNoticeSchema }))).toEqual({ validFrom: ['preNotice.date.invalid'] })
  })
})
