import { describe, expect, it } from 'vitest'
import { peopleSchema } from '~/domain/report-schema'
import { createCipher, DecryptionError, UNENCRYPTED_MARK } from '~/server/crypto.server'
import { testCipher, testKeys } from '../support/cipher'

const FORMAT = /^v1\.test\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/

/** Replaces the character at `index` of a part of a stored value with another one of the alphabet. */
function tamper(stored: string, part: number, index = 0): string {
  const parts = stored.split('.')
  const text = parts[part]!
  const swapped = text[index] === 'A' ? 'B' : 'A'
  parts[part] = text.slice(0, index) + swapped + text.slice(index + 1)
  return parts.join('.')
}

describe('encrypting what a report holds about people', () => {
  const cipher = testCipher()

  it.each([
    ['Swedish letters', 'Åsa Öberg, Storgatan 1, Malmö'],
    ['a long description', 'Barnen är ensamma hemma varje kväll. '.repeat(300)],
    ['characters outside the BMP', 'Emil 👦🏽 säger ”hjälp”'],
    ['an empty text', ''],
  ])('gives back exactly what was stored: %s', (_name, plaintext) => {
    const stored = cipher.encrypt(plaintext, 'reports.description')
    expect(stored).toMatch(FORMAT)
    expect(cipher.decrypt(stored, 'reports.description')).toBe(plaintext)
  })

  it('draws a fresh IV each time, so the same text never looks the same twice', () => {
    const values = Array.from({ length: 20 }, () => cipher.encrypt('201504121235', 'report_subjects.personal_identity_number'))
    expect(new Set(values).size).toBe(20)
    expect(new Set(values.map((value) => value.split('.')[2])).size).toBe(20)
  })

  it('keeps null as null', () => {
    expect(cipher.encryptNullable(null, 'report_subjects.school')).toBeNull()
    expect(cipher.encryptNullable(undefined, 'report_subjects.school')).toBeNull()
    expect(cipher.decryptNullable(null, 'report_subjects.school')).toBeNull()
    const stored = cipher.encryptNullable('Tibble skola', 'report_subjects.school')!
    expect(cipher.decryptNullable(stored, 'report_subjects.school')).toBe('Tibble skola')
  })

  it('refuses a value whose ciphertext, tag or IV was changed', () => {
    const stored = cipher.encrypt('Ella Svensson', 'report_subjects.name')
    for (const part of [2, 3, 4]) {
      expect(() => cipher.decrypt(tamper(stored, part), 'report_subjects.name')).toThrow(DecryptionError)
      expect(() => cipher.decrypt(tamper(stored, part), 'report_subjects.name')).toThrow(/does not authenticate/)
    }
  })

  it('refuses a value moved to another column', () => {
    const stored = cipher.encrypt('Ella Svensson', 'report_subjects.name')
    expect(() => cipher.decrypt(stored, 'report_reporters.name')).toThrow(/report_reporters\.name: the value does not authenticate/)
  })

  it('refuses a value that names another key of the keyring than the one that encrypted it', () => {
    const keys = testKeys('test', 'other')
    const both = createCipher(keys)
    const stored = both.encrypt('Ella Svensson', 'report_subjects.name')
    expect(() => both.decrypt(stored.replace('v1.test.', 'v1.other.'), 'report_subjects.name')).toThrow(/does not authenticate with key "other"/)
  })

  it('refuses a truncated tag and anything not in the format', () => {
    const stored = cipher.encrypt('Ella', 'report_subjects.name')
    const parts = stored.split('.')
    parts[3] = parts[3]!.slice(0, 11)
    expect(() => cipher.decrypt(parts.join('.'), 'report_subjects.name')).toThrow(/not an encrypted value/)
    expect(() => cipher.decrypt('Ella Svensson', 'report_subjects.name')).toThrow(/not an encrypted value/)
  })

  it('names a value stored before encryption at rest and the command that encrypts it', () => {
    expect(() => cipher.decrypt(`${UNENCRYPTED_MARK}Ella`, 'report_subjects.name')).toThrow(/not encrypted yet; run npm run crypto:reencrypt/)
    expect(cipher.keyIdOf(`${UNENCRYPTED_MARK}Ella`)).toBeNull()
  })

  it('refuses a value under a key id it does not know, and says which', () => {
    const stored = testCipher(testKeys('retired')).encrypt('Ella', 'report_subjects.name')
    expect(() => cipher.decrypt(stored, 'report_subjects.name')).toThrow(/encrypted with key "retired", which is not in ENCRYPTION_KEYS/)
  })

  it('refuses a value under a known key id but another key', () => {
    const stored = testCipher(testKeys('test')).encrypt('Ella', 'report_subjects.name')
    expect(() => cipher.decrypt(stored, 'report_subjects.name')).toThrow(/does not authenticate/)
  })

  it('after rotation, encrypts with the new key and still reads what the old key encrypted', () => {
    const before = testKeys('2026-01')
    const old = createCipher(before)
    const stored = old.encrypt('Storgatan 1', 'report_subjects.whereabouts')
    const [oldKey] = before.ENCRYPTION_KEYS
    const rotated = createCipher({ ...before, ENCRYPTION_KEYS: [{ id: '2026-11', key: testKeys('x').ENCRYPTION_KEYS[0]!.key }, oldKey!], ENCRYPTION_KEY_ID: '2026-11' })

    expect(rotated.decrypt(stored, 'report_subjects.whereabouts')).toBe('Storgatan 1')
    expect(rotated.keyIdOf(stored)).toBe('2026-01')
    const fresh = rotated.encrypt('Storgatan 1', 'report_subjects.whereabouts')
    expect(rotated.keyIdOf(fresh)).toBe('2026-11')
    expect(() => old.decrypt(fresh, 'report_subjects.whereabouts')).toThrow(/not in ENCRYPTION_KEYS/)
  })

  it('will not start with a current key id that is not in the keyring', () => {
    expect(() => createCipher({ ...testKeys('a'), ENCRYPTION_KEY_ID: 'b' })).toThrow(/ENCRYPTION_KEY_ID "b" is not in ENCRYPTION_KEYS/)
  })
})

