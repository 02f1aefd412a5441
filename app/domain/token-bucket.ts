/**
 * A token bucket: `ratePerSecond` tokens a second, never more than `burst` at once. The load
 * shedder paces submits with one, so a second's allowance is spread over the second instead of
 * being spent in a burst at its start that everything after it waits behind.
 */
export function tokenBucket(ratePerSecond: number, burst: number, now: () => number = () => performance.now()) {
  let tokens = burst
  let at = now()
  return {
    /** Takes a token: 0 when there was one, else the milliseconds until there will be. */
    take(): number {
      const time = now()
      tokens = Math.min(burst, tokens + ((time - at) * ratePerSecond) / 1000)
      at = time
      if (tokens >= 1) {
        tokens -= 1
        return 0
      }
      return Math.ceil(((1 - tokens) * 1000) / ratePerSecond)
    },
  }
}
