import { describe, expect, it } from 'vitest'
import { csrfMatches, type Session } from '~/server/auth.server'

const session = { csrfToken: 'Qm9yZGVyIHRva2VuIDEyMzQ1Njc4OTAxMg' } as Session

describe("a staff form's CSRF token", () => {
  it('matches only the session’s own token', () => {
    expect(csrfMatches(session, session.csrfToken)).toBe(true)
    expect(csrfMatches(session, `${session.csrfToken}x`)).toBe(false)
    expect(csrfMatches(session, null)).toBe(false)
  })

  it('is refused, not an error, when a character of the right length is not ASCII', () => {
    expect(csrfMatches(session, `ä${session.csrfToken.slice(1)}`)).toBe(false)
    expect(csrfMatches(session, `😀${session.csrfToken.slice(2)}`)).toBe(false)
  })
})
