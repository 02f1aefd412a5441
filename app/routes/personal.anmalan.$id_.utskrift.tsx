import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ReportDetails } from '~/components/report-details'
import { StaffTime } from '~/components/staff-time'
import { formatReference } from '~/domain/reference'
import { readReportForStaff } from '~/server/staff-report.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors', 'report'], titleKey: 'staff:report.pageTitle' }

/** The print view: the same report without forms; printing is logged like reading. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { staff, scope } = await requireStaff(request, context)
  const report = await readReportForStaff(context, request, { scope, staffId: staff.id, reportId: params.id ?? '', action: 'report.print' })
  return { report, printedBy: staff.name, printedAt: context.now().toISOString() }
}

export default function PrintReport() {
  const { t } = useTranslation('staff')
  const { report, printedBy, printedAt } = useLoaderData<typeof loader>()
  return (
    <article className="print-view">
      <h1 className="heading-l">{t('report.printTitle', { reference: formatReference(report.reference) })}</h1>
      <p className="body">
        {report.municipalityName} · {t(`levels.${report.level}`)} · <StaffTime value={report.receivedAt} />
      </p>
      <ReportDetails report={report} />
      <p className="hint">
        {printedBy} · <StaffTime value={printedAt} />
      </p>
    </article>
  )
}
