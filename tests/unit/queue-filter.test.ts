import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  countLink,
  DEFAULT_QUEUE_ADDRESS,
  jourCounts,
  jourLineShown,
  leadingRule,
  parseQueueAddress,
  queueSearch,
  titleWithCount,
  type JourLine,
  type QueueAddress,
} from '~/domain/queue-filter'
import { parseQueueSearch } from '~/domain/queue-search'

const NORDOST = ['0115', '0117', '0160', '0162', '0186', '0187', '0188']
const parse = (search: string, codes: readonly string[] = NORDOST) => parseQueueAddress(new URLSearchParams(search), codes)

describe('the queue address', () => {
  it.each([
    ['nothing: the open reports of every municipality', '', DEFAULT_QUEUE_ADDRESS],
    ['immediate, overdue, Täby', '?level=immediate&forsenade=ja&kommun=0160', { status: 'open', level: 'immediate', municipality: '0160', overdue: true }],
    ['every status', '?status=all', { ...DEFAULT_QUEUE_ADDRESS, status: 'all' }],
    ['an unknown status or level is the default', '?status=gone&level=panic', DEFAULT_QUEUE_ADDRESS],
    ['a municipality the reader does not have is all of theirs', '?kommun=1233', DEFAULT_QUEUE_ADDRESS],
    ['"forsenade" other than "ja" is off', '?forsenade=1', DEFAULT_QUEUE_ADDRESS],
    ['the form as posted without JavaScript (empty municipality, status open)', '?status=open&level=all&kommun=', DEFAULT_QUEUE_ADDRESS],
  ] as const)('%s', (_name, search, expected) => {
    expect(parse(search)).toEqual(expected)
  })

  it('ignores a municipality for a staff member of one: there is nothing to choose', () => {
    expect(parse('?kommun=0160', ['0160']).municipality).toBeNull()
  })

  it('writes every address as a link that reads back the same, defaults left out', () => {
    const address = fc.record({
      status: fc.constantFrom('open', 'new', 'in_progress', 'decided', 'all'),
      level: fc.constantFrom('all', 'immediate', 'urgent', 'standard'),
      municipality: fc.constantFrom(null, ...NORDOST),
      overdue: fc.boolean(),
    }) as fc.Arbitrary<QueueAddress>
    fc.assert(
      fc.property(address, (value) => {
        expect(parse(queueSearch(value))).toEqual(value)
      }),
    )
    expect(queueSearch(DEFAULT_QUEUE_ADDRESS)).toBe('')
  })
})

describe('the counts as filters', () => {
  it('leads each count to the open queue of its level, keeping the municipality chosen', () => {
    const current = parse('?status=decided&kommun=0162')
    expect(countLink(current, 'immediate')).toEqual({ search: '?level=immediate&kommun=0162', current: false })
    expect(countLink(current, 'overdue')).toEqual({ search: '?kommun=0162&forsenade=ja', current: false })
    expect(countLink(current, 'all')).toEqual({ search: '?kommun=0162', current: false })
  })

  it('marks the count the queue is filtered by, and only it', () => {
    const overdue = parse('?forsenade=ja')
    expect(countLink(overdue, 'overdue').current).toBe(true)
    expect(countLink(overdue, 'all').current).toBe(false)
    expect(countLink(parse(''), 'all').current).toBe(true)
    expect(countLink(parse('?level=urgent'), 'urgent').current).toBe(true)
  })
})

describe("a queue's line", () => {
  it.each([
    ['no rule (standard)', [], { rule: null, more: 0 }],
    ['one rule', ['safety.dangerNow.yes'], { rule: 'safety.dangerNow.yes', more: 0 }],
    ['three rules: the first and +2', ['a', 'b', 'c'], { rule: 'a', more: 2 }],
  ] as const)('%s', (_name, rules, expected) => {
    expect(leadingRule(rules)).toEqual(expected)
  })

  it('puts the immediate reports waiting in front of the title, and nothing when none wait', () => {
    expect(titleWithCount('Anmälningar – Orosanmälan', 2)).toBe('(2) Anmälningar – Orosanmälan')
    expect(titleWithCount('Anmälningar – Orosanmälan', 0)).toBe('Anmälningar – Orosanmälan')
  })
})

describe("the jour's counts and filters", () => {
  const line = (overrides: Partial<JourLine>): JourLine => ({ level: 'immediate', municipalityCode: '0160', late: false, acknowledged: false, handedOver: false, ...overrides })
  const night = [line({ late: true }), line({ acknowledged: true }), line({ level: 'urgent', municipalityCode: '0162' }), line({ handedOver: true, acknowledged: true })]

  it('counts what the jour still holds, the late ones, and the immediate ones nobody has acknowledged', () => {
    expect(jourCounts(night)).toEqual({ immediate: 2, urgent: 1, standard: 0, overdue: 1, waitingImmediate: 1 })
  })

  it.each([
    ['every line', '?status=all', [true, true, true, true]],
    ['the late ones', '?status=all&forsenade=ja', [true, false, false, false]],
    ['Danderyd', '?status=all&kommun=0162', [false, false, true, false]],
    ['open: not handed over', '', [true, true, true, false]],
    ['handed over', '?status=decided', [false, false, false, true]],
    ['urgent', '?status=all&level=urgent', [false, false, true, false]],
  ] as const)('shows %s', (_name, search, shown) => {
    expect(night.map((entry) => jourLineShown(entry, parse(search)))).toEqual(shown)
  })
})

describe('the search', () => {
  it.each([
    ['a reference as printed', 'ABCD-EFGH-JKL', null],
    ['nothing', '   ', { kind: 'error', message: 'queueView.search.required' }],
    ['a name', 'Tove', { kind: 'error', message: 'queueView.search.invalid' }],
    ['a personnummer with a wrong check digit', '20140316-1234', { kind: 'error', message: 'queueView.search.invalid' }],
    ['a personnummer, 12 digits with a dash', '20140316-1233', { kind: 'personalIdentityNumber', personalIdentityNumber: '201403161233' }],
    ['a personnummer, 10 digits', '1403161233', { kind: 'personalIdentityNumber', personalIdentityNumber: '201403161233' }],
    ['a personnummer with spaces', '20140316 1233', { kind: 'personalIdentityNumber', personalIdentityNumber: '201403161233' }],
    ['something very long', '1'.repeat(41), { kind: 'error', message: 'queueView.search.invalid' }],
    ['not text at all', null, { kind: 'error', message: 'queueView.search.required' }],
  ] as const)('%s', (_name, input, expected) => {
    if (expected) expect(parseQueueSearch(input)).toEqual(expected)
    else expect(parseQueueSearch(input).kind).not.toBe('personalIdentityNumber')
  })

  it('reads a real reference however it is typed', async () => {
    const { generateReference, formatReference } = await import('~/domain/reference')
    const reference = generateReference((size) => new Uint8Array(size).fill(7))
    for (const typed of [formatReference(reference), reference.toLowerCase(), ` ${formatReference(reference).toLowerCase()} `]) {
      expect(parseQueueSearch(typed)).toEqual({ kind: 'reference', reference })
    }
  })
})
