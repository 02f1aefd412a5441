import { parseWithZod } from '@conform-to/zod/v3'
import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { stockholmDate } from '../domain/calendar'
import {
  guardStep,
  nextPath,
  previousPath,
  safeReturnUrl,
  STEP_PATHS,
  stepSchema,
  type DraftAnswers,
  type FlowContext,
  type StepId,
} from '../domain/report-flow'
import { cookies } from './cookies.server'
import { findDraft, saveDraftStep, type Draft } from './drafts.server'
import { listMunicipalities, type Municipality } from './municipalities.server'

export type ReportFlowContext = FlowContext & { municipalities: Municipality[] }

export async function reportFlowContext(context: AppLoadContext): Promise<ReportFlowContext> {
  const municipalities = await listMunicipalities(context.db)
  return {
    municipalities,
    municipalityCodes: municipalities.map((municipality) => municipality.code),
    today: stockholmDate(context.now()),
  }
}

/** The draft id the browser holds, without reading the draft. */
export async function currentDraftId(request: Request, context: AppLoadContext): Promise<string | null> {
  const id: unknown = await cookies(context.config).draft.parse(request.headers.get('Cookie'))
  return typeof id === 'string' ? id : null
}

export async function currentDraft(request: Request, context: AppLoadContext): Promise<Draft | null> {
  const id = await currentDraftId(request, context)
  return id ? findDraft(context.db, context.cipher, id, context.now()) : null
}

/**
 * Everything a step page needs, after making sure the steps before it are done: the
 * person is sent to the first one that is not.
 */
export async function requireStep(request: Request, context: AppLoadContext, step: StepId) {
  const [draft, flow] = await Promise.all([currentDraft(request, context), reportFlowContext(context)])
  const answers: DraftAnswers = draft?.answers ?? {}
  const blocked = step === 'municipality' ? null : draft ? guardStep(step, answers, flow) : STEP_PATHS.municipality
  if (blocked) throw redirect(blocked, 303)
  const returnUrl = safeReturnUrl(new URL(request.url).searchParams.get('returnUrl'))
  return { draft, answers, flow, returnUrl, saved: answers[step] ?? null, back: previousPath(step, answers, flow) }
}

const FORM_META_FIELDS = ['returnUrl']

/**
 * Validates one step with its schema, keeps the answers as typed, and moves on. Invalid
 * input comes back with status 400 and everything the person typed.
 */
export async function submitStep(request: Request, context: AppLoadContext, step: StepId) {
  const { draft, answers, flow } = await requireStep(request, context, step)
  const formData = await request.formData()
  const schema = stepSchema(step, answers, flow)
  if (!schema) throw redirect(nextPath(answers, flow, null), 303)
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') {
    // Without JavaScript, "add another person" and "remove" arrive here as intents, not errors.
    return data(submission.reply(), { status: submission.status === 'error' ? 400 : 200 })
  }
  const payload = Object.fromEntries(
    Object.entries(submission.payload).filter(([key]) => !FORM_META_FIELDS.includes(key)),
  )
  const saved = await saveDraftStep(context.db, context.cipher, draft, step, payload, context.now())
  const returnUrl = safeReturnUrl(formData.get('returnUrl')?.toString())
  throw redirect(nextPath(saved.answers, flow, returnUrl), {
    status: 303,
    headers: { 'Set-Cookie': await cookies(context.config).draft.serialize(saved.id) },
  })
}
