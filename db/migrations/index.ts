import type { Migration } from 'kysely'
import * as regions from './0001_regions'
import * as reports from './0002_reports'
import * as reportDrafts from './0003_report_drafts'
import * as triageAndRouting from './0004_triage_and_routing'
import * as staffAndAudit from './0005_staff_and_audit'
import * as encryptionAtRest from './0006_encryption_at_rest'
import * as queueIndexes from './0007_queue_indexes'
import * as jourNight from './0008_jour_night'
import * as preNotices from './0009_pre_notices'
import * as paging from './0010_paging'
import * as staffAccounts from './0011_staff_accounts'
import * as seedMarks from './0012_seed_marks'
import * as totpReplay from './0013_totp_replay'
import * as rateLimits from './0014_rate_limits'
import * as auditSecurityEvents from './0015_audit_security_events'
import * as queueCountsAndChanges from './0016_queue_counts_and_changes'
import * as reporterFollowUp from './0017_reporter_follow_up'
import * as reportLanguages from './0018_report_languages'
import * as exportApi from './0019_export_api'
import * as staffOidc from './0020_staff_oidc'
import * as apiClientCreationKey from './0021_api_client_creation_key'

/** Every migration, by name; the names sort in the order they run. Append, never edit. */
export const migrations: Record<string, Migration> = {
  '0001_regions': regions,
  '0002_reports': reports,
  '0003_report_drafts': reportDrafts,
  '0004_triage_and_routing': triageAndRouting,
  '0005_staff_and_audit': staffAndAudit,
  '0006_encryption_at_rest': encryptionAtRest,
  '0007_queue_indexes': queueIndexes,
  '0008_jour_night': jourNight,
  '0009_pre_notices': preNotices,
  '0010_paging': paging,
  '0011_staff_accounts': staffAccounts,
  '0012_seed_marks': seedMarks,
  '0013_totp_replay': totpReplay,
  '0014_rate_limits': rateLimits,
  '0015_audit_security_events': auditSecurityEvents,
  '0016_queue_counts_and_changes': queueCountsAndChanges,
  '0017_reporter_follow_up': reporterFollowUp,
  '0018_report_languages': reportLanguages,
  '0019_export_api': exportApi,
  '0020_staff_oidc': staffOidc,
  '0021_api_client_creation_key': apiClientCreationKey,
}
