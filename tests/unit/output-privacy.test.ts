import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '~/server/seed.server'
import { typedValuesIn } from '../e2e/support/output-privacy'

const BANNER = [
  '',
  'Orosanmälan is running on http://localhost:3000',
  `  staff:    http://localhost:3000/personal (demo accounts, password ${DEMO_PASSWORD},`,
  `            second factor: TOTP secret ${DEMO_TOTP_SECRET} in any authenticator app)`,
  '            mottagning.taby@demo.orosanmalan.se        intake',
  '',
].join('\n')
const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: 1796001170023, ...fields })
const found = {
  typed: ['Alva', 'Alva är ofta ensam hemma', '2026-11-24', '08:00', 'mottagning.taby@demo.orosanmalan.se'],
  secrets: [DEMO_PASSWORD, DEMO_TOTP_SECRET, 'M1MYKJZ4bDsnt8duBxipi-30JltBms0'],
}

describe("the e2e teardown's check of the server's output", () => {
  it('passes request lines, warnings and the start-up banner with its published demo credentials', () => {
    const output = [
      BANNER,
      line({ method: 'GET', path: '/personal/inbjudan/[token]', status: 200, ms: 4, msg: 'request' }),
      line({ coverage: 'Sigtuna (0191): first 2026-11-24T01:12:48.505Z', msg: 'coverage gap' }),
    ].join('\n')
    expect(typedValuesIn(output, found).problems).toEqual([])
  })

  it.each([
    ['a name the journeys typed', line({ msg: 'No routes matched location "/x?q=Alva"' }), '"Alva"'],
    ['free text', line({ err: { message: 'bad: Alva är ofta ensam hemma på kvällarna' } }), '"Alva är ofta ensam hemma"'],
    ['an account address outside the banner', line({ msg: 'mail to mottagning.taby@demo.orosanmalan.se' }), 'mottagning.taby'],
    ['the demo password outside the banner', line({ msg: `login ${DEMO_PASSWORD}` }), 'a secret'],
    ['an invitation token', line({ path: '/personal/inbjudan/M1MYKJZ4bDsnt8duBxipi-30JltBms0/' }), 'a secret'],
    ['an identity number nobody typed here', line({ msg: 'subject 20150412-1235' }), 'an identity number'],
  ])('fails on %s', (_what, printed, problem) => {
    const { problems } = typedValuesIn([BANNER, printed].join('\n'), found)
    expect(problems).toContainEqual(expect.stringContaining(problem))
  })

  it('finds a name only as a word of its own, not inside another word', () => {
    expect(typedValuesIn(line({ msg: 'Salvador' }), { typed: ['Alva'], secrets: [] }).problems).toEqual([])
  })
})
