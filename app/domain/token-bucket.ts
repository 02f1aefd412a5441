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

/**
 * A web process's pace for the total of submits a second: at most a tenth of the second's
 * allowance at once, and never fewer than two, because a double click without JavaScript
 * sends the same report twice at once and both must get its reference back, not a 429.
 */
export function submitPace(totalPerSecond: number, now?: () => number) {
  return tokenBucket(totalPerSecond, Math.max(2, Math.ceil(totalPerSecond / 10)), now)
}
