import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkSymbol, formatReference, generateReference, parseReference, REFERENCE_ALPHABET } from '~/domain/reference'

const bytesFrom = (values: number[]) => () => Uint8Array.from(values)
const payloadArbitrary = fc.array(fc.constantFrom(...REFERENCE_ALPHABET), { minLength: 10, maxLength: 10 }).map((symbols) => symbols.join(''))

describe('reference numbers', () => {
  it('has no symbol that is easily misread: no 0, O, 1 or I', () => {
    for (const ambiguous of ['0', 'O', '1', 'I']) expect(REFERENCE_ALPHABET).not.toContain(ambiguous)
    expect(new Set(REFERENCE_ALPHABET).size).toBe(32)
  })

  it('is ten random symbols and a check symbol, shown grouped as XXXX-XXXX-XXX', () => {
    const reference = generateReference(bytesFrom([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))
    expect(reference).toMatch(/^[2-9A-HJ-NP-Z]{11}$/)
    expect(reference.slice(0, 10)).toBe('23456789AB')
    expect(formatReference(reference)).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{3}$/)
  })

  it('uses every symbol of the alphabet uniformly from random bytes', () => {
    // Bytes 0..255 map onto 32 symbols 8 times each: no symbol is favoured.
    const counts = new Map<string, number>()
    for (let byte = 0; byte < 256; byte++) {
      const symbol = generateReference(bytesFrom(Array(10).fill(byte)))[0]!
      counts.set(symbol, (counts.get(symbol) ?? 0) + 1)
    }
    expect([...counts.values()].every((count) => count === 8)).toBe(true)
  })

  it('accepts what a person types: lower case, spaces and dashes', () => {
    const reference = generateReference(bytesFrom([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]))
    const typed = ` ${formatReference(reference).toLowerCase()} `
    expect(parseReference(typed)).toBe(reference)
  })

  it('catches every single mistyped symbol', () => {
    fc.assert(
      fc.property(payloadArbitrary, fc.nat(10), fc.constantFrom(...REFERENCE_ALPHABET), (payload, position, replacement) => {
        const reference = payload + checkSymbol(payload)
        fc.pre(reference[position] !== replacement)
        const mistyped = reference.slice(0, position) + replacement + reference.slice(position + 1)
        expect(parseReference(mistyped)).toBeNull()
      }),
    )
  })

  it('catches every swap of two neighbours but 2 and Z, the one pair Luhn mod N cannot see', () => {
    const missed = new Set<string>()
    for (let position = 0; position < 10; position++) {
      for (const first of REFERENCE_ALPHABET) {
        for (const second of REFERENCE_ALPHABET) {
          if (first === second) continue
          const payload = '2345678923'.split('')
          payload[position] = first
          if (position < 9) payload[position + 1] = second
          const reference = payload.join('') + checkSymbol(payload.join(''))
          const [a, b] = [reference[position]!, reference[position + 1]!]
          if (a === b) continue
          const swapped = reference.slice(0, position) + b + a + reference.slice(position + 2)
          if (parseReference(swapped) !== null) missed.add([a, b].sort().join(''))
        }
      }
    }
    expect([...missed]).toEqual(['2Z'])
  })

  it('rejects the wrong length and symbols outside the alphabet', () => {
    expect(parseReference('23456789AB')).toBeNull()
    expect(parseReference('0O1I56789AB2')).toBeNull()
    expect(parseReference('')).toBeNull()
  })

  it('does not repeat in 100 000 references from a cryptographic source', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 100_000; i++) seen.add(generateReference((size) => crypto.getRandomValues(new Uint8Array(size))))
    expect(seen.size).toBe(100_000)
  })
})
