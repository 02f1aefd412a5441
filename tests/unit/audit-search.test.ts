import { describe, expect, it } from 'vitest'
import { auditSearchQuery, parseAuditSearch } from '~/domain/audit-search'

const ACTIONS = ['report.view', 'audit.view', 'security.outOfScope'] as const
const parse = (query: string) => parseAuditSearch(new URLSearchParams(query), ACTIONS)
const STAFF = '0b5e7c1a-3f2d-4c8e-9a61-2d4f6b8c0e13'

describe("the auditor's search of the audit log", () => {
  it('reads every filter: staff member, reference as typed, kind of event, whole days in Stockholm', () => {
    const search = parse(`personal=${STAFF}&arende=7kq2 m4xp 9tb&handelse=report.view&fran=2026-11-01&till=2026-11-24&sakerhet=1`)
    expect(search.errors).toEqual([])
    expect(search.filter).toEqual({
      staffId: STAFF,
      reference: '7KQ2M4XP9TB',
      action: 'report.view',
      securityOnly: true,
      // Midnight in Stockholm (winter time), and "till" includes its own day.
      from: new Date('2026-10-31T23:00:00Z'),
      to: new Date('2026-11-24T23:00:00Z'),
    })
  })

  it('is the whole log when nothing is given, an empty field included', () => {
    expect(parse('personal=&arende=&handelse=&fran=&till=')).toMatchObject({ filter: {}, errors: [], badCursor: false, before: undefined })
  })

  it.each([
    ['a staff id that is not one', 'personal=1%20or%201=1', 'staffId', 'auditSearch.staff'],
    ['a reference with a wrong check symbol', 'arende=7KQ2-M4XP-9TC', 'reference', 'auditSearch.reference'],
    ['a personnummer typed as a reference', 'arende=198001011234', 'reference', 'auditSearch.reference'],
    ['a kind of event that does not exist', 'handelse=report.delete', 'action', 'auditSearch.action'],
    ['a day that is not in the calendar', 'fran=2026-02-30', 'from', 'auditSearch.date'],
    ['a day written another way', 'till=24/11/2026', 'to', 'auditSearch.date'],
    ['days the wrong way round', 'fran=2026-11-24&till=2026-11-23', 'to', 'auditSearch.toBeforeFrom'],
  ])('refuses %s, naming the field, and never widens the search', (_name, query, field, message) => {
    const search = parse(query)
    expect(search.errors).toEqual([{ field, message }])
  })

  it('takes only a cursor the service writes', () => {
    expect(parse('fore=4711')).toMatchObject({ before: '4711', badCursor: false })
    for (const cursor of ['0', '-1', '12a', '1'.repeat(19), '']) expect(parse(`fore=${cursor}`).badCursor).toBe(true)
  })

  it('writes the search back to an address with the given fields only, for the next page and the CSV', () => {
    const { values } = parse(`personal=${STAFF}&arende=&handelse=audit.view&sakerhet=1`)
    expect(auditSearchQuery(values, '99')).toBe(`personal=${STAFF}&handelse=audit.view&sakerhet=1&fore=99`)
    expect(parse(auditSearchQuery(values, '99')).filter).toEqual(parse(`personal=${STAFF}&handelse=audit.view&sakerhet=1`).filter)
  })
})
