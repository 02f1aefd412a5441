import { sql, type Kysely } from 'kysely'

/**
 * The free text, names, personnummer and addresses of a report, what staff write on its
 * timeline, and drafts are stored encrypted (AES-256-GCM, app/server/crypto.server.ts);
 * personnummer are found through a blind index, never through an index of the number.
 *
 * A migration holds no key, so it cannot encrypt. Values already stored are marked
 * `plaintext.` and encrypted by `npm run crypto:reencrypt`, which also fills their blind
 * index; the app refuses to read a marked value. Drafts live two hours at most and are
 * deleted instead. Forward only: going back would need the key too.
 */
const ENCRYPTED = {
  reports: ['description'],
  report_subjects: ['name', 'personal_identity_number', 'birth_date', 'whereabouts', 'school', 'guardians', 'interpreter_language'],
  report_reporters: ['name', 'phone', 'email', 'relation', 'guardians_not_informed_reason'],
}
const MARK = 'plaintext.'

export async function up(db: Kysely<any>): Promise<void> {
  // The length of the text can no longer be checked here (the form's schema keeps 10,000 characters).
  await sql`alter table reports drop constraint reports_description_check`.execute(db)
  await sql`alter table reports add constraint reports_description_not_empty check (description <> '')`.execute(db)
  await sql`alter table report_subjects alter column birth_date type text using birth_date::text`.execute(db)

  for (const [table, columns] of Object.entries(ENCRYPTED)) {
    for (const column of columns) {
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${MARK} || ${sql.ref(column)} where ${sql.ref(column)} is not null`.execute(db)
    }
  }
  // What staff wrote on the timeline: the note of a protection assessment, the reason of a decision or a transfer.
  for (const [field, kinds] of [
    ['note', ['protectionAssessment']],
    ['reason', ['decision', 'transfer']],
  ] as const) {
    const key = sql.lit(field)
    await sql`update report_events set data = jsonb_set(data, array[${key}], to_jsonb(${MARK} || (data ->> ${key})))
      where kind in (${sql.join(kinds.map((kind) => sql.lit(kind)))}) and jsonb_typeof(data -> ${key}) = 'string'`.execute(db)
  }

  await db.schema
    .alterTable('report_subjects')
    // HMAC-SHA256 of the 12-digit personnummer with BLIND_INDEX_KEY, hex.
    .addColumn('personal_identity_number_index', 'text', (col) => col.check(sql`personal_identity_number_index ~ '^[0-9a-f]{64}$'`))
    .execute()
  await db.schema.createIndex('report_subjects_personal_identity_number_index_idx').on('report_subjects').column('personal_identity_number_index').execute()

  await sql`delete from report_drafts`.execute(db)
  await db.schema.alterTable('report_drafts').dropColumn('answers').execute()
  await db.schema
    .alterTable('report_drafts')
    .addColumn('answers_ciphertext', 'text', (col) => col.notNull())
    .execute()
}
