import { deadlinesFor, type Deadlines } from './deadlines'
import type { CompleteReport } from './report-flow'
import { reporterNotice, route, type MunicipalityCoverage, type ReporterNotice, type Route } from './routing'
import { triage, type Triage } from './triage'
import type { SubjectKind } from './vocabulary'

export interface IntakeDecision {
  triage: Triage
  route: Route
  deadlines: Deadlines
  notice: ReporterNotice
}

/** Everything decided about a report the moment it arrives: urgency, destination, deadlines, what to tell the reporter. */
export function decideIntake(report: CompleteReport, coverage: MunicipalityCoverage, receivedAt: Date): IntakeDecision {
  const subjectKinds = [...new Set<SubjectKind>(report.subjects.map((subject) => subject.kind))]
  const result = triage({ safety: report.safety, categories: report.categories, subjectKinds })
  const destination = route(result.level, coverage, receivedAt)
  return {
    triage: result,
    route: destination,
    deadlines: deadlinesFor({ subjectKinds, receivedAt, intakeHours: coverage.intakeHours }),
    notice: reporterNotice(destination, coverage, receivedAt),
  }
}
