import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Db } from '~/server/db.server'
import { DRAFT_IDLE_MS, deleteDraft, deleteIdleDrafts, findDraft, saveDraftStep } from '~/server/drafts.server'
import { createTestDatabase } from '../support/postgres'

let db: Db
let drop: () => Promise<void>
beforeAll(async () => {
  ;({ db, drop } = await createTestDatabase(inject('postgresUrl')))
})
afterAll(() => drop())

const start = new Date('2026-11-23T15:40:00Z')
const later = (ms: number) => new Date(start.getTime() + ms)

describe('drafts between the steps', () => {
  it('keeps each step as typed and adds the next', async () => {
    const first = await saveDraftStep(db, null, 'municipality', { municipality: '0160' }, start)
    await saveDraftStep(db, first, 'concerns', { concerns: 'children' }, later(60_000))
    const found = await findDraft(db, first.id, later(120_000))
    expect(found?.answers).toEqual({ municipality: { municipality: '0160' }, concerns: { concerns: 'children' } })
    expect(found?.startedAt.toISOString()).toBe(start.toISOString())
  })

  it('forgets a draft after two hours without a change, and the sweep deletes it', async () => {
    const draft = await saveDraftStep(db, null, 'municipality', { municipality: '1233' }, start)
    expect(await findDraft(db, draft.id, later(DRAFT_IDLE_MS - 1000))).not.toBeNull()
    expect(await findDraft(db, draft.id, later(DRAFT_IDLE_MS))).toBeNull()
    expect(await deleteIdleDrafts(db, later(DRAFT_IDLE_MS))).toBeGreaterThanOrEqual(1)
    const row = await db.selectFrom('report_drafts').select('id').where('id', '=', draft.id).executeTakeFirst()
    expect(row).toBeUndefined()
  })

  it('an idle clock restarts with every saved step', async () => {
    const draft = await saveDraftStep(db, null, 'municipality', { municipality: '1233' }, start)
    await saveDraftStep(db, draft, 'concerns', { concerns: 'adult' }, later(DRAFT_IDLE_MS - 1000))
    expect(await findDraft(db, draft.id, later(DRAFT_IDLE_MS + 60_000))).not.toBeNull()
  })

  it('is gone after quick exit', async () => {
    const draft = await saveDraftStep(db, null, 'municipality', { municipality: '0160' }, start)
    await deleteDraft(db, draft.id)
    expect(await findDraft(db, draft.id, start)).toBeNull()
  })
})
