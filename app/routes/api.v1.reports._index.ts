import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseReadyQuery } from '~/domain/api-export'
import { apiJson, methodNotAllowed, problem, requireApiClient } from '~/server/api-http.server'
import { listReady } from '~/server/api-reports.server'

/** GET /api/v1/reports?status=ready&cursor=…&limit=…: the client's reports ready for registration, oldest decision first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const client = await requireApiClient(request, context)
  const parsed = parseReadyQuery(new URL(request.url).searchParams)
  if (!parsed.ok) return problem('invalid_parameter', { extra: { parameter: parsed.parameter } })
  return apiJson(await listReady(context, client, parsed.query))
}

export function action() {
  return methodNotAllowed('GET')
}
