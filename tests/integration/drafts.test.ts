import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Db } from '~/server/db.server'
import { DRAFT_IDLE_MS, deleteDraft, deleteIdleDrafts, findDraft, saveDraftStep } from '~/server/drafts.server'
import { testCipher } from '../support/cipher'
import { createTestDatabase } from '../support/postgres'

let db: Db
let drop: () => Promise<void>
const cipher = testCipher()
beforeAll(async () => {
  ;({ db, drop } = await createTestDatabase(inject('postgresUrl')))
})
afterAll(() => drop())

const start = new Date('2026-11-23T15:40:00Z')
const later = (ms: number) => new Date(start.getTime() + ms)

describe('drafts between the steps', () => {
  it('keeps each step as typed and adds the next', async () => {
    const first = await saveDraftStep(db, cipher, null, 'municipality', { municipality: '0160' }, start)
    await saveDraftStep(db, cipher, first, 'subjects', { concerns: 'children' }, later(60_000))
    const found = await findDraft(db, cipher, first.id, later(120_000))
    expect(found?.answers).toEqual({ municipality: { municipality: '0160' }, subjects: { concerns: 'children' } })
    expect(found?.startedAt.toISOString()).toBe(start.toISOString())
  })

  it('forgets a draft after two hours without a change, and the sweep deletes it', async () => {
    const draft = await saveDraftStep(db, cipher, null, 'municipality', { municipality: '1233' }, start)
    expect(await findDraft(db, cipher, draft.id, later(DRAFT_IDLE_MS - 1000))).not.toBeNull()
    expect(await findDraft(db, cipher, draft.id, later(DRAFT_IDLE_MS))).toBeNull()
    expect(await deleteIdleDrafts(db, later(DRAFT_IDLE_MS))).toBeGreaterThanOrEqual(1)
    const row = await db.selectFrom('report_drafts').select('id').where('id', '=', draft.id).executeTakeFirst()
    expect(row).toBeUndefined()
  })

  it('an idle clock restarts with every saved step', async () => {
    const draft = await saveDraftStep(db, cipher, null, 'municipality', { municipality: '1233' }, start)
    await saveDraftStep(db, cipher, draft, 'subjects', { concerns: 'adult' }, later(DRAFT_IDLE_MS - 1000))
    expect(await findDraft(db, cipher, draft.id, later(DRAFT_IDLE_MS + 60_000))).not.toBeNull()
  })

  it('is gone after quick exit', async () => {
    const draft = await saveDraftStep(db, cipher, null, 'municipality', { municipality: '0160' }, start)
    await deleteDraft(db, draft.id)
    expect(await findDraft(db, cipher, draft.id, start)).toBeNull()
  })
})

describe('drafts at rest', () => {
  it('keeps what was typed only encrypted, readable with the key alone', async () => {
    const people = { people: [{ name: 'Ella Svensson', personalIdentityNumber: '20150412-1235', whereabouts: 'Storgatan 1' }] }
    const draft = await saveDraftStep(db, cipher, null, 'people', people, start)
    const row = await sql<Record<string, unknown>>`select * from report_drafts where id = ${draft.id}`.execute(db)
    const stored = JSON.stringify(row.rows)
    for (const typed of ['Ella', 'Svensson', '20150412', 'Storgatan']) expect(stored).not.toContain(typed)
    expect(row.rows[0]?.answers_ciphertext).toMatch(/^v1\.test\./)

    expect((await findDraft(db, cipher, draft.id, start))?.answers).toEqual({ people })
    await expect(findDraft(db, testCipher(), draft.id, start)).rejects.toThrow(/does not authenticate/)
  })
})
