import { addDays, isRealDate, stockholmInstant } from './calendar'
import { parseReference } from './reference'
import { isUuid, parseBigintId } from './strict-params'

/**
 * The auditor's search of the audit log, as it stands in the address (a GET form: staff
 * names, references and kinds of event, never anything a reporter wrote). Each field is read
 * strictly; what does not parse is an error for that field, never a wider search.
 */
export const AUDIT_SEARCH_FIELDS = {
  staffId: 'personal',
  reference: 'arende',
  action: 'handelse',
  securityOnly: 'sakerhet',
  from: 'fran',
  to: 'till',
  before: 'fore',
} as const

export interface AuditSearch<Action extends string> {
  /** What the form shows again, as typed. */
  values: { staffId: string; reference: string; action: string; securityOnly: boolean; from: string; to: string }
  filter: { staffId?: string; reference?: string; action?: Action; securityOnly?: boolean; from?: Date; to?: Date }
  /** The cursor of the next older page, or undefined for the newest. */
  before?: string
  /** Each as the id of its field and a key in the `errors` namespace. */
  errors: Array<{ field: keyof AuditSearch<Action>['values']; message: string }>
  /** A cursor the service did not write: the address is bad, not the search (answer 400). */
  badCursor: boolean
}

export function parseAuditSearch<Action extends string>(params: URLSearchParams, actions: readonly Action[]): AuditSearch<Action> {
  const read = (name: string) => (params.get(name) ?? '').trim()
  const values = {
    staffId: read(AUDIT_SEARCH_FIELDS.staffId),
    reference: read(AUDIT_SEARCH_FIELDS.reference),
    action: read(AUDIT_SEARCH_FIELDS.action),
    securityOnly: read(AUDIT_SEARCH_FIELDS.securityOnly) === '1',
    from: read(AUDIT_SEARCH_FIELDS.from),
    to: read(AUDIT_SEARCH_FIELDS.to),
  }
  const errors: AuditSearch<Action>['errors'] = []
  const filter: AuditSearch<Action>['filter'] = {}
  if (values.securityOnly) filter.securityOnly = true
  if (values.staffId) {
    if (isUuid(values.staffId)) filter.staffId = values.staffId
    else errors.push({ field: 'staffId', message: 'auditSearch.staff' })
  }
  if (values.reference) {
    const reference = parseReference(values.reference)
    if (reference) filter.reference = reference
    else errors.push({ field: 'reference', message: 'auditSearch.reference' })
  }
  if (values.action) {
    const action = actions.find((candidate) => candidate === values.action)
    if (action) filter.action = action
    else errors.push({ field: 'action', message: 'auditSearch.action' })
  }
  // Whole days in Stockholm: "till" includes its own day.
  if (values.from) {
    if (isRealDate(values.from)) filter.from = stockholmInstant(values.from, 0)
    else errors.push({ field: 'from', message: 'auditSearch.date' })
  }
  if (values.to) {
    if (isRealDate(values.to)) filter.to = stockholmInstant(addDays(values.to, 1), 0)
    else errors.push({ field: 'to', message: 'auditSearch.date' })
  }
  if (filter.from && filter.to && filter.from >= filter.to) errors.push({ field: 'to', message: 'auditSearch.toBeforeFrom' })
  const cursor = params.get(AUDIT_SEARCH_FIELDS.before)
  const before = parseBigintId(cursor) ?? undefined
  return { values, filter, before, errors, badCursor: cursor !== null && before === undefined }
}

/** The search as an address query, for the next page's link and the CSV export: only the given fields. */
export function auditSearchQuery(values: AuditSearch<string>['values'], before?: string): string {
  const query = new URLSearchParams()
  if (values.staffId) query.set(AUDIT_SEARCH_FIELDS.staffId, values.staffId)
  if (values.reference) query.set(AUDIT_SEARCH_FIELDS.reference, values.reference)
  if (values.action) query.set(AUDIT_SEARCH_FIELDS.action, values.action)
  if (values.securityOnly) query.set(AUDIT_SEARCH_FIELDS.securityOnly, '1')
  if (values.from) query.set(AUDIT_SEARCH_FIELDS.from, values.from)
  if (values.to) query.set(AUDIT_SEARCH_FIELDS.to, values.to)
  if (before) query.set(AUDIT_SEARCH_FIELDS.before, before)
  return query.toString()
}
