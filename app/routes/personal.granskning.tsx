import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { StaffTime } from '~/components/staff-time'
import { Table } from '~/components/table-section'
import { formatReference } from '~/domain/reference'
import { audit, listAudit, OUT_OF_SCOPE } from '~/server/audit.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:audit.title' }

const PAGE = 100

/** The audit log, for auditors only; reading it is itself logged. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['auditor'])
  const params = new URL(request.url).searchParams
  const before = params.get('fore')
  const securityOnly = params.get('sakerhet') === '1'
  const rows = await listAudit(context.db, { limit: PAGE, before: before && /^\d{1,18}$/.test(before) ? before : undefined, securityOnly })
  await audit(context.db, { staffId: staff.id, action: 'audit.view', at: context.now() })
  return {
    securityOnly,
    rows: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      action: row.action,
      security: row.action === OUT_OF_SCOPE,
      staff: `${row.staffName} (${row.staffEmail})`,
      // A report's reference, or what else the entry was about.
      subject: row.reference ? { reference: formatReference(row.reference) } : subjectOf(row.details),
    })),
    older: rows.length === PAGE ? rows.at(-1)!.id : null,
  }
}

type Subject = { reference: string } | { name: string } | { kind: string; id: string | null } | null

/** The jour, municipality or account a change was about, the pre-notice read, or what an out-of-scope attempt asked for. */
function subjectOf(details: unknown): Subject {
  if (typeof details !== 'object' || !details) return null
  const text = (key: string) => (key in details && typeof (details as Record<string, unknown>)[key] === 'string' ? ((details as Record<string, unknown>)[key] as string) : null)
  const name = text('jourName') ?? text('municipalityName') ?? text('staffName')
  if (name) return { name }
  const preNoticeId = text('preNoticeId')
  if (preNoticeId) return { kind: 'preNotice', id: preNoticeId }
  const kind = text('kind')
  return kind ? { kind, id: text('id') } : null
}

export default function AuditLog() {
  const { t } = useTranslation('staff')
  const { rows, older, securityOnly } = useLoaderData<typeof loader>()
  const subject = (value: Subject) => {
    if (!value) return '–'
    if ('reference' in value) return value.reference
    if ('name' in value) return value.name
    return `${t(`audit.kinds.${value.kind}`, { defaultValue: value.kind })} ${value.id ?? t('audit.unknownId')}`
  }
  return (
    <>
      <h1 className="heading-l">{t('audit.title')}</h1>
      <p className="body">{t('audit.intro')}</p>
      <p className="body">
        {securityOnly ? <Link to="?">{t('audit.showAll')}</Link> : <Link to="?sakerhet=1">{t('audit.showSecurity')}</Link>}
      </p>
      <Table caption={t('audit.title')}>
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
              <td>
                <bdi>{row.staff}</bdi>
              </td>
              <td>
                {row.security ? (
                  <>
                    <strong className="tag tag--overdue">{t('audit.securityEvent')}</strong>{' '}
                  </>
                ) : null}
                {t(`audit.actions.${row.action}`)}
              </td>
              <td>
                <bdi>{subject(row.subject)}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {older ? (
        <p className="body">
          <Link to={`?${securityOnly ? 'sakerhet=1&' : ''}fore=${older}`}>{t('audit.older')}</Link>
        </p>
      ) : null}
    </>
  )
}
