/**
 * Every client of a test server is 127.0.0.1, which the per-address limits take for one
 * person (or one school). Journeys, fuzzing and benches that play many people from it raise
 * those limits with this; the totals over every address stay as configured.
 */
export const ONE_ADDRESS_FOR_MANY_CLIENTS: Record<string, string> = {
  RATE_LIMIT_DRAFTS_PER_MINUTE: '1000000',
  RATE_LIMIT_DRAFTS_PER_HOUR: '1000000',
  RATE_LIMIT_STEPS_PER_MINUTE: '1000000',
  RATE_LIMIT_STEPS_PER_HOUR: '1000000',
  RATE_LIMIT_SUBMITS_PER_MINUTE: '1000000',
  RATE_LIMIT_SUBMITS_PER_HOUR: '1000000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
  RATE_LIMIT_LOGIN_FAILURES_PER_HOUR: '1000000',
  RATE_LIMIT_FOLLOW_UP_PER_MINUTE: '1000000',
  RATE_LIMIT_FOLLOW_UP_FAILURES_PER_HOUR: '1000000',
}
