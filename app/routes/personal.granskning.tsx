import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { StaffTime } from '~/components/staff-time'
import { formatReference } from '~/domain/reference'
import { audit, listAudit } from '~/server/audit.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:audit.title' }

const PAGE = 100

/** The audit log, for auditors only; reading it is itself logged. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['auditor'])
  const before = new URL(request.url).searchParams.get('fore')
  const rows = await listAudit(context.db, { limit: PAGE, before: before && /^\d+$/.test(before) ? before : undefined })
  await audit(context.db, { staffId: staff.id, action: 'audit.view', at: context.now() })
  return {
    rows: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      action: row.action,
      staff: `${row.staffName} (${row.staffEmail})`,
      // A report's reference, or for a change of configuration what was changed.
      subject: row.reference ? formatReference(row.reference) : configSubject(row.details),
    })),
    older: rows.length === PAGE ? rows.at(-1)!.id : null,
  }
}

/** The jour, municipality or account a change of configuration was about. */
function configSubject(details: unknown): string | null {
  if (typeof details !== 'object' || !details) return null
  const name = 'jourName' in details ? details.jourName : 'municipalityName' in details ? details.municipalityName : 'staffName' in details ? details.staffName : null
  return typeof name === 'string' ? name : null
}

export default function AuditLog() {
  const { t } = useTranslation('staff')
  const { rows, older } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('audit.title')}</h1>
      <p className="body">{t('audit.intro')}</p>
      <div className="table-wrapper">
        <table className="table">
          <caption className="visually-hidden">{t('audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.report')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <StaffTime value={row.at} />
                </td>
                <td>{row.staff}</td>
                <td>{t(`audit.actions.${row.action}`)}</td>
                <td>{row.subject ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {older ? (
        <p className="body">
          <Link to={`?fore=${older}`}>{t('audit.older')}</Link>
        </p>
      ) : null}
    </>
  )
}
