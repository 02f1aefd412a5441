import { z } from 'zod'
import { blankToUndefined, email, requiredText } from './form-values'

/**
 * Staff accounts as an administrator keeps them: the intake units of the administrator's
 * municipalities and the jours the administrator keeps. Administrators and auditors are
 * created by whoever runs the service, not here, so no administrator widens their own reach.
 */

export const MANAGED_ROLES = ['intake', 'jour'] as const
export type ManagedRole = (typeof MANAGED_ROLES)[number]

/** How long an invitation link works: a long weekend, and then the administrator sends a new one. */
export const INVITATION_VALID_HOURS = 72
/** NIST SP 800-63B and OWASP ASVS: length, not composition rules. */
export const PASSWORD_MIN_LENGTH = 12
const PASSWORD_MAX_LENGTH = 256

export interface AccountHolder {
  role: string
  municipalityCodes: readonly string[]
  jourId: string | null
}

export interface AccountKeeper {
  municipalityCodes: readonly string[]
  jourIds: readonly string[]
}

/** Whether this administrator keeps the account: an intake worker only of their municipalities, or a worker of a jour they keep. */
export function keepsAccount(keeper: AccountKeeper, holder: AccountHolder): boolean {
  switch (holder.role) {
    case 'intake':
      return holder.municipalityCodes.length > 0 && holder.municipalityCodes.every((code) => keeper.municipalityCodes.includes(code))
    case 'jour':
      return holder.jourId !== null && keeper.jourIds.includes(holder.jourId)
    default:
      return false
  }
}

const list = (value: unknown) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value])

/** Where an account works must be the administrator's: their municipalities for an intake worker, their jour for a jour worker. */
function refineUnit(value: { role?: ManagedRole; municipalityCodes: string[]; jourId?: string }, keeper: AccountKeeper, ctx: z.RefinementCtx) {
  if (value.role === 'intake' && (value.municipalityCodes.length === 0 || !value.municipalityCodes.every((code) => keeper.municipalityCodes.includes(code)))) {
    ctx.addIssue({ code: 'custom', path: ['municipalityCodes'], message: 'staffAccount.municipalityCodes.required' })
  }
  if (value.role === 'jour' && (value.jourId === undefined || !keeper.jourIds.includes(value.jourId))) {
    ctx.addIssue({ code: 'custom', path: ['jourId'], message: 'staffAccount.jourId.required' })
  }
}

/** Only what the role uses is kept: an intake worker has municipalities, a jour worker a jour. */
function unitOf(role: ManagedRole, value: { municipalityCodes: string[]; jourId?: string }) {
  return { municipalityCodes: role === 'intake' ? [...new Set(value.municipalityCodes)].sort() : [], jourId: role === 'jour' ? value.jourId! : null }
}

const name = requiredText(200, 'staffAccount.name.required')
const municipalityCodes = z.preprocess(list, z.array(z.string()))
const jourId = z.preprocess(blankToUndefined, z.string().optional())

/** The new account form, for what this administrator keeps. */
export function newAccountSchema(keeper: AccountKeeper) {
  return z
    .object({
      name,
      email: z.preprocess(
        blankToUndefined,
        z
          .string({ required_error: 'staffAccount.email.required' })
          .pipe(email)
          .transform((value) => value.toLowerCase()),
      ),
      role: z.preprocess(blankToUndefined, z.enum(MANAGED_ROLES, { errorMap: () => ({ message: 'staffAccount.role.required' }) })),
      municipalityCodes,
      jourId,
    })
    .superRefine((value, ctx) => refineUnit(value, keeper, ctx))
    .transform((value) => ({ name: value.name, email: value.email, role: value.role, ...unitOf(value.role, value) }))
}

/** The change of an account's name and where it works; its role and address stay. */
export function accountChangeSchema(keeper: AccountKeeper, role: ManagedRole) {
  return z
    .object({ name, municipalityCodes, jourId })
    .superRefine((value, ctx) => refineUnit({ ...value, role }, keeper, ctx))
    .transform((value) => ({ name: value.name, ...unitOf(role, value) }))
}
export type AccountChangeInput = z.output<ReturnType<typeof accountChangeSchema>>
export type NewAccount = z.output<ReturnType<typeof newAccountSchema>>

export const newPasswordSchema = z
  .object({
    password: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string({ required_error: 'staffAccount.password.required' })
        .min(PASSWORD_MIN_LENGTH, 'staffAccount.password.tooShort')
        .max(PASSWORD_MAX_LENGTH, 'staffAccount.password.tooLong'),
    ),
    confirm: z.preprocess((value) => (value === '' ? undefined : value), z.string({ required_error: 'staffAccount.confirm.required' })),
  })
  .superRefine((value, ctx) => {
    if (value.password !== value.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'staffAccount.confirm.different' })
  })

/** Where an account stands, as its administrator needs to know. */
export type AccountStatus = 'active' | 'invited' | 'invitationExpired' | 'disabled'

export function accountStatus(account: { disabledAt: Date | null; hasPassword: boolean; invitationExpiresAt: Date | null }, now: Date): AccountStatus {
  if (account.disabledAt) return 'disabled'
  if (account.hasPassword) return 'active'
  return account.invitationExpiresAt && account.invitationExpiresAt > now ? 'invited' : 'invitationExpired'
}
