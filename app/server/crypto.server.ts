import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import type { Config } from './config.server'

/**
 * Every place that holds ciphertext: the free text, names, personnummer and addresses of a
 * report, what staff write on its timeline, and drafts. A value is encrypted for one of
 * these places (its name is authenticated with it), so it cannot be moved to another.
 */
export const ENCRYPTED_COLUMNS = {
  reports: ['description'],
  report_subjects: ['name', 'personal_identity_number', 'birth_date', 'whereabouts', 'school', 'guardians', 'interpreter_language'],
  report_reporters: ['name', 'phone', 'email', 'relation', 'guardians_not_informed_reason'],
  // The fields of an event's data named in ENCRYPTED_EVENT_FIELDS, each sealed on its own.
  report_events: ['data'],
  report_drafts: ['answers_ciphertext'],
  pre_notices: ['person_name', 'personal_identity_number', 'background', 'plan', 'contact'],
  // The key a client's webhook notices are signed with: we must sign with it, so it cannot be hashed.
  api_clients: ['webhook_secret'],
} as const

/**
 * What staff write on a report's timeline (casework.server.ts), by event kind: these fields
 * of `report_events.data` hold ciphertext. (A `routed` event's `reason` is a code, not text.)
 */
export const ENCRYPTED_EVENT_FIELDS: Readonly<Record<string, readonly ('note' | 'reason')[]>> = {
  protectionAssessment: ['note'],
  decision: ['reason'],
  transfer: ['reason'],
  jourAction: ['note'],
  handover: ['note'],
  // The follow-up (issue 14): staff's question, the reporter's answers and additions.
  reporterQuestion: ['note'],
  reporterAnswer: ['note'],
  reporterAddition: ['note'],
}

export type EncryptedColumn = {
  [Table in keyof typeof ENCRYPTED_COLUMNS]: `${Table}.${(typeof ENCRYPTED_COLUMNS)[Table][number]}`
}[keyof typeof ENCRYPTED_COLUMNS]

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16
const ENCRYPTED = /^v1\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/

/**
 * What migration 0006 put before each value stored before encryption at rest; such a value
 * is read only by `npm run crypto:reencrypt`, which encrypts it.
 */
export const UNENCRYPTED_MARK = 'plaintext.'

export class DecryptionError extends Error {
  override name = 'DecryptionError'
}

export interface Cipher {
  /** The key id that encrypts new values. */
  readonly currentKeyId: string
  /** `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url, AES-256-GCM with a fresh 12-byte IV. */
  encrypt(plaintext: string, column: EncryptedColumn): string
  decrypt(stored: string, column: EncryptedColumn): string
  encryptNullable(plaintext: string | null | undefined, column: EncryptedColumn): string | null
  decryptNullable(stored: string | null, column: EncryptedColumn): string | null
  /** The id of the key a stored value was encrypted with; null for a value not encrypted yet. */
  keyIdOf(stored: string): string | null
  /**
   * The blind index of a personnummer in its 12-digit form (YYYYMMDDNNNN): HMAC-SHA256 with
   * a key of its own, hex. Equal numbers match without any number being stored readable.
   */
  blindIndex(personalIdentityNumber: string): string
  /**
   * HMAC-SHA256 of `value` under a key of its own for `purpose`, derived from the blind index
   * key: to count by something that must not be kept readable (a receipt's address). A
   * purpose that names the day gives a key that changes every day.
   */
  keyedHash(purpose: string, value: string): string
}

export function createCipher(config: Pick<Config, 'ENCRYPTION_KEYS' | 'ENCRYPTION_KEY_ID' | 'BLIND_INDEX_KEY'>): Cipher {
  const keys = new Map<string, KeyObject>(config.ENCRYPTION_KEYS.map((entry) => [entry.id, createSecretKey(Buffer.from(entry.key))]))
  const currentKey = keys.get(config.ENCRYPTION_KEY_ID)
  if (!currentKey) throw new Error(`ENCRYPTION_KEY_ID "${config.ENCRYPTION_KEY_ID}" is not in ENCRYPTION_KEYS`)
  const indexKey = createSecretKey(Buffer.from(config.BLIND_INDEX_KEY))
  // The version and key id are authenticated too: changing them fails like changing the ciphertext.
  const additionalData = (keyId: string, column: EncryptedColumn) => Buffer.from(`${VERSION}.${keyId}.${column}`, 'utf8')

  const cipher: Cipher = {
    currentKeyId: config.ENCRYPTION_KEY_ID,

    encrypt(plaintext, column) {
      const iv = randomBytes(IV_BYTES)
      const gcm = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: TAG_BYTES })
      gcm.setAAD(additionalData(config.ENCRYPTION_KEY_ID, column))
      const ciphertext = Buffer.concat([gcm.update(plaintext, 'utf8'), gcm.final()])
      return [VERSION, config.ENCRYPTION_KEY_ID, iv.toString('base64url'), gcm.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.')
    },

    decrypt(stored, column) {
      const match = ENCRYPTED.exec(stored)
      if (!match) {
        throw new DecryptionError(
          stored.startsWith(UNENCRYPTED_MARK)
            ? `${column}: the value is not encrypted yet; run npm run crypto:reencrypt`
            : `${column}: not an encrypted value (expected v1.<key id>.<iv>.<tag>.<ciphertext>)`,
        )
      }
      const [, keyId, iv, tag, ciphertext] = match as unknown as [string, string, string, string, string]
      const key = keys.get(keyId)
      if (!key) throw new DecryptionError(`${column}: encrypted with key "${keyId}", which is not in ENCRYPTION_KEYS`)
      const gcm = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES })
      gcm.setAAD(additionalData(keyId, column))
      gcm.setAuthTag(Buffer.from(tag, 'base64url'))
      try {
        return Buffer.concat([gcm.update(Buffer.from(ciphertext, 'base64url')), gcm.final()]).toString('utf8')
      } catch {
        throw new DecryptionError(`${column}: the value does not authenticate with key "${keyId}" (changed, moved from another column, or another key under that id)`)
      }
    },

    encryptNullable(plaintext, column) {
      return plaintext === null || plaintext === undefined ? null : cipher.encrypt(plaintext, column)
    },

    decryptNullable(stored, column) {
      return stored === null ? null : cipher.decrypt(stored, column)
    },

    keyIdOf(stored) {
      return ENCRYPTED.exec(stored)?.[1] ?? null
    },

    blindIndex(personalIdentityNumber) {
      if (!/^[0-9]{12}$/.test(personalIdentityNumber)) throw new Error('a blind index takes a personnummer in its 12-digit form')
      return createHmac('sha256', indexKey).update(personalIdentityNumber, 'utf8').digest('hex')
    },
    keyedHash(purpose, value) {
      const purposeKey = createHmac('sha256', indexKey).update(`keyed-hash:${purpose}`, 'utf8').digest()
      return createHmac('sha256', purposeKey).update(value, 'utf8').digest('hex')
    },
  }
  return cipher
}
