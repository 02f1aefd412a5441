import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { cookies, municipalityHintHeader } from '~/server/cookies.server'
import { currentDraftId } from '~/server/report-steps.server'
import { deleteDraft } from '~/server/drafts.server'

/** Somewhere that looks ordinary to a person looking over the reporter's shoulder. */
export const NEUTRAL_SITE = 'https://www.smhi.se/'

/**
 * Quick exit ("Lämna sidan snabbt"): the draft is deleted and both cookies cleared before
 * the browser is sent to a neutral site, so nothing typed remains on this computer or here.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  // By the cookie's id alone: quick exit must work even when the draft cannot be read.
  const draftId = await currentDraftId(request, context)
  if (draftId) await deleteDraft(context.db, draftId)
  const jar = cookies(context.config)
  const headers = new Headers({ 'Cache-Control': 'no-store' })
  headers.append('Set-Cookie', await jar.draft.serialize('', { maxAge: 0 }))
  headers.append('Set-Cookie', municipalityHintHeader(context.config, null))
  headers.append('Set-Cookie', await jar.receipt.serialize('', { maxAge: 0 }))
  return redirect(NEUTRAL_SITE, { status: 303, headers })
}
