import { describe, expect, it } from 'vitest'
import { loggablePath } from '~/server/logger.server'

describe('a request line', () => {
  it("never carries an invitation's token, with or without Remix's .data suffix", () => {
    expect(loggablePath('/personal/inbjudan/M1MYKJZ4bDsnt8duBxipi-30JltBms0-D_SNpgO-43U')).toBe('/personal/inbjudan/[token]')
    expect(loggablePath('/personal/inbjudan/M1MYKJZ4bDsnt8duBxipi-30JltBms0-D_SNpgO-43U.data')).toBe('/personal/inbjudan/[token]')
    expect(loggablePath('/personal/anmalan/8a0c3a4e-6a1f-4a43-9f0e-1f3c2b7d9e10')).toBe('/personal/anmalan/8a0c3a4e-6a1f-4a43-9f0e-1f3c2b7d9e10')
    expect(loggablePath('/anmalan/kommun')).toBe('/anmalan/kommun')
  })
})
