import { LEVELS, type Level } from './triage'

/** The statuses the intake queue filters by; `open` (new and in progress) is the morning's work. */
export const QUEUE_STATUSES = ['open', 'new', 'in_progress', 'decided', 'all'] as const
export type QueueStatus = (typeof QUEUE_STATUSES)[number]

/**
 * What a queue shows, as kept in its address (`?status=…&level=…&kommun=…&forsenade=ja`), so a
 * reload or a shared link shows the same. Nothing in it is personal data.
 */
export interface QueueAddress {
  status: QueueStatus
  level: Level | 'all'
  /** One of the staff member's municipalities, or null for all of them. */
  municipality: string | null
  /** Only reports with a deadline passed and its step not taken (or, for the jour, past the contact promise). */
  overdue: boolean
}

export const DEFAULT_QUEUE_ADDRESS: QueueAddress = { status: 'open', level: 'all', municipality: null, overdue: false }

/**
 * Reads the address leniently: a value the service does not know (an old link, a municipality the
 * reader no longer has) is the default, never an error, since it names nothing to protect.
 */
export function parseQueueAddress(params: URLSearchParams, municipalityCodes: readonly string[]): QueueAddress {
  const status = params.get('status')
  const level = params.get('level')
  const municipality = params.get('kommun')
  return {
    status: (QUEUE_STATUSES as readonly (string | null)[]).includes(status) ? (status as QueueStatus) : DEFAULT_QUEUE_ADDRESS.status,
    level: (LEVELS as readonly (string | null)[]).includes(level) ? (level as Level) : 'all',
    municipality: municipality && municipalityCodes.length > 1 && municipalityCodes.includes(municipality) ? municipality : null,
    overdue: params.get('forsenade') === 'ja',
  }
}

/** The query string of an address, defaults left out, so links stay short and stable ('' for the default queue). */
export function queueSearch(address: QueueAddress): string {
  const params = new URLSearchParams()
  if (address.status !== DEFAULT_QUEUE_ADDRESS.status) params.set('status', address.status)
  if (address.level !== 'all') params.set('level', address.level)
  if (address.municipality) params.set('kommun', address.municipality)
  if (address.overdue) params.set('forsenade', 'ja')
  const search = params.toString()
  return search ? `?${search}` : ''
}

/** Open reports by level, and how many of them are overdue: the counts at the top of a queue. */
export interface QueueCounts {
  immediate: number
  urgent: number
  standard: number
  overdue: number
  /**
   * Immediate reports nobody has taken yet (intake: status new; jour: not acknowledged): the
   * number the page's title carries, so a tab in the background shows it.
   */
  waitingImmediate: number
}

export const NO_COUNTS: QueueCounts = { immediate: 0, urgent: 0, standard: 0, overdue: 0, waitingImmediate: 0 }

/**
 * Where each count leads: the open queue of that level, or the overdue ones, keeping the
 * municipality chosen. A count is a filter; choosing it again shows every open report.
 */
export function countLink(current: QueueAddress, count: Level | 'overdue' | 'all'): { search: string; current: boolean } {
  const base: QueueAddress = { ...DEFAULT_QUEUE_ADDRESS, municipality: current.municipality }
  const target: QueueAddress = count === 'all' ? base : count === 'overdue' ? { ...base, overdue: true } : { ...base, level: count }
  const isCurrent = current.status === target.status && current.level === target.level && current.overdue === target.overdue
  return { search: queueSearch(target), current: isCurrent }
}

/** The rule shown on a queue's line: the first that fired; the others are counted ("+2") and listed on the report. */
export function leadingRule(rules: readonly string[]): { rule: string | null; more: number } {
  return { rule: rules[0] ?? null, more: Math.max(0, rules.length - 1) }
}

/** "(2) Anmälningar – Orosanmälan": the title with the number of immediate reports waiting, when there are any. */
export function titleWithCount(title: string, waitingImmediate: number): string {
  return waitingImmediate > 0 ? `(${waitingImmediate}) ${title}` : title
}

/** A jour queue's line as the filters and counts see it. */
export interface JourLine {
  level: Level
  municipalityCode: string
  /** Past the 30-minute contact promise and not acknowledged. */
  late: boolean
  acknowledged: boolean
  handedOver: boolean
}

/**
 * The jour's queue is one night's reports (a few dozen), read whole; its counts and filters
 * are applied here rather than in SQL. The counts cover what the jour still holds (not handed over).
 */
export function jourCounts(lines: readonly JourLine[]): QueueCounts {
  const counts = { ...NO_COUNTS }
  for (const line of lines) {
    if (line.handedOver) continue
    counts[line.level]++
    if (line.late) counts.overdue++
    if (line.level === 'immediate' && !line.acknowledged) counts.waitingImmediate++
  }
  return counts
}

/** Whether a jour line is shown under an address: `open` is "not handed over", `decided` "handed over". */
export function jourLineShown(line: JourLine, address: QueueAddress): boolean {
  if (address.level !== 'all' && line.level !== address.level) return false
  if (address.municipality && line.municipalityCode !== address.municipality) return false
  if (address.overdue && !line.late) return false
  switch (address.status) {
    case 'open':
    case 'new':
    case 'in_progress':
      return !line.handedOver
    case 'decided':
      return line.handedOver
    case 'all':
      return true
    default: {
      const unknown: never = address.status
      throw new Error(`unknown status ${String(unknown)}`)
    }
  }
}
