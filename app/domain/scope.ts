/**
 * What a staff member may see, decided in one place (PRODUCT.md: "A report reaches only the
 * staff of the municipality it concerns, and its jour while the jour handles it").
 */
export type StaffScope =
  | { role: 'intake'; municipalityCodes: readonly string[] }
  /** A jour sees what was routed to it, until its handover plus the jour's grace period, as of `now`. */
  | { role: 'jour'; jourId: string; now: Date }
  /** Administrators keep the configuration; auditors read the audit log. Neither reads reports. */
  | { role: 'admin' | 'auditor' }
