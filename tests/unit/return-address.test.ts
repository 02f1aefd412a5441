import { describe, expect, it } from 'vitest'
import { safeReturnUrl } from '~/domain/return-address'

const BASE = 'https://orosanmalan.example.se'

describe('a return address', () => {
  it.each([
    ['/anmalan/kontrollera', '/anmalan/kontrollera'],
    ['/anmalan/personer?returnUrl=%2Fanmalan%2Fkontrollera', '/anmalan/personer?returnUrl=%2Fanmalan%2Fkontrollera'],
    ['/', '/'],
    ['/personal/anmalan/abc#tidslinje', '/personal/anmalan/abc#tidslinje'],
    // Resolved against the base: dot segments cannot climb out of the site.
    ['/anmalan/../sakerhet-pa-natet', '/sakerhet-pa-natet'],
  ])('is followed when it is a path of this service: %s', (input, expected) => {
    expect(safeReturnUrl(input, BASE)).toBe(expected)
  })

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a scheme-relative address', '//evil.example/'],
    ['a tab after the slash (browsers drop it: //evil.example)', '/\t/evil.example/x'],
    ['a percent-encoded tab', '/%09/evil.example/x'],
    ['a newline', '/\n/evil.example'],
    ['a percent-encoded newline', '/%0A/evil.example'],
    ['a carriage return', '/\r/evil.example'],
    ['a percent-encoded carriage return', '/%0d/evil.example'],
    ['a backslash (browsers read it as a slash)', '/\\evil.example'],
    ['a percent-encoded backslash', '/%5Cevil.example'],
    ['a percent-encoded double slash', '/%2F/evil.example'],
    ['a NUL', '/anmalan\u0000'],
    ['broken percent-encoding', '/anmalan/%E0%A4%A'],
    ['javascript:', 'javascript:alert(1)'],
    ['a relative path', 'anmalan/kontrollera'],
    ['nothing', ''],
    ['null', null],
    ['a very long address', `/${'a'.repeat(3000)}`],
  ])('is refused when it is %s', (_what, input) => {
    expect(safeReturnUrl(input, BASE)).toBeNull()
  })

  it('stays inside the part of the service it is meant for', () => {
    expect(safeReturnUrl('/anmalan/kontrollera', BASE, { under: '/anmalan/' })).toBe('/anmalan/kontrollera')
    expect(safeReturnUrl('/personal/logga-ut', BASE, { under: '/anmalan/' })).toBeNull()
  })
})
