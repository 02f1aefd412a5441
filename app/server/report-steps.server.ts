import { parseWithZod } from '@conform-to/zod/v3'
import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { stockholmDate } from '../domain/calendar'
import { keepKnownFields } from '../domain/form-values'
import { safeReturnUrl } from '../domain/return-address'
import { guardStep, municipalitySoFar, nextPath, previousPath, STEP_PATHS, stepSchema, type DraftAnswers, type FlowContext, type StepId } from '../domain/report-flow'
import { cookies, municipalityHintHeader } from './cookies.server'
import { consume, type PublicAction } from './rate-limits.server'
import { slowDown } from './slow-down.server'
import { findDraft, saveDraftStep, type Draft } from './drafts.server'
import { listMunicipalities, type Municipality } from './municipalities.server'
import { readForm } from './form-body.server'

export type ReportFlowContext = FlowContext & { municipalities: Municipality[] }

export async function reportFlowContext(context: AppLoadContext): Promise<ReportFlowContext> {
  const municipalities = await listMunicipalities(context.db)
  return {
    municipalities,
    municipalityCodes: municipalities.map((municipality) => municipality.code),
    today: stockholmDate(context.now()),
  }
}

/** A "change" link's way back, only to a page of the report flow. */
function flowReturnUrl(value: string | null | undefined, context: AppLoadContext): string | null {
  return safeReturnUrl(value, context.config.BASE_URL, { under: '/anmalan/' })
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
  const returnUrl = flowReturnUrl(new URL(request.url).searchParams.get('returnUrl'), context)
  return { draft, answers, flow, returnUrl, saved: answers[step] ?? null, back: previousPath(step, answers, flow) }
}

/** The first of the public flow's limits that refuses this request, if any: a new draft counts as a draft and a step. */
export async function refusedByLimits(context: AppLoadContext, actions: readonly PublicAction[]): Promise<{ retryAfterSeconds: number } | null> {
  for (const action of actions) {
    const verdict = await consume(context, action)
    if (!verdict.allowed) return verdict
  }
  return null
}

/**
 * Validates one step with its schema, keeps the answers as typed, and moves on. Invalid
 * input comes back with status 400 and everything the person typed.
 */
export async function submitStep(request: Request, context: AppLoadContext, step: StepId) {
  const formData = await readForm(request)
  const { draft, answers, flow } = await requireStep(request, context, step)
  const schema = stepSchema(step, answers, flow)
  if (!schema) throw redirect(nextPath(answers, flow, null), 303)
  const submission = parseWithZod(formData, { schema })
  const limited = await refusedByLimits(context, draft ? ['step'] : ['draft', 'step'])
  if (limited) {
    // Everything typed comes back in the form, with when to try again and where help is now.
    const typed = { ...answers, [step]: keepKnownFields(schema, submission.payload) as Record<string, unknown> }
    const slowDownData = await slowDown(context.db, municipalitySoFar(typed), limited.retryAfterSeconds)
    return data(
      { ...submission.reply({ formErrors: ['submit.rateLimited'] }), slowDown: slowDownData },
      { status: 429, headers: { 'Retry-After': String(slowDownData.retryAfterSeconds) } },
    )
  }
  if (submission.status !== 'success') {
    // Without JavaScript, "add another person" and "remove" arrive here as intents, not errors.
    return data(submission.reply(), { status: submission.status === 'error' ? 400 : 200 })
  }
  const payload = keepKnownFields(schema, submission.payload) as Record<string, unknown>
  const saved = await saveDraftStep(context.db, context.cipher, draft, step, payload, context.now())
  const returnUrl = flowReturnUrl(formData.get('returnUrl')?.toString(), context)
  const headers = new Headers()
  headers.append('Set-Cookie', await cookies(context.config).draft.serialize(saved.id))
  headers.append('Set-Cookie', municipalityHintHeader(context.config, municipalitySoFar(saved.answers)))
  throw redirect(nextPath(saved.answers, flow, returnUrl), { status: 303, headers })
}
