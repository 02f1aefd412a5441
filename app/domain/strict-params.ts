/**
 * Ids, cursors and instants from an address or a form, read strictly: anything that is not
 * exactly the expected shape is "not there" (the caller answers 404 or 400), never passed on
 * for the database to refuse with an error.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** An instant as `toISOString` writes it, the only form the service itself puts in a cursor. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
/** A positive bigint id (audit log rows) that PostgreSQL's bigint holds. */
const BIGINT_ID = /^[1-9]\d{0,17}$/

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

export function parseBigintId(value: string | null | undefined): string | null {
  return value && BIGINT_ID.test(value) ? value : null
}

export function parseIsoInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return null
  const instant = new Date(value)
  return Number.isNaN(instant.getTime()) || instant.toISOString() !== value ? null : instant
}

/** A small whole number, such as a level's rank in a cursor. */
export function isSmallWholeNumber(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max
}
