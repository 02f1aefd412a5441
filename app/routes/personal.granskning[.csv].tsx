import type { LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { parseAuditSearch } from '~/domain/audit-search'
import { csvDocument } from '~/domain/csv'
import { STOCKHOLM } from '~/domain/time-zone'
import { requestLanguage } from '~/i18n/i18next.server'
import { fixedT } from '~/i18n/translations.server'
import { audit, AUDIT_ACTIONS, auditEntries } from '~/server/audit.server'
import { requireStaff } from '~/server/staff-session.server'

/** The newest rows of a search that one file holds; the page says to narrow the search for older ones. */
const EXPORT_LIMIT = 10_000

const STOCKHOLM_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: STOCKHOLM,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/**
 * The auditor's search of the audit log as CSV, the same filters as /personal/granskning. The
 * export is itself an entry in the log, with the search and how many rows left the service.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['auditor'])
  const search = parseAuditSearch(new URL(request.url).searchParams, AUDIT_ACTIONS)
  if (search.errors.length > 0 || search.badCursor) throw data({ status: 'bad-request' }, { status: 400 })
  const { rows } = await auditEntries(context.db, { limit: EXPORT_LIMIT, filter: search.filter })
  const t = fixedT(await requestLanguage(request), 'staff')
  const subject = (value: (typeof rows)[number]['subject']) => {
    if (!value) return null
    if ('reference' in value) return value.reference
    if ('name' in value) return value.name
    return `${t(`audit.kinds.${value.kind}`, { defaultValue: value.kind })} ${value.id ?? t('audit.unknownId')}`
  }
  const body = csvDocument([
    [t('audit.csv.at'), t('audit.csv.staffName'), t('audit.csv.staffEmail'), t('audit.csv.action'), t('audit.csv.securityEvent'), t('audit.csv.subject')],
    ...rows.map((row) => [
      STOCKHOLM_TIME.format(row.at),
      row.staffName ?? t('audit.reporter'),
      row.staffEmail ?? '',
      t(`audit.actions.${row.action}`),
      row.security ? t('audit.csv.yes') : '',
      subject(row.subject),
    ]),
  ])
  const { values } = search
  await audit(context.db, {
    staffId: staff.id,
    action: 'audit.export',
    details: { ...Object.fromEntries(Object.entries(values).filter(([, value]) => value)), rows: rows.length },
    at: context.now(),
  })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="orosanmalan-granskningslogg.csv"',
      'Cache-Control': 'no-store',
    },
  })
}
