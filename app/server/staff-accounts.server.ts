import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { StaffRole } from '../../db/schema'
import { accountStatus, INVITATION_VALID_HOURS, keepsAccount, type AccountChangeInput, type AccountKeeper, type NewAccount } from '../domain/staff-account'
import { audit } from './audit.server'
import { endAllSessions, hashPassword } from './auth.server'
import type { Db, Executor } from './db.server'
import type { Jobs } from './jobs.server'
import { administeredJours } from './jour-settings.server'
import { isUuid } from '../domain/strict-params'

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** Where an invitation's link leads; the token follows as the last part of the path. */
export const INVITATION_PATH = '/personal/inbjudan'

/** The administrator as keeper of accounts: their municipalities and the jours those host. */
export async function accountKeeper(db: Executor, admin: { municipalityCodes: readonly string[] }): Promise<AccountKeeper> {
  const jours = await administeredJours(db, admin.municipalityCodes)
  return { municipalityCodes: admin.municipalityCodes, jourIds: jours.map((jour) => jour.id) }
}

function accountsQuery(db: Executor) {
  return db
    .selectFrom('staff_users as s')
    .leftJoin('jour_units as j', 'j.id', 's.jour_id')
    .select([
      's.id',
      's.name',
      's.email',
      's.role',
      's.jour_id as jourId',
      'j.name as jourName',
      's.disabled_at as disabledAt',
      's.totp_confirmed_at as secondFactorAt',
      sql<boolean>`s.password_hash is not null`.as('hasPassword'),
      sql<string[]>`coalesce((select array_agg(m.municipality_code order by m.municipality_code) from staff_municipalities m where m.staff_id = s.id), '{}')`.as(
        'municipalityCodes',
      ),
      sql<
        string[]
      >`coalesce((select array_agg(mu.name order by mu.name) from staff_municipalities m join municipalities mu on mu.code = m.municipality_code where m.staff_id = s.id), '{}')`.as(
        'municipalityNames',
      ),
      sql<Date | null>`(select max(i.expires_at) from staff_invitations i where i.staff_id = s.id and i.used_at is null)`.as('invitationExpiresAt'),
    ])
    .where('s.role', 'in', ['intake', 'jour'])
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof accountsQuery>['execute']>>[number]

function withStatus(row: AccountRow, now: Date) {
  return { ...row, status: accountStatus({ disabledAt: row.disabledAt, hasPassword: row.hasPassword, invitationExpiresAt: row.invitationExpiresAt }, now) }
}

/** The accounts this administrator keeps, by name. */
export async function listKeptAccounts(db: Executor, keeper: AccountKeeper, now: Date) {
  const rows = await accountsQuery(db).orderBy('s.name').execute()
  return rows.filter((row) => keepsAccount(keeper, { role: row.role, municipalityCodes: row.municipalityCodes, jourId: row.jourId })).map((row) => withStatus(row, now))
}

/** One account, or null when this administrator does not keep it (the same answer as for no account at all). */
export async function findKeptAccount(db: Executor, keeper: AccountKeeper, id: string, now: Date) {
  if (!isUuid(id)) return null
  const row = await accountsQuery(db).where('s.id', '=', id).executeTakeFirst()
  if (!row || !keepsAccount(keeper, { role: row.role, municipalityCodes: row.municipalityCodes, jourId: row.jourId })) return null
  return withStatus(row, now)
}

/** A new invitation for the account, and the e-mail that carries it, in the caller's transaction. */
async function invite(trx: Executor, jobs: Jobs, input: { staffId: string; email: string; adminId: string | null; now: Date }) {
  // An older link stops working when a new one is sent.
  await trx.updateTable('staff_invitations').set({ expires_at: input.now }).where('staff_id', '=', input.staffId).where('used_at', 'is', null).execute()
  const { id } = await trx
    .insertInto('staff_invitations')
    .values({
      staff_id: input.staffId,
      created_by: input.adminId,
      created_at: input.now,
      expires_at: new Date(input.now.getTime() + INVITATION_VALID_HOURS * 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await jobs.sendEmail(trx, { kind: 'invitation', key: `invitation:${id}`, invitationId: id, to: input.email })
}

/** No password, no second factor, no recovery codes, no sessions: only a new invitation opens the account again. */
async function startOver(trx: Executor, jobs: Jobs, input: { staffId: string; email: string; adminId: string | null; now: Date }) {
  await trx.updateTable('staff_users').set({ password_hash: null, totp_secret: null, totp_confirmed_at: null, disabled_at: null }).where('id', '=', input.staffId).execute()
  await trx.deleteFrom('staff_recovery_codes').where('staff_id', '=', input.staffId).execute()
  await endAllSessions(trx, input.staffId, input.now)
  await invite(trx, jobs, input)
}

/**
 * Creates the account without a password and e-mails its holder an invitation to set one;
 * the second factor is enrolled at the first login. 'exists' when the address has an account.
 */
export async function createAccount(
  db: Db,
  jobs: Jobs,
  input: { adminId: string; keeper: AccountKeeper; account: NewAccount; now: Date },
): Promise<{ id: string } | 'exists' | 'notKept'> {
  const { account } = input
  if (!keepsAccount(input.keeper, account)) return 'notKept'
  return db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('staff_users')
      .values({ email: account.email, name: account.name, password_hash: null, role: account.role, jour_id: account.jourId })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!created) return 'exists' as const
    if (account.municipalityCodes.length > 0) {
      await trx
        .insertInto('staff_municipalities')
        .values(account.municipalityCodes.map((code) => ({ staff_id: created.id, municipality_code: code })))
        .execute()
    }
    await invite(trx, jobs, { staffId: created.id, email: account.email, adminId: input.adminId, now: input.now })
    await audit(trx, { staffId: input.adminId, action: 'config.staff', details: { staffId: created.id, staffName: account.name, change: 'created' }, at: input.now })
    return { id: created.id }
  })
}

/**
 * For the service's operator (`npm run staff:invite`): any role, the first administrator
 * included, or a new invitation for an existing account, which is started over.
 */
export async function inviteByOperator(db: Db, jobs: Jobs, input: { account: Omit<NewAccount, 'role'> & { role: StaffRole }; now: Date }): Promise<'created' | 'reinvited'> {
  const { account } = input
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('staff_users').select('id').where('email', '=', account.email).executeTakeFirst()
    if (existing) {
      await startOver(trx, jobs, { staffId: existing.id, email: account.email, adminId: null, now: input.now })
      return 'reinvited' as const
    }
    const { id } = await trx
      .insertInto('staff_users')
      .values({ email: account.email, name: account.name, password_hash: null, role: account.role, jour_id: account.jourId })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (account.municipalityCodes.length > 0) {
      await trx
        .insertInto('staff_municipalities')
        .values(account.municipalityCodes.map((code) => ({ staff_id: id, municipality_code: code })))
        .execute()
    }
    await invite(trx, jobs, { staffId: id, email: account.email, adminId: null, now: input.now })
    return 'created' as const
  })
}

