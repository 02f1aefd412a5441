import { describe, expect, it } from 'vitest'
import { submitPace, tokenBucket } from '~/domain/token-bucket'

describe('the submit pace (a token bucket)', () => {
  it('lets a burst through, then one at each interval, and says how long until the next', () => {
    let now = 0
    const bucket = tokenBucket(60, 6, () => now)
    expect(Array.from({ length: 6 }, () => bucket.take())).toEqual([0, 0, 0, 0, 0, 0])
    expect(bucket.take()).toBe(17) // 1000 / 60 ms for the next token
    now += 17
    expect(bucket.take()).toBe(0)
    now += 10_000
    // A long quiet time fills the bucket only to its burst.
    expect(Array.from({ length: 7 }, () => bucket.take()).filter((wait) => wait === 0)).toHaveLength(6)
  })

  it('admits the rate over a second, spread out, however many ask', () => {
    let now = 0
    const bucket = tokenBucket(60, 6, () => now)
    let admitted = 0
    // 1,000 requests a second for 10 s, one every millisecond.
    for (let tick = 0; tick < 10_000; tick++, now++) if (bucket.take() === 0) admitted++
    expect(admitted).toBeGreaterThanOrEqual(600)
    expect(admitted).toBeLessThanOrEqual(606)
  })
})

describe('the pace of submits a web process keeps', () => {
  it('takes a double click (two at once) at any total, and a tenth of a large total at once', () => {
    const now = () => 0
    for (const total of [1, 10, 20]) {
      const pace = submitPace(total, now)
      expect([pace.take(), pace.take()], `total ${total}`).toEqual([0, 0])
      expect(pace.take(), `total ${total}`).toBeGreaterThan(0)
    }
    const large = submitPace(100, now)
    expect(Array.from({ length: 11 }, () => large.take()).filter((wait) => wait === 0)).toHaveLength(10)
  })
})
