import { randomUUID } from 'node:crypto'
import type { DraftAnswers, StepId } from '../domain/report-flow'
import type { Cipher } from './crypto.server'
import type { Db, Executor } from './db.server'

/** A draft not touched for two hours is gone: an unattended screen must not keep a report. */
export const DRAFT_IDLE_MS = 2 * 60 * 60 * 1000

export interface Draft {
  id: string
  answers: DraftAnswers
  startedAt: Date
}

const ANSWERS = 'report_drafts.answers_ciphertext'

export async function findDraft(db: Executor, cipher: Cipher, id: string, now: Date): Promise<Draft | null> {
  const row = await db
    .selectFrom('report_drafts')
    .select(['id', 'answers_ciphertext', 'started_at'])
    .where('id', '=', id)
    .where('updated_at', '>', new Date(now.getTime() - DRAFT_IDLE_MS))
    .executeTakeFirst()
  if (!row) return null
  return { id: row.id, answers: JSON.parse(cipher.decrypt(row.answers_ciphertext, ANSWERS)) as DraftAnswers, startedAt: row.started_at }
}

/** Saves one step's answers as typed, starting a draft when there is none. */
export async function saveDraftStep(db: Db, cipher: Cipher, draft: Draft | null, step: StepId, payload: Record<string, unknown>, now: Date): Promise<Draft> {
  const answers: DraftAnswers = { ...(draft?.answers ?? {}), [step]: payload }
  const answersCiphertext = cipher.encrypt(JSON.stringify(answers), ANSWERS)
  if (draft) {
    await db.updateTable('report_drafts').set({ answers_ciphertext: answersCiphertext, updated_at: now }).where('id', '=', draft.id).execute()
    return { ...draft, answers }
  }
  const id = randomUUID()
  await db.insertInto('report_drafts').values({ id, answers_ciphertext: answersCiphertext, started_at: now, updated_at: now }).execute()
  return { id, answers, startedAt: now }
}

export async function deleteDraft(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('report_drafts').where('id', '=', id).execute()
}

export async function deleteIdleDrafts(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('report_drafts')
    .where('updated_at', '<=', new Date(now.getTime() - DRAFT_IDLE_MS))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
