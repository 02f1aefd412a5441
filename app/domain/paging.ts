/**
 * How an `immediate` report reaches a person at the jour (PRODUCT.md, issue 6): the
 * förstajour at once; the bakjour if nobody has acknowledged after the ack timeout; the
 * jour's shared address and its manager at 25 minutes; then everyone again and again until
 * someone acknowledges. Every time is counted from the report's receipt.
 */
export type PageRole = 'primary' | 'backup' | 'shared' | 'manager'
export type PageChannel = 'email' | 'sms'

export interface PagingPolicy {
  backupAfterSeconds: number
  everyoneAfterSeconds: number
  repeatSeconds: number
}

export const DEFAULT_PAGING_POLICY: PagingPolicy = {
  backupAfterSeconds: 10 * 60,
  everyoneAfterSeconds: 25 * 60,
  repeatSeconds: 10 * 60,
}

export interface PageStep {
  step: number
  /** Seconds after the report's receipt. */
  dueAfterSeconds: number
  roles: readonly PageRole[]
}

const EVERYONE: readonly PageRole[] = ['primary', 'backup', 'shared', 'manager']

export function pageStep(policy: PagingPolicy, step: number): PageStep {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`page step must be a whole number >= 0, was ${step}`)
  if (step === 0) return { step, dueAfterSeconds: 0, roles: ['primary'] }
  if (step === 1) return { step, dueAfterSeconds: policy.backupAfterSeconds, roles: ['backup'] }
  if (step === 2) return { step, dueAfterSeconds: policy.everyoneAfterSeconds, roles: ['shared', 'manager'] }
  return { step, dueAfterSeconds: policy.everyoneAfterSeconds + (step - 2) * policy.repeatSeconds, roles: EVERYONE }
}

/** Paging goes on while the report waits for the jour and nobody has said "I have it". */
export function pagingContinues(report: { level: string; destination: string; destinationJourId: string | null; acknowledgedAt: Date | null; handedOverAt: Date | null }): boolean {
  return report.level === 'immediate' && report.destination === 'jour' && report.destinationJourId !== null && report.acknowledgedAt === null && report.handedOverAt === null
}

/**
 * The step after `step` and when it is due, counted from `receivedAt`. Steps 1 and 2 page
 * new people and always run, late or not; of the repeats, only the latest one due runs, so
 * a worker back after an outage sends one reminder rather than a burst of them.
 */
export function nextPageStep(policy: PagingPolicy, step: number, receivedAt: Date, now: Date): { step: number; dueAt: Date } {
  const dueAt = (candidate: number) => new Date(receivedAt.getTime() + pageStep(policy, candidate).dueAfterSeconds * 1000)
  let next = step + 1
  if (next >= 3) while (dueAt(next + 1) <= now) next++
  const due = dueAt(next)
  return { step: next, dueAt: due > now ? due : now }
}
