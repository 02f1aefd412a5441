import type { ActionFunctionArgs } from '@remix-run/node'
import { parseRegistration } from '~/domain/api-export'
import { apiJson, apiOutOfScope, methodNotAllowed, problem, readJsonBody, requireApiClient } from '~/server/api-http.server'
import { registerReport } from '~/server/api-reports.server'

/**
 * POST /api/v1/reports/{id}/registration `{ "diaryNumber": "…", "caseId": "…" }`: the case
 * system has registered the report. Idempotent: the same values again answer the same.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed('POST')
  const client = await requireApiClient(request, context)
  const parsed = parseRegistration(await readJsonBody(request))
  if (!parsed.ok) return problem('invalid_body', { extra: { fields: parsed.fields } })
  const reportId = params.id ?? ''
  const outcome = await registerReport(context.db, { client, reportId, registration: parsed.registration, now: context.now() })
  switch (outcome.kind) {
    case 'registered':
    case 'repeated':
      return apiJson(outcome.registration)
    case 'notFound':
      return apiOutOfScope(context, request, client, reportId)
    case 'notReady':
      return problem('not_ready')
    case 'conflict':
      return problem('already_registered')
    default: {
      const unreachable: never = outcome
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`)
    }
  }
}

export function loader() {
  return methodNotAllowed('POST')
}
