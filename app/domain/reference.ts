/**
 * Reference numbers ("ärendenummer") that a reporter can read aloud on the phone.
 *
 * The alphabet leaves out 0/O and 1/I so nothing is misread; 32 symbols give 5 bits each.
 * Ten random symbols (50 bits) make a reference unguessable, and a Luhn mod N check
 * symbol catches every single mistyped symbol and every swap of two neighbours but one
 * (2 and Z, the first and last symbols: the known blind spot of Luhn mod N).
 */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const BASE = REFERENCE_ALPHABET.length
const RANDOM_LENGTH = 10

export type RandomBytes = (size: number) => Uint8Array

export function checkSymbol(payload: string): string {
  let factor = 2
  let sum = 0
  for (let i = payload.length - 1; i >= 0; i--) {
    const codePoint = REFERENCE_ALPHABET.indexOf(payload[i]!)
    if (codePoint < 0) throw new Error('reference payload has a symbol outside the alphabet')
    const addend = factor * codePoint
    factor = factor === 2 ? 1 : 2
    sum += Math.floor(addend / BASE) + (addend % BASE)
  }
  return REFERENCE_ALPHABET[(BASE - (sum % BASE)) % BASE]!
}

/** A new reference from `randomBytes` (a CSPRNG in production, a seeded source in tests). */
export function generateReference(randomBytes: RandomBytes): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps the symbols uniform.
  const bytes = randomBytes(RANDOM_LENGTH)
  const payload = Array.from(bytes, (byte) => REFERENCE_ALPHABET[byte % BASE]).join('')
  return payload + checkSymbol(payload)
}

/** Grouped as XXXX-XXXX-XXX for reading; storage keeps the bare symbols. */
export function formatReference(reference: string): string {
  return `${reference.slice(0, 4)}-${reference.slice(4, 8)}-${reference.slice(8)}`
}

/** Accepts what a person types: lower case, spaces and dashes, and returns the bare form or null. */
export function parseReference(input: string): string | null {
  const bare = input.toUpperCase().replace(/[\s-]/g, '')
  if (bare.length !== RANDOM_LENGTH + 1) return null
  if ([...bare].some((symbol) => !REFERENCE_ALPHABET.includes(symbol))) return null
  const payload = bare.slice(0, RANDOM_LENGTH)
  return checkSymbol(payload) === bare.slice(RANDOM_LENGTH) ? bare : null
}
