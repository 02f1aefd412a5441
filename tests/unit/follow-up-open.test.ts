import { describe, expect, it } from 'vitest'
import { openFollowUp, type FollowUpTarget, type OpenDeps } from '~/server/follow-up.server'

const REFERENCE = 'K7QRM2XWH4B'
const RIGHT = 'ABCDEFGHJKLMNPQRSTUV'
const STORED_HASH = '$argon2id$v=19$m=4096,t=1,p=1$stored'
const DUMMY_HASH = '$argon2id$v=19$m=4096,t=1,p=1$dummy'

/** The real check with every part it calls recorded, in order, with what it was given. */
function recorded(target: FollowUpTarget | undefined, options: { wait?: number } = {}) {
  const calls: string[] = []
  const deps: OpenDeps = {
    async waitBefore(key) {
      calls.push(`waitBefore ${key}`)
      return options.wait ?? 0
    },
    async findTarget(key) {
      calls.push(`findTarget ${key}`)
      return key === REFERENCE ? target : undefined
    },
    async dummyHash() {
      return DUMMY_HASH
    },
    async verify(hash, code) {
      // Which hash is verified does not show: both have the same parameters, so the same cost.
      calls.push(`verify ${hash.slice(0, hash.lastIndexOf('$'))}`)
      return hash === STORED_HASH && code === RIGHT
    },
    async recordFailure(key) {
      calls.push(`recordFailure ${key}`)
    },
    async recordSuccess(key) {
      calls.push(`recordSuccess ${key}`)
    },
    now: () => new Date('2026-12-01T08:00:00Z'),
  }
  return { deps, calls }
}

const report: FollowUpTarget = { id: 'report-1', replyCodeHash: STORED_HASH, closedAt: null, lastActivityAt: new Date('2026-11-30T20:00:00Z') }

describe('an unknown reference and a wrong code take the same path', () => {
  it('one wait check, one lookup, one argon2id verification with the same parameters, one failure: the same steps, the same answer', async () => {
    const unknown = recorded(report)
    const wrong = recorded(report)
    const unknownAnswer = await openFollowUp(unknown.deps, { reference: 'ABCDEFGHJKM', code: 'ZZZZZZZZZZZZZZZZZZZZ' })
    const wrongAnswer = await openFollowUp(wrong.deps, { reference: REFERENCE, code: 'ZZZZZZZZZZZZZZZZZZZZ' })
    expect(unknownAnswer).toEqual({ kind: 'notFound' })
    expect(wrongAnswer).toEqual(unknownAnswer)
    const shape = (calls: string[]) => calls.map((call) => call.split(' ')[0] + (call.startsWith('verify') ? ` ${call.split(' ')[1]}` : ''))
    expect(shape(unknown.calls)).toEqual(['waitBefore', 'findTarget', 'verify $argon2id$v=19$m=4096,t=1,p=1', 'recordFailure'])
    expect(shape(wrong.calls)).toEqual(shape(unknown.calls))
  })

  it('a report whose code was never shown answers like an unknown reference, after the same verification', async () => {
    const { deps, calls } = recorded({ ...report, replyCodeHash: null })
    expect(await openFollowUp(deps, { reference: REFERENCE, code: RIGHT })).toEqual({ kind: 'notFound' })
    expect(calls).toHaveLength(4)
    expect(calls[2]).toBe('verify $argon2id$v=19$m=4096,t=1,p=1')
  })

  it('something that cannot be a code is still verified once before the answer', async () => {
    const { deps, calls } = recorded(report)
    expect(await openFollowUp(deps, { reference: REFERENCE, code: 'x' })).toEqual({ kind: 'notFound' })
    expect(calls.filter((call) => call.startsWith('verify'))).toHaveLength(1)
  })

  it('opens with the right pair, typed in any case and grouping', async () => {
    const { deps, calls } = recorded(report)
    expect(await openFollowUp(deps, { reference: 'k7qr-m2xw-h4b', code: 'abcd-efgh-jklm npqr stuv' })).toEqual({ kind: 'open', reportId: 'report-1' })
    expect(calls.at(-1)).toBe(`recordSuccess ${REFERENCE}`)
  })

  it('a pair that must wait is answered before anything is looked up or verified', async () => {
    const { deps, calls } = recorded(report, { wait: 8 })
    expect(await openFollowUp(deps, { reference: REFERENCE, code: RIGHT })).toEqual({ kind: 'wait', retryAfterSeconds: 8 })
    expect(calls).toEqual([`waitBefore ${REFERENCE}`])
  })

  it('a closed follow-up opens to "ended" only with the right code', async () => {
    const closed = { ...report, closedAt: new Date('2026-12-01T07:00:00Z') }
    expect(await openFollowUp(recorded(closed).deps, { reference: REFERENCE, code: RIGHT })).toEqual({ kind: 'ended', reportId: 'report-1', access: 'closed' })
    expect(await openFollowUp(recorded(closed).deps, { reference: REFERENCE, code: 'ZZZZZZZZZZZZZZZZZZZZ' })).toEqual({ kind: 'notFound' })
  })
})
