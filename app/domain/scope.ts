/**
 * What a staff member may see, decided in one place (PRODUCT.md: "A report reaches only the
 * staff of the municipality it concerns, and its jour while the jour handles it").
 */
export type StaffScope =
  | { role: 'intake'; municipalityCodes: readonly string[] }
  | { role: 'jour'; jourId: string }
  /** Administrators keep the configuration; auditors read the audit log. Neither reads reports. */
  | { role: 'admin' | 'auditor' }

export interface ScopedReport {
  municipality_code: string
  destination_jour_id: string | null
}

/** The same rule as the database query in scope.server.ts, for a report already in hand. */
export function mayRead(scope: StaffScope, report: ScopedReport): boolean {
  switch (scope.role) {
    case 'intake':
      return scope.municipalityCodes.includes(report.municipality_code)
    case 'jour':
      return report.destination_jour_id === scope.jourId
    case 'admin':
    case 'auditor':
      return false
    default: {
      const unreachable: never = scope
      throw new Error(`unknown scope ${JSON.stringify(unreachable)}`)
    }
  }
}
