import { sql } from 'kysely'
import { addDays } from '../domain/calendar'
import type { PreNoticeInput } from '../domain/pre-notice'
import type { StaffScope } from '../domain/scope'
import type { Cipher } from './crypto.server'
import type { Executor } from './db.server'

/** A pre-notice is valid from the start of its first day to the end of its last, in Stockholm. */
function period(input: Pick<PreNoticeInput, 'validFrom' | 'validTo'>) {
  return { valid_from: sql<Date>`(${input.validFrom}::date)::timestamp at time zone 'Europe/Stockholm'`, valid_to: sql<Date>`(${addDays(input.validTo, 1)}::date)::timestamp at time zone 'Europe/Stockholm'` }
}

/**
 * The pre-notices a staff member may see: an intake unit those of its municipalities; a
 * jour the active ones of its member municipalities; nobody else any.
 */
function preNoticesInScope(db: Executor, scope: StaffScope, now: Date) {
  const notices = db.selectFrom('pre_notices')
  switch (scope.role) {
    case 'intake':
      return scope.municipalityCodes.length > 0 ? notices.where('pre_notices.municipality_code', 'in', [...scope.municipalityCodes]) : notices.where(sql<boolean>`false`)
    case 'jour':
      return notices
        .where('pre_notices.municipality_code', 'in', db.selectFrom('jour_memberships').select('municipality_code').where('jour_id', '=', scope.jourId))
        .where('pre_notices.withdrawn_at', 'is', null)
        .where('pre_notices.valid_from', '<=', now)
        .where('pre_notices.valid_to', '>', now)
    case 'admin':
    case 'auditor':
      return notices.where(sql<boolean>`false`)
  }
}

function reveal(cipher: Cipher, row: { person_name: string | null; personal_identity_number: string; background: string; plan: string; contact: string }) {
  return {
    personName: cipher.decryptNullable(row.person_name, 'pre_notices.person_name'),
    personalIdentityNumber: cipher.decrypt(row.personal_identity_number, 'pre_notices.personal_identity_number'),
    background: cipher.decrypt(row.background, 'pre_notices.background'),
    plan: cipher.decrypt(row.plan, 'pre_notices.plan'),
    contact: cipher.decrypt(row.contact, 'pre_notices.contact'),
  }
}

const COLUMNS = [
  'pre_notices.id',
  'pre_notices.municipality_code',
  'pre_notices.person_name',
  'pre_notices.personal_identity_number',
  'pre_notices.valid_from',
  'pre_notices.valid_to',
  'pre_notices.background',
  'pre_notices.plan',
  'pre_notices.contact',
  'pre_notices.withdrawn_at',
] as const

export async function listPreNotices(db: Executor, cipher: Cipher, scope: StaffScope, now: Date) {
  const rows = await preNoticesInScope(db, scope, now)
    .innerJoin('municipalities', 'municipalities.code', 'pre_notices.municipality_code')
    .select([...COLUMNS, 'municipalities.name as municipalityName'])
    .orderBy('pre_notices.valid_to', 'desc')
    .limit(500)
    .execute()
  return rows.map((row) => ({ ...row, ...reveal(cipher, row), active: !row.withdrawn_at && row.valid_from <= now && row.valid_to > now }))
}

export async function findPreNotice(db: Executor, cipher: Cipher, scope: StaffScope, id: string, now: Date) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null
  const row = await preNoticesInScope(db, scope, now)
    .innerJoin('municipalities', 'municipalities.code', 'pre_notices.municipality_code')
    .select([...COLUMNS, 'municipalities.name as municipalityName'])
    .where('pre_notices.id', '=', id)
    .executeTakeFirst()
  return row ? { ...row, ...reveal(cipher, row), editable: !row.withdrawn_at && row.valid_to > now } : null
}

/** Active pre-notices about any of these people, that the staff member may see: shown on a report. */
export async function activePreNoticesAbout(db: Executor, cipher: Cipher, scope: StaffScope, personalIdentityNumbers: readonly string[], now: Date) {
  const indexes = personalIdentityNumbers.map((number) => cipher.blindIndex(number))
  if (indexes.length === 0) return []
  const rows = await preNoticesInScope(db, scope, now)
    .select(COLUMNS)
    .where('pre_notices.personal_identity_number_index', 'in', indexes)
    .where('pre_notices.withdrawn_at', 'is', null)
    .where('pre_notices.valid_from', '<=', now)
    .where('pre_notices.valid_to', '>', now)
    .execute()
  return rows.map((row) => ({ id: row.id, validTo: row.valid_to, ...reveal(cipher, row) }))
}

function sealed(cipher: Cipher, input: PreNoticeInput) {
  return {
    person_name: cipher.encryptNullable(input.personName ?? null, 'pre_notices.person_name'),
    personal_identity_number: cipher.encrypt(input.personalIdentityNumber, 'pre_notices.personal_identity_number'),
    personal_identity_number_index: cipher.blindIndex(input.personalIdentityNumber),
    background: cipher.encrypt(input.background, 'pre_notices.background'),
    plan: cipher.encrypt(input.plan, 'pre_notices.plan'),
    contact: cipher.encrypt(input.contact, 'pre_notices.contact'),
  }
}

export async function createPreNotice(db: Executor, cipher: Cipher, input: { municipalityCode: string; staffId: string; notice: PreNoticeInput; now: Date }) {
  const { id } = await db
    .insertInto('pre_notices')
    .values({
      municipality_code: input.municipalityCode,
      ...sealed(cipher, input.notice),
      ...period(input.notice),
      created_by: input.staffId,
      created_at: input.now,
      updated_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** Edits while the pre-notice has not expired and is not withdrawn; false when it may not be edited. */
export async function updatePreNotice(db: Executor, cipher: Cipher, scope: StaffScope, input: { id: string; notice: PreNoticeInput; now: Date }) {
  const found = await findPreNotice(db, cipher, scope, input.id, input.now)
  if (!found?.editable) return false
  await db
    .updateTable('pre_notices')
    .set({ ...sealed(cipher, input.notice), ...period(input.notice), updated_at: input.now })
    .where('id', '=', input.id)
    .execute()
  return true
}

export async function withdrawPreNotice(db: Executor, cipher: Cipher, scope: StaffScope, input: { id: string; staffId: string; now: Date }) {
  const found = await findPreNotice(db, cipher, scope, input.id, input.now)
  if (!found?.editable) return false
  await db.updateTable('pre_notices').set({ withdrawn_at: input.now, withdrawn_by: input.staffId }).where('id', '=', input.id).execute()
  return true
}
