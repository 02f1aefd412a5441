import { sql } from 'kysely'
import { addDays } from '../domain/calendar'
import type { PreNoticeInput } from '../domain/pre-notice'
import type { StaffScope } from '../domain/scope'
import { audit } from './audit.server'
import type { Cipher } from './crypto.server'
import type { Db, Executor } from './db.server'
import { isUuid } from '../domain/strict-params'

/** A pre-notice is valid from the start of its first day to the end of its last, in Stockholm. */
function period(input: Pick<PreNoticeInput, 'validFrom' | 'validTo'>) {
  return {
    valid_from: sql<Date>`(${input.validFrom}::date)::timestamp at time zone 'Europe/Stockholm'`,
    valid_to: sql<Date>`(${addDays(input.validTo, 1)}::date)::timestamp at time zone 'Europe/Stockholm'`,
  }
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

/** Every pre-notice the staff member may see, newest first; which ones were shown is in the audit log. */
export async function listPreNotices(db: Executor, cipher: Cipher, scope: StaffScope, reader: { staffId: string; now: Date }) {
  const { now } = reader
  const rows = await preNoticesInScope(db, scope, now)
    .innerJoin('municipalities', 'municipalities.code', 'pre_notices.municipality_code')
    .select([...COLUMNS, 'municipalities.name as municipalityName'])
    .orderBy('pre_notices.valid_to', 'desc')
    .limit(500)
    .execute()
  await audit(db, { staffId: reader.staffId, action: 'preNotice.list', details: { shown: rows.length, preNoticeIds: rows.map((row) => row.id) }, at: now })
  return rows.map((row) => ({ ...row, ...reveal(cipher, row), active: !row.withdrawn_at && row.valid_from <= now && row.valid_to > now }))
}

async function findInScope(db: Executor, cipher: Cipher, scope: StaffScope, id: string, now: Date) {
  if (!isUuid(id)) return null
  const row = await preNoticesInScope(db, scope, now)
    .innerJoin('municipalities', 'municipalities.code', 'pre_notices.municipality_code')
    .select([...COLUMNS, 'municipalities.name as municipalityName'])
    .where('pre_notices.id', '=', id)
    .executeTakeFirst()
  return row ? { ...row, ...reveal(cipher, row), editable: !row.withdrawn_at && row.valid_to > now } : null
}

/** One pre-notice, read: null when out of scope (the caller answers 404), and the read in the audit log. */
export async function readPreNotice(db: Executor, cipher: Cipher, scope: StaffScope, reader: { staffId: string; id: string; now: Date }) {
  const found = await findInScope(db, cipher, scope, reader.id, reader.now)
  if (found) await audit(db, { staffId: reader.staffId, action: 'preNotice.view', details: { preNoticeId: found.id, municipalityCode: found.municipality_code }, at: reader.now })
  return found
}

/**
 * Active pre-notices about any of these people, that the staff member may see: shown at the
 * top of a report, so each one shown is a read in the audit log, naming that report.
 */
export async function activePreNoticesAbout(
  db: Executor,
  cipher: Cipher,
  scope: StaffScope,
  personalIdentityNumbers: readonly string[],
  reader: { staffId: string; reportId: string; now: Date },
) {
  const { now } = reader
  const indexes = personalIdentityNumbers.map((number) => cipher.blindIndex(number))
  if (indexes.length === 0) return []
  const rows = await preNoticesInScope(db, scope, now)
    .select(COLUMNS)
    .where('pre_notices.personal_identity_number_index', 'in', indexes)
    .where('pre_notices.withdrawn_at', 'is', null)
    .where('pre_notices.valid_from', '<=', now)
    .where('pre_notices.valid_to', '>', now)
    .execute()
  for (const row of rows) {
    await audit(db, {
      staffId: reader.staffId,
      action: 'preNotice.view',
      details: { preNoticeId: row.id, municipalityCode: row.municipality_code, shownOnReport: reader.reportId },
      at: now,
    })
  }
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

/** Writes the pre-notice and its audit entry together. */
export async function createPreNotice(db: Db, cipher: Cipher, input: { municipalityCode: string; staffId: string; notice: PreNoticeInput; now: Date }) {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
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
    await audit(trx, { staffId: input.staffId, action: 'preNotice.create', details: { preNoticeId: id, municipalityCode: input.municipalityCode }, at: input.now })
    return id
  })
}

/** What became of an edit or a withdrawal: one out of scope is not found, as one that does not exist. */
export type PreNoticeChange = 'done' | 'notEditable' | 'notFound'

/** Edits while the pre-notice has not expired and is not withdrawn. */
export async function updatePreNotice(
  db: Db,
  cipher: Cipher,
  scope: StaffScope,
  input: { id: string; staffId: string; notice: PreNoticeInput; now: Date },
): Promise<PreNoticeChange> {
  return db.transaction().execute(async (trx) => {
    const found = await findInScope(trx, cipher, scope, input.id, input.now)
    if (!found) return 'notFound'
    if (!found.editable) return 'notEditable'
    await trx
      .updateTable('pre_notices')
      .set({ ...sealed(cipher, input.notice), ...period(input.notice), updated_at: input.now })
      .where('id', '=', input.id)
      .execute()
    await audit(trx, { staffId: input.staffId, action: 'preNotice.edit', details: { preNoticeId: found.id, municipalityCode: found.municipality_code }, at: input.now })
    return 'done'
  })
}

export async function withdrawPreNotice(db: Db, cipher: Cipher, scope: StaffScope, input: { id: string; staffId: string; now: Date }): Promise<PreNoticeChange> {
  return db.transaction().execute(async (trx) => {
    const found = await findInScope(trx, cipher, scope, input.id, input.now)
    if (!found) return 'notFound'
    if (!found.editable) return 'notEditable'
    await trx.updateTable('pre_notices').set({ withdrawn_at: input.now, withdrawn_by: input.staffId }).where('id', '=', input.id).execute()
    await audit(trx, { staffId: input.staffId, action: 'preNotice.withdraw', details: { preNoticeId: found.id, municipalityCode: found.municipality_code }, at: input.now })
    return 'done'
  })
}
