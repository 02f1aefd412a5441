import { data, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary } from '~/components/error-summary'
import { StaffTime } from '~/components/staff-time'
import { Table } from '~/components/table-section'
import { AUDIT_SEARCH_FIELDS, auditSearchQuery, parseAuditSearch, type AuditSearch } from '~/domain/audit-search'
import { audit, AUDIT_ACTIONS, auditEntries, auditStaffOptions, type AuditSubject } from '~/server/audit.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = {
  i18n: ['common', 'staff', 'errors'],
  // A search that did not parse says so first in the title, as a failed form does (GOV.UK).
  titleKey: (loaderData: unknown) => ((loaderData as { errors?: unknown[] } | undefined)?.errors?.length ? 'staff:audit.titleWithErrors' : 'staff:audit.title'),
}

const PAGE = 100

/**
 * The audit log, for auditors only, searched by staff member, report reference, kind of event
 * and days, newest first and paged by keyset. Reading it is itself logged, with the search.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['auditor'])
  const search = parseAuditSearch(new URL(request.url).searchParams, AUDIT_ACTIONS)
  // A cursor the service did not write is a bad address, not the first page.
  if (search.badCursor) throw data({ status: 'bad-request' }, { status: 400 })
  const [entries, staffOptions] = await Promise.all([
    search.errors.length > 0 ? { rows: [], older: null } : auditEntries(context.db, { limit: PAGE, before: search.before, filter: search.filter }),
    auditStaffOptions(context.db),
  ])
  await audit(context.db, { staffId: staff.id, action: 'audit.view', details: searchDetails(search), at: context.now() })
  return {
    values: search.values,
    errors: search.errors,
    searched: auditSearchQuery(search.values),
    staffOptions,
    actions: AUDIT_ACTIONS,
    rows: entries.rows.map((row) => ({ ...row, at: row.at.toISOString(), staff: row.staffName ? `${row.staffName} (${row.staffEmail})` : null })),
    older: entries.older,
  }
}

/** The search as the audit row keeps it: which filters, never more than the address held. */
function searchDetails(search: AuditSearch<string>) {
  const { values } = search
  return Object.fromEntries(Object.entries({ ...values, securityOnly: values.securityOnly || undefined, before: search.before }).filter(([, value]) => value))
}

