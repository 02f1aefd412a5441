import { afterEach, describe, expect, it, vi } from 'vitest'
import { IDLE_COLLECTION_LIMITS, idleCollectionDue, oldGenerationBytes, startIdleCollection } from '~/server/idle-collection.server'

const MiB = 2 ** 20

describe("the web's collection while no request comes (decision 0023)", () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('is due only after 2 s without a request, and only for 16 MiB of old garbage or more', () => {
    const grown = { oldBytes: 300 * MiB, lowestOldBytes: 80 * MiB }
    expect(idleCollectionDue({ quietMs: 2000, ...grown })).toBe(true)
    expect(idleCollectionDue({ quietMs: 1500, ...grown })).toBe(false)
    expect(idleCollectionDue({ quietMs: 60_000, oldBytes: 95 * MiB, lowestOldBytes: 80 * MiB })).toBe(false)
    expect(idleCollectionDue({ quietMs: 2000, oldBytes: 96 * MiB, lowestOldBytes: 80 * MiB })).toBe(true)
    expect(IDLE_COLLECTION_LIMITS).toEqual({ quietForMs: 2000, growthBytes: 16 * MiB })
  })

  it('collects once a busy spell is over, never while requests keep coming, and not twice for the same garbage', () => {
    vi.useFakeTimers()
    let old = 80 * MiB
    const collected: number[] = []
    const idle = startIdleCollection({
      measure: () => old,
      collect: () => {
        collected.push(old)
        old = 85 * MiB
      },
    })
    // A busy spell: a request every 100 ms for 60 s, the old generation growing 3 MiB a second.
    for (let tick = 0; tick < 600; tick++) {
      idle.noteRequest()
      old += 0.3 * MiB
      vi.advanceTimersByTime(100)
    }
    expect(collected).toEqual([])
    // Quiet: within 2.5 s (the checks are 0.5 s apart) the pile is collected, once.
    vi.advanceTimersByTime(2500)
    expect(collected).toHaveLength(1)
    expect(collected[0]).toBeCloseTo(260 * MiB, -5)
    vi.advanceTimersByTime(60_000)
    expect(collected).toHaveLength(1)
    idle.stop()
  })

  it("counts V8's own collections: growth is measured from the lowest size seen since", () => {
    vi.useFakeTimers()
    let old = 200 * MiB
    const collect = vi.fn()
    const idle = startIdleCollection({ measure: () => old, collect })
    vi.advanceTimersByTime(500)
    // V8 collected on its own down to 90 MiB; 10 MiB more is not worth a collection.
    old = 90 * MiB
    vi.advanceTimersByTime(500)
    old = 100 * MiB
    vi.advanceTimersByTime(10_000)
    expect(collect).not.toHaveBeenCalled()
    idle.stop()
  })

  it("reads this process's old generation", () => {
    expect(oldGenerationBytes()).toBeGreaterThan(MiB)
  })
})
