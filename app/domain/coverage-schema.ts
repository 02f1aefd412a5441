import { z } from 'zod'
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from './office-hours'
import type { JourSchedule } from './jour-coverage'
import { LEVELS } from './triage'

/** Office hours and jour schedules are kept as JSON in the database; these check them when read. */

const time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/)
const daySpans = z.array(z.tuple([time, time]))
const week = <T extends z.ZodTypeAny>(day: T) => z.object({ 1: day, 2: day, 3: day, 4: day, 5: day, 6: day, 7: day })

const weeklyHoursSchema = week(daySpans)

export const jourScheduleSchema: z.ZodType<JourSchedule> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('whenIntakeClosed') }),
  z.object({
    kind: z.literal('weekly'),
    days: week(z.array(z.object({ from: time, to: time, status: z.enum(['open', 'standby']) }))),
    holidaysAs: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]),
    coversIntakeGaps: z.boolean(),
  }),
])

export const levelsSchema = z.array(z.enum(LEVELS)).min(1)

export function officeHoursFrom(row: { weekly: unknown; dayBeforeHolidayClosesAt: string | null; closures: string[] }): OfficeHours {
  return {
    weekly: row.weekly === null ? DEFAULT_OFFICE_HOURS.weekly : weeklyHoursSchema.parse(row.weekly),
    dayBeforeHolidayClosesAt: row.dayBeforeHolidayClosesAt,
    closures: row.closures,
  }
}
