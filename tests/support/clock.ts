import { stockholmInstant } from '../../app/domain/calendar'

/** A Stockholm wall-clock time as an instant, the way a table of cases reads: `stockholm('2026-11-27 15:30')`. */
export function stockholm(local: string): Date {
  const [date, time] = local.split(' ')
  const [hours, minutes] = time!.split(':').map(Number)
  return stockholmInstant(date!, hours! * 60 + minutes!)
}
