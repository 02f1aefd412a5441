import type { ColumnType, Generated } from 'kysely'

/** The Kysely `Database` interface, table by table; the migrations are the source of truth. */

type Timestamp = ColumnType<Date, Date | string, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json<T> = ColumnType<T, string, string>
/** `v1.<key id>.<iv>.<tag>.<ciphertext>` (app/server/crypto.server.ts): read only through the cipher. */
type Ciphertext = string

export interface MunicipalitiesTable {
  code: string
  name: string
  office_hours: ColumnType<unknown, string | null | undefined, string | null>
  day_before_holiday_closes_at: Generated<string | null>
  intake_email: string | null
  is_demo_data: Generated<boolean>
  created_at: CreatedAt
}

export interface IntakeClosuresTable {
  municipality_code: string
  date: ColumnType<string, string, string>
  reason: string
  is_demo_data: Generated<boolean>
}

export interface JourUnitsTable {
  id: string
  name: string
  host_municipality_code: string
  public_phone: string | null
  schedule: Json<unknown>
  levels: ColumnType<string[], string[] | undefined, string[]>
  handover_grace_minutes: Generated<number>
  page_backup_after_seconds: Generated<number>
  page_everyone_after_seconds: Generated<number>
  page_repeat_seconds: Generated<number>
  shared_email: string | null
  manager_email: string | null
  rota_weekday: Generated<number>
  rota_time: Generated<string>
  /** YYYY-MM-DD: pair 0's first week starts at `rota_time` on this date. */
  rota_anchor_date: ColumnType<string, string | undefined, string>
  is_demo_data: Generated<boolean>
  created_at: CreatedAt
}

export interface OnCallRotaTable {
  jour_id: string
  position: number
  primary_name: string
  primary_email: string
  primary_sms_email: string | null
  backup_name: string
  backup_email: string
  backup_sms_email: string | null
  is_demo_data: Generated<boolean>
}

export interface EmailDeliveriesTable {
  key: string
  kind: string
  report_id: string | null
  recipient_role: string
  accepted_at: Timestamp
  smtp_message_id: string | null
}

export interface PageStepsTable {
  report_id: string
  step: number
  fired_at: Timestamp
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
  description: Ciphertext
  safety_answers: Json<Record<string, 'yes' | 'no' | 'unknown'>>
  status: Generated<'new' | 'in_progress' | 'decided'>
  received_at: Timestamp
  /** The language the report was written in (app/i18n/config.ts SUPPORTED_LANGUAGES; migration 0018). */
  language: 'sv' | 'en' | 'ar' | 'fa' | 'fi' | 'so' | 'sv-x-lattlast'
  level: 'immediate' | 'urgent' | 'standard'
  triage_rules: string[]
  ruleset_version: string
  destination: 'jour' | 'intake'
  destination_jour_id: string | null
  routing_reason: 'after-hours' | 'office-hours-alert' | 'queue' | 'uncovered'
  routed_at: Timestamp
  alert_intake_duty: boolean
  protection_assessment_due: ColumnType<Date | null, Date | string | null, Date | string | null>
  decision_due: ColumnType<Date | null, Date | string | null, Date | string | null>
  reporter_notice: Json<Record<string, unknown>>
  assigned_to: string | null
  protection_needed: boolean | null
  protection_assessed_at: Timestamp | null
  decision: 'open' | 'notOpen' | 'alreadyOpen' | 'notForSocialServices' | null
  decided_at: Timestamp | null
  level_rank: Generated<number>
  acknowledged_at: Timestamp | null
  acknowledged_by: string | null
  handed_over_at: Timestamp | null
  /** The argon2id hash of the reply code (issue 14); null until the code is shown. */
  reply_code_hash: string | null
  /** When the reporter last answered a question or added information: the queues' "new information". */
  reporter_update_at: Timestamp | null
  follow_up_closed_at: Timestamp | null
  follow_up_closed_by: string | null
  /** The case system's registration (issue 16): a decided report is "ready" until these are set. */
  diary_number: string | null
  case_id: string | null
  registered_at: Timestamp | null
  registered_by: string | null
}

/** A question staff asked the reporter; its text and the answer's are events on the timeline. */
export interface ReporterQuestionsTable {
  id: Generated<string>
  report_id: string
  question_event_id: string
  asked_at: Timestamp
  asked_by: string
  answered_at: Timestamp | null
  answer_event_id: string | null
}

/** Wrong reply codes per reference as typed (known or not) and Stockholm day. */
export interface FollowUpFailuresTable {
  reference: string
  day: ColumnType<string, string, string>
  failures: number
  last_at: Timestamp
}

/** The idempotency key of each answer or addition the reporter sent. */
export interface FollowUpSubmissionsTable {
  key: string
  report_id: string
  at: Timestamp
}

export type StaffRole = 'intake' | 'jour' | 'admin' | 'auditor'

export interface StaffUsersTable {
  id: Generated<string>
  email: string
  name: string
  /** Null until the holder sets a password through an invitation. */
  password_hash: string | null
  role: StaffRole
  jour_id: string | null
  totp_secret: string | null
  totp_confirmed_at: Timestamp | null
  /** The 30-second step of the last code accepted; that code and older ones are refused (ASVS 2.8.4). */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>
  is_demo_data: Generated<boolean>
  created_at: CreatedAt
  disabled_at: Timestamp | null
}

export interface SeedMarksTable {
  name: string
  done_at: Timestamp
}

export interface StaffInvitationsTable {
  id: Generated<string>
  staff_id: string
  token_hash: string | null
  created_by: string | null
  created_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
}

export interface StaffMunicipalitiesTable {
  staff_id: string
  municipality_code: string
}