/**
 * Renames the account or moves it to other municipalities or another jour of this
 * administrator's; the holder's next request already sees the new scope.
 */
export async function updateAccount(db: Db, input: { adminId: string; keeper: AccountKeeper; id: string; change: AccountChangeInput; now: Date }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const account = await findKeptAccount(trx, input.keeper, input.id, input.now)
    if (!account || !keepsAccount(input.keeper, { role: account.role, ...input.change })) return false
    await trx.updateTable('staff_users').set({ name: input.change.name, jour_id: input.change.jourId }).where('id', '=', account.id).execute()
    await trx.deleteFrom('staff_municipalities').where('staff_id', '=', account.id).execute()
    if (input.change.municipalityCodes.length > 0) {
      await trx
        .insertInto('staff_municipalities')
        .values(input.change.municipalityCodes.map((code) => ({ staff_id: account.id, municipality_code: code })))
        .execute()
    }
    await audit(trx, {
      staffId: input.adminId,
      action: 'config.staff',
      details: { staffId: account.id, staffName: input.change.name, change: 'updated', municipalityCodes: input.change.municipalityCodes, jourId: input.change.jourId },
      at: input.now,
    })
    return true
  })
}

export type AccountChange = 'disable' | 'enable' | 'reinvite'

/**
 * Disables or enables an account, or starts it over: a new invitation, with the password,
 * the second factor and the recovery codes cleared, for a lost phone or a forgotten
 * password. Disabling and starting over end the holder's sessions at once.
 */
