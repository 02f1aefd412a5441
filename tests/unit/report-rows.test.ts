import { describe, expect, it } from 'vitest'
import { decideIntake } from '~/domain/intake-decision'
import { DEFAULT_OFFICE_HOURS } from '~/domain/office-hours'
import { arrivalEventRows, reporterRow, reportRow, subjectRows } from '~/server/reports.server'
import { immediateReport, professionalReport } from '../fixtures/reports'
import { testCipher } from '../support/cipher'

const cipher = testCipher()
// Monday 10:15 in Vellinge: office hours, the intake unit is open.
const receivedAt = new Date('2026-11-23T09:15:00Z')
const intakeOf = (report = professionalReport) => decideIntake(report, { code: report.municipalityCode, intakeHours: DEFAULT_OFFICE_HOURS, jour: null }, receivedAt)

describe("a report's rows, before they are stored", () => {
  it('keeps the answers, the triage, the route and the deadlines, with the description encrypted', () => {
    const intake = intakeOf()
    const row = reportRow(cipher, { submissionKey: 'key', report: professionalReport, receivedAt, language: 'en' }, intake, 'ABCDEFGHJKL')
    expect(row).toMatchObject({
      reference: 'ABCDEFGHJKL',
      submission_key: 'key',
      municipality_code: professionalReport.municipalityCode,
      level: intake.triage.level,
      destination: 'intake',
      destination_jour_id: null,
      routing_reason: intake.route.reason,
      received_at: receivedAt,
      routed_at: receivedAt,
      language: 'en',
      protection_assessment_due: intake.deadlines.protectionAssessmentDue,
      decision_due: intake.deadlines.initialAssessmentDue,
    })
    expect(row.description).not.toContain(professionalReport.description)
    expect(cipher.decrypt(row.description, 'reports.description')).toBe(professionalReport.description)
  })

  it('encrypts each person in the order given, and indexes a personnummer only through the blind index', () => {
    const report = immediateReport()
    const rows = subjectRows(cipher, 'report-id', [...report.subjects, { kind: 'child', approximateAge: 4, interpreterNeeded: false }])
    expect(rows.map((row) => [row.report_id, row.position, row.kind])).toEqual([
      ['report-id', 0, 'child'],
      ['report-id', 1, 'child'],
    ])
    expect(cipher.decryptNullable(rows[0]!.name ?? null, 'report_subjects.name')).toBe('Noah Andersson')
    expect(rows[0]!.personal_identity_number_index).toBe(cipher.blindIndex('201803142384'))
    expect(JSON.stringify(rows)).not.toMatch(/Noah|201803142384|Lindvägen/)
    expect(rows[1]).toMatchObject({ name: null, personal_identity_number: null, personal_identity_number_index: null, approximate_age: 4, interpreter_language: null })
  })

  it('keeps nothing an anonymous reporter typed about themself', () => {
    const anonymous = immediateReport('0160', 'anonymous').reporter
    expect(reporterRow(cipher, 'report-id', anonymous)).toMatchObject({ kind: 'private', anonymous: true, name: null, phone: null, email: null, organisation_type: null })
  })

  it('keeps a mandated reporter named, with organisation, role and why guardians were not told', () => {
    const row = reporterRow(cipher, 'report-id', professionalReport.reporter)
    expect(row).toMatchObject({
      kind: 'professional',
      anonymous: false,
      relation: null,
      organisation_type: 'school',
      organisation_name: 'Vellinge skola',
      role: 'Mentor',
      guardians_informed: 'no',
    })
    expect(cipher.decryptNullable(row.guardians_not_informed_reason ?? null, 'report_reporters.guardians_not_informed_reason')).toBe('Misstanke om våld i hemmet')
  })

  it('starts the timeline with its arrival and its route', () => {
    const intake = intakeOf()
    const rows = arrivalEventRows('report-id', intake, receivedAt)
    expect(rows.map(({ kind, at }) => ({ kind, at }))).toEqual([
      { kind: 'received', at: receivedAt },
      { kind: 'routed', at: receivedAt },
    ])
    expect(JSON.parse(String(rows[1]!.data))).toEqual({ level: intake.triage.level, rules: intake.triage.rules, destination: 'intake', jourId: null, reason: intake.route.reason })
  })
})
