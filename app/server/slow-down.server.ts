import type { HeadersFunction } from '@remix-run/node'
import { recentCoverage } from './coverage.server'
import type { Executor } from './db.server'

/** What a page that slows a person down tells them besides "try again later" (PRODUCT.md). */
export interface SlowDown {
  retryAfterSeconds: number
  /** The jour that covers the municipality of the report in progress, when it is known and has a number. */
  jour: { name: string; phone: string } | null
}

export async function slowDown(db: Executor, municipalityCode: string | null, retryAfterSeconds: number): Promise<SlowDown> {
  const coverage = municipalityCode ? await recentCoverage(db, municipalityCode) : undefined
  const jour = coverage?.jour?.publicPhone ? { name: coverage.jour.name, phone: coverage.jour.publicPhone } : null
  return { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)), jour }
}

/**
 * A route's `headers`: a page that says "try again in N" carries the same N in `Retry-After`
 * (an action's own headers reach a document response only through this).
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}
