import { parseWithZod } from '@conform-to/zod/v3'
import { describe, expect, it } from 'vitest'
import { accountStatus, keepsAccount, newAccountSchema, newPasswordSchema } from '~/domain/staff-account'
import { formData, refusals } from '../support/form-data'

// The administrator of Socialjouren Nordost's host: Vallentuna and Täby here, and the jour.
const keeper = { municipalityCodes: ['0115', '0160'], jourIds: ['nordost'] }

describe('who keeps an account', () => {
  it('is an administrator of all its municipalities, or of the jour it works in', () => {
    expect(keepsAccount(keeper, { role: 'intake', municipalityCodes: ['0160'], jourId: null })).toBe(true)
    // One municipality of another administrator is enough to keep it out of reach.
    expect(keepsAccount(keeper, { role: 'intake', municipalityCodes: ['0160', '1233'], jourId: null })).toBe(false)
    expect(keepsAccount(keeper, { role: 'intake', municipalityCodes: [], jourId: null })).toBe(false)
    expect(keepsAccount(keeper, { role: 'jour', municipalityCodes: [], jourId: 'nordost' })).toBe(true)
    expect(keepsAccount(keeper, { role: 'jour', municipalityCodes: [], jourId: 'syd' })).toBe(false)
    // No administrator creates or changes administrators or auditors.
    expect(keepsAccount(keeper, { role: 'admin', municipalityCodes: ['0160'], jourId: null })).toBe(false)
    expect(keepsAccount(keeper, { role: 'auditor', municipalityCodes: [], jourId: null })).toBe(false)
  })
})

describe('the new account form', () => {
  const parse = (fields: Record<string, string | string[]>) => {
    const data = formData(Object.fromEntries(Object.entries(fields).filter(([, value]) => typeof value === 'string')) as Record<string, string>)
    for (const [name, values] of Object.entries(fields)) if (Array.isArray(values)) for (const value of values) data.append(name, value)
    return parseWithZod(data, { schema: newAccountSchema(keeper) })
  }

  it('keeps only what the role uses, the address in lower case', () => {
    const intake = parse({ name: 'Ida Intag', email: 'Ida.Intag@Taby.se', role: 'intake', municipalityCodes: ['0160', '0115'], jourId: 'nordost' })
    expect(intake.status === 'success' && intake.value).toEqual({
      name: 'Ida Intag',
      email: 'ida.intag@taby.se',
      role: 'intake',
      municipalityCodes: ['0115', '0160'],
      jourId: null,
    })
    const jour = parse({ name: 'Jon Jour', email: 'jon@vallentuna.se', role: 'jour', municipalityCodes: ['0160'], jourId: 'nordost' })
    expect(jour.status === 'success' && jour.value).toEqual({ name: 'Jon Jour', email: 'jon@vallentuna.se', role: 'jour', municipalityCodes: [], jourId: 'nordost' })
  })

  it("refuses a municipality or jour that is not the administrator's, as if none were chosen", () => {
    expect(refusals(parse({ name: 'X', email: 'x@kommun.se', role: 'intake', municipalityCodes: ['1233'] }))).toEqual({
      municipalityCodes: ['staffAccount.municipalityCodes.required'],
    })
    expect(refusals(parse({ name: 'X', email: 'x@kommun.se', role: 'jour', jourId: 'syd' }))).toEqual({ jourId: ['staffAccount.jourId.required'] })
    expect(refusals(parse({ name: 'X', email: 'x@kommun.se', role: 'admin' }))).toEqual({ role: ['staffAccount.role.required'] })
  })
})

describe('a new password', () => {
  const errorsOf = (password: string, confirm: string) => refusals(parseWithZod(formData({ password, confirm }), { schema: newPasswordSchema }))

  it('is long rather than complicated, and typed twice the same', () => {
    expect(errorsOf('korta ord', 'korta ord')).toEqual({ password: ['staffAccount.password.tooShort'] })
    expect(errorsOf('häst batteri häftklammer', 'häst batteri häftklammer')).toBe('accepted')
    expect(errorsOf('häst batteri häftklammer', 'häst batteri häftklamrar')).toEqual({ confirm: ['staffAccount.confirm.different'] })
  })
})

describe("an account's status", () => {
  const now = new Date('2026-11-23T12:00:00Z')
  it('tells an invitation waiting from one run out, and a disabled account from both', () => {
    expect(accountStatus({ disabledAt: null, hasPassword: false, invitationExpiresAt: new Date('2026-11-25T12:00:00Z') }, now)).toBe('invited')
    expect(accountStatus({ disabledAt: null, hasPassword: false, invitationExpiresAt: new Date('2026-11-20T12:00:00Z') }, now)).toBe('invitationExpired')
    expect(accountStatus({ disabledAt: null, hasPassword: true, invitationExpiresAt: null }, now)).toBe('active')
    expect(accountStatus({ disabledAt: now, hasPassword: true, invitationExpiresAt: null }, now)).toBe('disabled')
  })
})