export interface StaffRecoveryCodesTable {
  staff_id: string
  code_hash: string
  used_at: Timestamp | null
}

export interface StaffSessionsTable {
  id: string
  staff_id: string
  csrf_token: string
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
  second_factor_at: Timestamp | null
}

/** rate-limiter-flexible's table: a keyed hash (never an address), points used, expiry in ms since the epoch. */
export interface RateLimitsTable {
  key: string
  points: number
  expire: string | null
}

/** Receipts sent to one recipient on one Stockholm day; `recipient` is a keyed hash of the address. */
export interface ReceiptLimitsTable {
  day: string
  recipient: string
  sent: number
}

export interface LoginEventsTable {
  id: Generated<string>
  at: Timestamp
  staff_id: string | null
  step: 'password' | 'second-factor' | 'enrolment' | 'logout' | 'oidc'
  outcome: string
  /** The OpenID Connect provider's id (OIDC_PROVIDERS) of an `oidc` step. */
  provider: Generated<string | null>
}

/** A sign-in through an OpenID Connect provider in flight (migration 0020): taken once, within ten minutes. */
export interface OidcTransactionsTable {
  /** The SHA-256 of the browser's cookie token. */
  id: string
  provider: string
  state: string
  nonce: string
  code_verifier: string
  created_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
}

export interface AuditLogTable {
  id: Generated<string>
  at: Timestamp
  /** Null for the reporter's own acts on the follow-up page (`reporter.…`) and for API clients' calls. */
  staff_id: string | null
  /** The case system's client that made the call (`api.…`), when it was not staff. */
  api_client_id: Generated<string | null>
  action: string
  report_id: string | null
  details: Json<Record<string, unknown>>
}

export interface ReportSubjectsTable {
  id: Generated<string>
  report_id: string
  position: number
  kind: 'child' | 'adult'
  name: Ciphertext | null
  personal_identity_number: Ciphertext | null
  /** The blind index of the personnummer (HMAC-SHA256, hex); the only way to search by it. */
  personal_identity_number_index: string | null
  /** YYYY-MM-DD once decrypted. */
  birth_date: Ciphertext | null
  approximate_age: number | null
  whereabouts: Ciphertext | null
  school: Ciphertext | null
  guardians: Ciphertext | null
  interpreter_needed: Generated<boolean>
  interpreter_language: Ciphertext | null
}

export interface ReportReportersTable {
  report_id: string
  kind: 'private' | 'professional' | 'self'
  anonymous: boolean
  name: Ciphertext | null
  phone: Ciphertext | null
  email: Ciphertext | null
  relation: Ciphertext | null
  organisation_type: string | null
  organisation_name: string | null
  role: string | null
  guardians_informed: 'yes' | 'no' | 'notApplicable' | null
  guardians_not_informed_reason: Ciphertext | null
}

export interface ReportEventsTable {
  id: Generated<string>
  report_id: string
  at: Timestamp
  kind: string
  /** What staff wrote in it (`note`, `reason`) is ciphertext. */
  data: Json<Record<string, unknown>>
}

export interface ReportDraftsTable {
  id: string
  /** The answers so far as JSON, encrypted. */
  answers_ciphertext: Ciphertext
  started_at: Timestamp
  updated_at: Timestamp
}

export interface PreNoticesTable {
  id: Generated<string>
  municipality_code: string
  person_name: string | null
  personal_identity_number: string
  personal_identity_number_index: string
  valid_from: Timestamp
  valid_to: Timestamp
  background: string
  plan: string
  contact: string
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  withdrawn_at: Timestamp | null
  withdrawn_by: string | null
}

/** A case system's client of the export API; `secret_hash` is the SHA-256 (hex) of its secret. */
export interface ApiClientsTable {
  id: Generated<string>
  name: string
  client_id: string
  secret_hash: string
  webhook_url: string | null
  /** Ciphertext: the key the webhook's HMAC-SHA256 signature is made with. */
  webhook_secret: Ciphertext | null
  created_by: string | null
  created_at: Generated<Date>
  rotated_at: Timestamp | null
  revoked_at: Timestamp | null
  revoked_by: string | null
  /** The new-client form's key (migration 0021): a form posted twice makes one client. */
  creation_key: string | null
}

export interface ApiClientMunicipalitiesTable {
  api_client_id: string
  municipality_code: string
}

export interface Database {
  municipalities: MunicipalitiesTable
  intake_closures: IntakeClosuresTable
  jour_units: JourUnitsTable
  jour_memberships: JourMembershipsTable
  reports: ReportsTable
  report_subjects: ReportSubjectsTable
  report_reporters: ReportReportersTable
  report_events: ReportEventsTable
  report_drafts: ReportDraftsTable
  staff_users: StaffUsersTable
  staff_municipalities: StaffMunicipalitiesTable
  staff_invitations: StaffInvitationsTable
  seed_marks: SeedMarksTable
  staff_recovery_codes: StaffRecoveryCodesTable
  staff_sessions: StaffSessionsTable
  rate_limits: RateLimitsTable
  receipt_limits: ReceiptLimitsTable
  login_events: LoginEventsTable
  oidc_transactions: OidcTransactionsTable
  audit_log: AuditLogTable
  pre_notices: PreNoticesTable
  on_call_rota: OnCallRotaTable
  email_deliveries: EmailDeliveriesTable
  page_steps: PageStepsTable
  reporter_questions: ReporterQuestionsTable
  follow_up_failures: FollowUpFailuresTable
  follow_up_submissions: FollowUpSubmissionsTable
  api_clients: ApiClientsTable
  api_client_municipalities: ApiClientMunicipalitiesTable
}