describe('the blind index of a personnummer', () => {
  const keys = testKeys('test')
  const cipher = createCipher(keys)
  const normalised = (typed: string) =>
    peopleSchema({ concerns: 'children', today: '2026-11-23' }).parse({ people: [{ personalIdentityNumber: typed }] }).people[0]!.personalIdentityNumber!

  it('is the same every time and for every cipher with the same index key', () => {
    const index = cipher.blindIndex('201504121235')
    expect(index).toMatch(/^[0-9a-f]{64}$/)
    expect(cipher.blindIndex('201504121235')).toBe(index)
    // Rotating the encryption keys leaves the index as it is.
    expect(createCipher({ ...testKeys('other'), BLIND_INDEX_KEY: keys.BLIND_INDEX_KEY }).blindIndex('201504121235')).toBe(index)
  })

  it('depends on the key: without BLIND_INDEX_KEY nobody can compute it from a number', () => {
    expect(testCipher().blindIndex('201504121235')).not.toBe(cipher.blindIndex('201504121235'))
  })

  it('differs between two numbers', () => {
    expect(cipher.blindIndex('201504121235')).not.toBe(cipher.blindIndex('201504121243'))
  })

  it('is equal for the same personnummer however it was typed, once the form normalised it', () => {
    const typed = ['20150412-1235', '150412-1235', '1504121235', ' 201504121235 ']
    const indexes = typed.map((value) => cipher.blindIndex(normalised(value)))
    expect(new Set(indexes)).toEqual(new Set([cipher.blindIndex('201504121235')]))
  })

  it('takes only the 12-digit form, so a number typed another way is never indexed apart', () => {
    expect(() => cipher.blindIndex('20150412-1235')).toThrow(/12-digit form/)
    expect(() => cipher.blindIndex('150412-1235')).toThrow(/12-digit form/)
  })
})
