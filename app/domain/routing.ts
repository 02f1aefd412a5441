import { jourStatusAt, type Jour, type JourStatus } from './jour-coverage'
import { isIntakeOpen, nextOpening, type OfficeHours } from './office-hours'
import type { Level } from './triage'

export interface MunicipalityCoverage {
  code: string
  intakeHours: OfficeHours
  /** The jour the municipality belongs to, if any (Sigtuna has none in the demo data). */
  jour: Jour | null
}

export type RoutingReason =
  /** After hours, a level the jour takes: the jour reads it now. */
  | 'after-hours'
  /** Office hours and `immediate`: the intake queue and an alert to its duty address. */
  | 'office-hours-alert'
  /** Everything else: the intake queue, in order of level and age. */
  | 'queue'
  /** After hours with no jour covering the municipality: intake queue; the reporter is told 112 and the police. */
  | 'uncovered'

export type Route =
  | { destination: 'jour'; jourId: string; jourStatus: JourStatus; reason: 'after-hours'; alertIntakeDuty: false }
  | { destination: 'intake'; reason: Exclude<RoutingReason, 'after-hours'>; alertIntakeDuty: boolean; intakeOpensAt: Date | null }

/**
 * Where a report goes at `instant` (PRODUCT.md, "Routing"). It never leaves the
 * municipality's own intake unit or jour, and an `immediate` report is never only queued:
 * it goes to the jour, or raises the intake unit's duty alert.
 */
export function route(level: Level, coverage: MunicipalityCoverage, instant: Date): Route {
  if (isIntakeOpen(coverage.intakeHours, instant)) {
    return level === 'immediate'
      ? { destination: 'intake', reason: 'office-hours-alert', alertIntakeDuty: true, intakeOpensAt: instant }
      : { destination: 'intake', reason: 'queue', alertIntakeDuty: false, intakeOpensAt: instant }
  }
  const jourStatus = coverage.jour ? jourStatusAt(coverage.jour, coverage.intakeHours, instant) : null
  const intakeOpensAt = nextOpening(coverage.intakeHours, instant)
  if (!coverage.jour || !jourStatus) {
    return { destination: 'intake', reason: 'uncovered', alertIntakeDuty: level === 'immediate', intakeOpensAt }
  }
  if (coverage.jour.levels.includes(level)) {
    return { destination: 'jour', jourId: coverage.jour.id, jourStatus, reason: 'after-hours', alertIntakeDuty: false }
  }
  return { destination: 'intake', reason: 'queue', alertIntakeDuty: false, intakeOpensAt }
}

/** What the reporter is told on the confirmation page, from the route and nothing else. */
export type ReporterNotice =
  | { kind: 'jour'; jourName: string; jourPhone: string | null }
  | { kind: 'intakeToday' }
  | { kind: 'intakeLater'; opensAt: Date | null; jourName: string | null; jourPhone: string | null }
  | { kind: 'uncovered'; opensAt: Date | null }

/** A notice as stored and as a page receives it: JSON, so its instants are ISO strings. */
export type ReporterNoticeJson = ReporterNotice extends infer Notice
  ? Notice extends unknown
    ? { [Key in keyof Notice]: Notice[Key] extends Date | null ? Exclude<Notice[Key], Date> | string : Notice[Key] }
    : never
  : never

export function reporterNotice(route: Route, coverage: MunicipalityCoverage, instant: Date): ReporterNotice {
  if (route.destination === 'jour') {
    return { kind: 'jour', jourName: coverage.jour!.name, jourPhone: coverage.jour!.publicPhone }
  }
  if (route.reason === 'uncovered') return { kind: 'uncovered', opensAt: route.intakeOpensAt }
  if (isIntakeOpen(coverage.intakeHours, instant)) return { kind: 'intakeToday' }
  return {
    kind: 'intakeLater',
    opensAt: route.intakeOpensAt,
    jourName: coverage.jour?.name ?? null,
    jourPhone: coverage.jour?.publicPhone ?? null,
  }
}