export default function AuditLog() {
  const { t } = useTranslation('staff')
  const { rows, older, values, errors, searched, staffOptions, actions } = useLoaderData<typeof loader>()
  const subject = (value: AuditSubject) => {
    if (!value) return '–'
    if ('reference' in value) return value.reference
    if ('name' in value) return value.name
    return `${t(`audit.kinds.${value.kind}`, { defaultValue: value.kind })} ${value.id ?? t('audit.unknownId')}`
  }
  const errorOf = (field: keyof typeof values) => errors.find((error) => error.field === field)
  const fieldId = (field: keyof typeof values) => `audit-${field}`
  const group = (field: keyof typeof values, label: string, control: (describedBy: string | undefined) => ReactNode, hint?: string) => {
    const error = errorOf(field)
    const describedBy = [hint ? `${fieldId(field)}-hint` : null, error ? `${fieldId(field)}-error` : null].filter(Boolean).join(' ') || undefined
    return (
      <div className={error ? 'form-group form-group--error' : 'form-group'}>
        <label className="label label--bold" htmlFor={fieldId(field)}>
          {label}
        </label>
        {hint ? (
          <div className="hint" id={`${fieldId(field)}-hint`}>
            {hint}
          </div>
        ) : null}
        {error ? (
          <p className="field-error" id={`${fieldId(field)}-error`}>
            <span className="visually-hidden">{t('errors:prefix')}</span> {t(`errors:${error.message}`)}
          </p>
        ) : null}
        {control(describedBy)}
      </div>
    )
  }
  return (
    <>
      <ErrorSummary errors={errors.map((error) => ({ targetId: fieldId(error.field), message: error.message }))} />
      <h1 className="heading-l">{t('audit.title')}</h1>
      <p className="body">{t('audit.intro')}</p>
      <Form method="get" className="audit-search" aria-labelledby="audit-search-title">
        <h2 className="heading-m" id="audit-search-title">
          {t('audit.search.title')}
        </h2>
        {group('staffId', t('audit.search.staff'), (describedBy) => (
          <select
            aria-describedby={describedBy}
            className={`select${errorOf('staffId') ? ' input--error' : ''}`}
            id={fieldId('staffId')}
            name={AUDIT_SEARCH_FIELDS.staffId}
            defaultValue={values.staffId}
          >
            <option value="">{t('audit.search.anyone')}</option>
            {staffOptions.map((person) => (
              <option key={person.id} value={person.id}>
                {`${person.name} (${person.email})`}
              </option>
            ))}
          </select>
        ))}
        {group(
          'reference',
          t('audit.search.reference'),
          (describedBy) => (
            <input
              aria-describedby={describedBy}
              className={`input input--medium${errorOf('reference') ? ' input--error' : ''}`}
              id={fieldId('reference')}
              name={AUDIT_SEARCH_FIELDS.reference}
              defaultValue={values.reference}
              autoComplete="off"
              spellCheck={false}
            />
          ),
          t('audit.search.referenceHint'),
        )}
        {group('action', t('audit.search.action'), (describedBy) => (
          <select
            aria-describedby={describedBy}
            className={`select${errorOf('action') ? ' input--error' : ''}`}
            id={fieldId('action')}
            name={AUDIT_SEARCH_FIELDS.action}
            defaultValue={values.action}
          >
            <option value="">{t('audit.search.anyAction')}</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actions.${action}`)}
              </option>
            ))}
          </select>
        ))}
        <div className="form-group">
          <div className="checkboxes">
            <div className="choice">
              <input
                className="choice__input"
                id={fieldId('securityOnly')}
                name={AUDIT_SEARCH_FIELDS.securityOnly}
                type="checkbox"
                value="1"
                defaultChecked={values.securityOnly}
              />
              <label className="choice__label" htmlFor={fieldId('securityOnly')}>
                {t('audit.showSecurity')}
              </label>
            </div>
          </div>
        </div>
        {group(
          'from',
          t('audit.search.from'),
          (describedBy) => (
            <input
              aria-describedby={describedBy}
              className={`input input--medium${errorOf('from') ? ' input--error' : ''}`}
              type="date"
              id={fieldId('from')}
              name={AUDIT_SEARCH_FIELDS.from}
              defaultValue={values.from}
            />
          ),
          t('audit.search.dateHint'),
        )}
        {group(
          'to',
          t('audit.search.to'),
          (describedBy) => (
            <input
              aria-describedby={describedBy}
              className={`input input--medium${errorOf('to') ? ' input--error' : ''}`}
              type="date"
              id={fieldId('to')}
              name={AUDIT_SEARCH_FIELDS.to}
              defaultValue={values.to}
            />
          ),
          t('audit.search.dateHint'),
        )}
        <div className="button-group">
          <button type="submit" className="button">
            {t('audit.search.submit')}
          </button>
          <Link to="/personal/granskning">{t('audit.search.clear')}</Link>
        </div>
      </Form>
      {errors.length === 0 ? (
        <p className="body">
          <a href={`/personal/granskning.csv${searched ? `?${searched}` : ''}`} download>
            {t('audit.search.download')}
          </a>
        </p>
      ) : null}
      {errors.length === 0 && rows.length === 0 ? <p className="body">{t('audit.search.none')}</p> : null}
      {rows.length > 0 ? (
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
                <td>{row.staff ? <bdi>{row.staff}</bdi> : t('audit.reporter')}</td>
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
      ) : null}
      {older ? (
        <p className="body">
          <Link to={`?${auditSearchQuery(values, older)}`}>{t('audit.older')}</Link>
        </p>
      ) : null}
    </>
  )
}
