import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'

/** Every municipality in scope keeps Swedish time; dates and hours are reckoned in it. */
export const STOCKHOLM = 'Europe/Stockholm'

/** The calendar date in Stockholm at `instant`, as YYYY-MM-DD. */
export function stockholmDate(instant: Date): string {
  return format(new TZDate(instant.getTime(), STOCKHOLM), 'yyyy-MM-dd')
}
