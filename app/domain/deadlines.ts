import { addDays, stockholmInstant, stockholmParts } from './calendar'
import { closingOfWorkingDay, type OfficeHours } from './office-hours'
import type { SubjectKind } from './vocabulary'

export interface Deadlines {
  /** SoL 11 kap. 1 a §: "genast": by the end of the working day it arrives in, or the next one after hours. */
  protectionAssessmentDue: Date | null
  /** SoL 11 kap. 1 a §: whether to open an investigation, within 14 days of receipt. */
  initialAssessmentDue: Date | null
}

const INITIAL_ASSESSMENT_DAYS = 14

/**
 * The legal deadlines of a report. They apply to reports about children; a report only
 * about adults has none by law and is handled in the order of the queue.
 */
export function deadlinesFor(input: { subjectKinds: readonly SubjectKind[]; receivedAt: Date; intakeHours: OfficeHours }): Deadlines {
  if (!input.subjectKinds.includes('child')) return { protectionAssessmentDue: null, initialAssessmentDue: null }
  const { date, minuteOfDay } = stockholmParts(input.receivedAt)
  return {
    protectionAssessmentDue: closingOfWorkingDay(input.intakeHours, input.receivedAt),
    // Fourteen calendar days at the same Stockholm wall-clock time, whatever DST does in between.
    initialAssessmentDue: stockholmInstant(addDays(date, INITIAL_ASSESSMENT_DAYS), minuteOfDay),
  }
}

/** A deadline is overdue once it has passed and the step it asks for has not been taken. */
export function isOverdue(due: Date | null, doneAt: Date | null, now: Date): boolean {
  return due !== null && doneAt === null && due.getTime() < now.getTime()
}

/** "Contact within 30 minutes of the alarm" (Sociala jouren syd, REGIONS.md). */
export const CONTACT_PROMISE_MINUTES = 30

/** Whole minutes since a report arrived; never negative, should the clock lag the database's. */
export function minutesSince(receivedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - receivedAt.getTime()) / 60_000))
}

/** The jour has broken its contact promise for a report nobody has acknowledged or handed over within it. */
export function pastContactPromise(report: { acknowledgedAt: Date | null; handedOverAt: Date | null; receivedAt: Date }, now: Date): boolean {
  return !report.acknowledgedAt && !report.handedOverAt && minutesSince(report.receivedAt, now) > CONTACT_PROMISE_MINUTES
}
