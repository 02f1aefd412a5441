import { MAX_PEOPLE } from './report-schema'

/**
 * The most rows each list of a form holds, kept here once: the schemas refuse more with a
 * translated message, and the body reader refuses an index beyond them before anything
 * parses it.
 */

/** Empty rows under a list on an administration page, so a row can be added without JavaScript. */
export const BLANK_FORM_ROWS = 2
/** One pair a week for a year is more than any jour rotates through. */
export const MAX_ROTA_PAIRS = 52
/** Coming closed days ("klämdagar") of one intake unit. */
export const MAX_CLOSURES = 100

/** The rows a form may post per list name (`people[9].name` is the tenth row of `people`). */
export const FORM_LIST_ROWS: Readonly<Record<string, number>> = {
  people: MAX_PEOPLE,
  pairs: MAX_ROTA_PAIRS + BLANK_FORM_ROWS,
  closures: MAX_CLOSURES + BLANK_FORM_ROWS,
}
