import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiJson, methodNotAllowed, requireApiClient } from '~/server/api-http.server'
import { readReportForClient, reportJson } from '~/server/api-reports.server'

/** GET /api/v1/reports/{id}: one report as JSON (the OpenAPI document's `Report`). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const client = await requireApiClient(request, context)
  const view = await readReportForClient(context, request, client, params.id ?? '', 'api.read')
  return apiJson(reportJson(view))
}

export function action() {
  return methodNotAllowed('GET')
}
