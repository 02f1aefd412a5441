import { REFERENCE_ALPHABET, type RandomBytes } from './reference'

/**
 * The reporter's follow-up (issue 14): a reply code ("svarskod") that, with the reference,
 * opens a page where an anonymous reporter sees whether the report was read, answers the
 * social services' questions and adds information, without ever becoming a party.
 */

/** 20 symbols of the reference alphabet: 100 bits from a CSPRNG, read in groups of four. */
export const REPLY_CODE_LENGTH = 20
const GROUP = 4

/** A new reply code from `randomBytes` (a CSPRNG in production). 256 is a multiple of 32: every symbol is as likely. */
export function generateReplyCode(randomBytes: RandomBytes): string {
  return Array.from(randomBytes(REPLY_CODE_LENGTH), (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]).join('')
}

/** Grouped as XXXX-XXXX-XXXX-XXXX-XXXX for reading and writing down; the hash is of the bare symbols. */
export function formatReplyCode(code: string): string {
  return code.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? ''
}

/**
 * What a person types, in the bare form the hash was made of: upper case, without spaces or
 * dashes. Null when it cannot be a code; the caller still checks it like a wrong one, so the
 * answer takes the same time.
 */
export function normalizeReplyCode(input: string): string | null {
  const bare = input.toUpperCase().replace(/[\s-]/g, '')
  if (bare.length !== REPLY_CODE_LENGTH) return null
  return [...bare].every((symbol) => REFERENCE_ALPHABET.includes(symbol)) ? bare : null
}

/** Access ends six months after the report's last activity (or earlier, when staff close it). */
export const FOLLOW_UP_MONTHS = 6

export function followUpEndsAt(lastActivityAt: Date): Date {
  const ends = new Date(lastActivityAt)
  ends.setUTCMonth(ends.getUTCMonth() + FOLLOW_UP_MONTHS)
  return ends
}

export type FollowUpAccess = 'open' | 'closed' | 'expired'

export function followUpAccess(report: { closedAt: Date | null; lastActivityAt: Date }, now: Date): FollowUpAccess {
  if (report.closedAt !== null && report.closedAt <= now) return 'closed'
  return now < followUpEndsAt(report.lastActivityAt) ? 'open' : 'expired'
}

/**
 * Growing delays for wrong codes, per pair of reference and client address, like staff
 * sign-in (docs/decisions/0002): the first FREE_FAILURES cost nothing, then 1 s, 2 s,
 * 4 s ... at most MAX_DELAY_SECONDS. Never a lockout: a guardian who read the report knows
 * the reference and must not be able to shut the reporter out, so the reference's own count
 * over every address only takes the free tries away (the reporter's address, which has not
 * failed, still opens it at once).
 */
export const FOLLOW_UP_FREE_FAILURES = 3
export const FOLLOW_UP_MAX_DELAY_SECONDS = 60
/** Failures of one reference from every address within an hour past which each address waits from its first failure. */
export const FOLLOW_UP_REFERENCE_UNDER_ATTACK = 10

/** Seconds the pair waits after its `pairFailures`-th failure; 0 while free. */
export function followUpDelaySeconds(pairFailures: number, referenceFailures: number): number {
  const free = referenceFailures > FOLLOW_UP_REFERENCE_UNDER_ATTACK ? 0 : FOLLOW_UP_FREE_FAILURES
  const beyond = pairFailures - free
  return beyond > 0 ? Math.min(FOLLOW_UP_MAX_DELAY_SECONDS, 2 ** (beyond - 1)) : 0
}

/** Wrong codes on one report over the last days past which staff are warned on the report page. */
export const MANY_WRONG_CODES = 5

/** What the reporter may see: never the decision, the level, who handles it, or anything the report says. */
export interface ReporterView {
  receivedAt: Date
  read: boolean
  openQuestions: Array<{ id: string; askedAt: Date; text: string }>
  answeredQuestions: number
  additions: number
}

/** The longest answer or addition, like the report's own description. */
export const FOLLOW_UP_TEXT_MAX = 5000

/** The follow-up page's one address, whatever it shows. */
export const FOLLOW_UP_PATH = '/folj-din-anmalan'
