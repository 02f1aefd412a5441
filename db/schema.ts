import type { ColumnType, Generated } from 'kysely'

/** The Kysely `Database` interface, table by table; the migrations are the source of truth. */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json<T> = ColumnType<T, string, string>

export interface MunicipalitiesTable {
  code: string
  name: string
  is_demo_data: Generated<boolean>
  created_at: CreatedAt
}

export interface JourUnitsTable {
  id: string
  name: string
  host_municipality_code: string
  public_phone: string | null
  is_demo_data: Generated<boolean>
  created_at: CreatedAt
}

export interface JourMembershipsTable {
  jour_id: string
  municipality_code: string
}

export interface ReportsTable {
  id: Generated<string>
  reference: string
  submission_key: string
  municipality_code: string
  residence_unknown: boolean
  concerns: 'children' | 'adult' | 'self'
  categories: string[]
  description: string
  safety_answers: Json<Record<string, 'yes' | 'no' | 'unknown'>>
  status: Generated<'new' | 'in_progress' | 'decided'>
  received_at: Timestamp
  language: 'sv' | 'en'
}

export interface ReportSubjectsTable {
  id: Generated<string>
  report_id: string
  position: number
  kind: 'child' | 'adult'
  name: string | null
  personal_identity_number: string | null
  birth_date: ColumnType<string | null, string | null, string | null>
  approximate_age: number | null
  whereabouts: string | null
  school: string | null
  guardians: string | null
  interpreter_needed: Generated<boolean>
  interpreter_language: string | null
}

export interface ReportReportersTable {
  report_id: string
  kind: 'private' | 'professional' | 'self'
  anonymous: boolean
  name: string | null
  phone: string | null
  email: string | null
  relation: string | null
  organisation_type: string | null
  organisation_name: string | null
  role: string | null
  guardians_informed: 'yes' | 'no' | 'notApplicable' | null
  guardians_not_informed_reason: string | null
}

export interface ReportEventsTable {
  id: Generated<string>
  report_id: string
  at: Timestamp
  kind: string
  data: Json<Record<string, unknown>>
}

export interface ReportDraftsTable {
  id: string
  answers: Json<Record<string, Record<string, unknown>>>
  started_at: Timestamp
  updated_at: Timestamp
}

export interface Database {
  municipalities: MunicipalitiesTable
  jour_units: JourUnitsTable
  jour_memberships: JourMembershipsTable
  reports: ReportsTable
  report_subjects: ReportSubjectsTable
  report_reporters: ReportReportersTable
  report_events: ReportEventsTable
  report_drafts: ReportDraftsTable
}
