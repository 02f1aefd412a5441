import type { LoaderFunctionArgs } from '@remix-run/node'
import { methodNotAllowed, requireApiClient } from '~/server/api-http.server'
import { readReportForClient } from '~/server/api-reports.server'
import { reportPdf } from '~/server/report-pdf.server'

/** GET /api/v1/reports/{id}/pdf: the same report as a PDF/A document for the record, in Swedish (the record's language). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const client = await requireApiClient(request, context)
  const view = await readReportForClient(context, request, client, params.id ?? '', 'api.pdf')
  const pdf = await reportPdf(view, 'sv')
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      'Content-Type': 'application/pdf',
      // The file's name is the report's id: a reference is no secret, but a name in a download folder need not say more.
      'Content-Disposition': `attachment; filename="${view.id}.pdf"`,
      'Content-Length': String(pdf.length),
    },
  })
}

export function action() {
  return methodNotAllowed('GET')
}
