import { randomBytes } from 'node:crypto'
import { createCipher, type Cipher } from '../../app/server/crypto.server'

export interface TestKeys {
  ENCRYPTION_KEYS: { id: string; key: Buffer }[]
  ENCRYPTION_KEY_ID: string
  BLIND_INDEX_KEY: Buffer
}

/** Fresh random keys under the given ids, the first one current: what ENCRYPTION_KEYS and BLIND_INDEX_KEY give. */
export function testKeys(...ids: [string, ...string[]]): TestKeys {
  return {
    ENCRYPTION_KEYS: ids.map((id) => ({ id, key: randomBytes(32) })),
    ENCRYPTION_KEY_ID: ids[0],
    BLIND_INDEX_KEY: randomBytes(32),
  }
}

export function testCipher(keys: TestKeys = testKeys('test')): Cipher {
  return createCipher(keys)
}
