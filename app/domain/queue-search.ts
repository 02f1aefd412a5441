import Personnummer from 'personnummer'
import { parseReference } from './reference'

/** The longest thing worth reading as a search: a reference with spaces, a personnummer with a separator. */
const MAX_SEARCH_LENGTH = 40

export type QueueSearch =
  | { kind: 'reference'; reference: string }
  /** In its 12-digit form, the form its blind index is made from. */
  | { kind: 'personalIdentityNumber'; personalIdentityNumber: string }
  | { kind: 'error'; message: 'queueView.search.required' | 'queueView.search.invalid' }

/**
 * What a staff member typed in the queue's search: a reference (as printed, in any case, with
 * or without dashes) or a personnummer (10 or 12 digits, with or without a separator,
 * samordningsnummer too). Anything else is a message, never a guess.
 */
export function parseQueueSearch(input: unknown): QueueSearch {
  const text = typeof input === 'string' ? input.trim() : ''
  if (!text) return { kind: 'error', message: 'queueView.search.required' }
  if (text.length > MAX_SEARCH_LENGTH) return { kind: 'error', message: 'queueView.search.invalid' }
  const reference = parseReference(text)
  if (reference) return { kind: 'reference', reference }
  // Only digits, spaces, a dash or a plus: a reference mistyped is not tried as a personnummer.
  if (/^[0-9 +-]+$/.test(text)) {
    const digits = text.replace(/ /g, '')
    if (Personnummer.valid(digits)) return { kind: 'personalIdentityNumber', personalIdentityNumber: Personnummer.parse(digits).format(true) }
  }
  return { kind: 'error', message: 'queueView.search.invalid' }
}
