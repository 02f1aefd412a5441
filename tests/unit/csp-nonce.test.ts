import { describe, expect, it } from 'vitest'
import { cspNonce } from '~/server/csp-nonce.server'

describe("a page's CSP nonce", () => {
  it('is 128 bits in base64 and never the same twice, across many refills of its pool', () => {
    const nonces = Array.from({ length: 2000 }, () => cspNonce())
    expect(new Set(nonces).size).toBe(nonces.length)
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
    }
  })
})