export async function changeAccount(db: Db, jobs: Jobs, input: { adminId: string; keeper: AccountKeeper; id: string; change: AccountChange; now: Date }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const account = await findKeptAccount(trx, input.keeper, input.id, input.now)
    if (!account) return false
    switch (input.change) {
      case 'disable':
        await trx.updateTable('staff_users').set({ disabled_at: input.now }).where('id', '=', account.id).execute()
        await endAllSessions(trx, account.id, input.now)
        break
      case 'enable':
        await trx.updateTable('staff_users').set({ disabled_at: null }).where('id', '=', account.id).execute()
        break
      case 'reinvite':
        await startOver(trx, jobs, { staffId: account.id, email: account.email, adminId: input.adminId, now: input.now })
        break
    }
    await audit(trx, { staffId: input.adminId, action: 'config.staff', details: { staffId: account.id, staffName: account.name, change: input.change }, at: input.now })
    return true
  })
}

/**
 * Gives the invitation its link, when the e-mail is written: a fresh token whose hash
 * replaces any earlier one. Null when the invitation was used, has expired or was replaced.
 */
export async function issueInvitationToken(db: Executor, invitationId: string, now: Date): Promise<{ token: string; expiresAt: Date; role: string; staffId: string } | null> {
  const token = randomBytes(32).toString('base64url')
  const issued = await db
    .updateTable('staff_invitations as i')
    .from('staff_users as s')
    .set({ token_hash: sha256(token) })
    .whereRef('s.id', '=', 'i.staff_id')
    .where('i.id', '=', invitationId)
    .where('i.used_at', 'is', null)
    .where('i.expires_at', '>', now)
    .where('s.disabled_at', 'is', null)
    .returning(['i.expires_at as expiresAt', 's.role', 's.id as staffId'])
    .executeTakeFirst()
  return issued ? { token, ...issued } : null
}

const validInvitation = (db: Executor, token: string, now: Date) =>
  db
    .selectFrom('staff_invitations as i')
    .innerJoin('staff_users as s', 's.id', 'i.staff_id')
    .select(['i.id', 'i.staff_id as staffId', 's.email', 's.name'])
    .where('i.token_hash', '=', sha256(token))
    .where('i.used_at', 'is', null)
    .where('i.expires_at', '>', now)
    .where('s.disabled_at', 'is', null)

/** Whose invitation the link is, while it still works. */
export async function findInvitation(db: Executor, token: string, now: Date) {
  return (await validInvitation(db, token, now).executeTakeFirst()) ?? null
}

/** Sets the password once: the link is used up in the same transaction. */
export async function acceptInvitation(db: Db, input: { token: string; password: string; now: Date }): Promise<boolean> {
  const passwordHash = await hashPassword(input.password)
  return db.transaction().execute(async (trx) => {
    const invitation = await validInvitation(trx, input.token, input.now).forUpdate().executeTakeFirst()
    if (!invitation) return false
    await trx.updateTable('staff_invitations').set({ used_at: input.now }).where('id', '=', invitation.id).execute()
    await trx.updateTable('staff_users').set({ password_hash: passwordHash }).where('id', '=', invitation.staffId).execute()
    await endAllSessions(trx, invitation.staffId, input.now)
    return true
  })
}
