import { z } from 'zod'
import { addDays, isRealDate, minutesOf, stockholmDate, stockholmInstant, weekdayOf, type Weekday } from './calendar'
import { MAX_ROTA_PAIRS } from './form-limits'
import { email, optional, requiredText, typedNumber } from './form-values'
import { onCallAt, rotaWeekStart, type OnCallPair, type WeeklyRota } from './on-call'

/**
 * What a jour's administrator keeps: how fast an unacknowledged page escalates, the shared
 * and manager addresses, when the on-call week turns over, and the pairs that take turns.
 * Every time is counted from the report's receipt (paging.ts).
 */

/** An immediate report needs a social worker's contact within 30 minutes (PRODUCT.md). */
export const CONTACT_WITHIN_MINUTES = 30
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

const minutes = (required: string) =>
  z.preprocess(
    typedNumber,
    z
      .number({ required_error: required, invalid_type_error: 'jourSettings.minutes.invalid' })
      .int('jourSettings.minutes.invalid')
      .min(1, 'jourSettings.minutes.invalid')
      .max(24 * 60, 'jourSettings.minutes.invalid'),
  )

const PAIR_TEXT_FIELDS = ['primaryName', 'primaryEmail', 'primarySmsEmail', 'backupName', 'backupEmail', 'backupSmsEmail'] as const

/**
 * One row of the rota form. A row left blank, or marked for removal, is no pair at all; the
 * rest must be a whole pair. Rows are checked in place, so an error stays on its own row.
 */
const pairRowSchema = z
  .object({
    primaryName: optional(z.string().trim().max(200, 'text.tooLong')),
    primaryEmail: optional(email),
    primarySmsEmail: optional(email),
    backupName: optional(z.string().trim().max(200, 'text.tooLong')),
    backupEmail: optional(email),
    backupSmsEmail: optional(email),
    remove: z.preprocess((value) => value === 'on' || value === true, z.boolean()),
  })
  .superRefine((row, ctx) => {
    if (row.remove || PAIR_TEXT_FIELDS.every((field) => row[field] === undefined)) return
    const required = {
      primaryName: 'jourSettings.name.required',
      primaryEmail: 'jourSettings.email.required',
      backupName: 'jourSettings.name.required',
      backupEmail: 'jourSettings.email.required',
    } as const
    for (const [field, message] of Object.entries(required)) {
      if (row[field as keyof typeof required] === undefined) ctx.addIssue({ code: 'custom', path: [field], message })
    }
    // Escalating to the person who did not answer would page nobody new.
    if (row.primaryEmail && row.backupEmail && row.primaryEmail.toLowerCase() === row.backupEmail.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['backupEmail'], message: 'jourSettings.backupEmail.samePerson' })
    }
  })

export const jourSettingsSchema = z
  .object({
    backupAfterMinutes: minutes('jourSettings.backupAfterMinutes.required'),
    everyoneAfterMinutes: minutes('jourSettings.everyoneAfterMinutes.required'),
    repeatMinutes: minutes('jourSettings.repeatMinutes.required'),
    sharedEmail: optional(email),
    managerEmail: optional(email),
    rotaWeekday: z.preprocess(
      typedNumber,
      z
        .number({ required_error: 'jourSettings.rotaWeekday.required', invalid_type_error: 'jourSettings.rotaWeekday.required' })
        .int()
        .min(1, 'jourSettings.rotaWeekday.required')
        .max(7, 'jourSettings.rotaWeekday.required'),
    ),
    rotaTime: requiredText(5, 'jourSettings.rotaTime.required').pipe(z.string().regex(TIME, 'jourSettings.rotaTime.invalid')),
    rotaAnchorDate: requiredText(10, 'jourSettings.rotaAnchorDate.required').pipe(z.string().regex(DATE, 'jourSettings.rotaAnchorDate.invalid')),
    pairs: z.array(pairRowSchema).default([]),
  })
  .superRefine((value, ctx) => {
    if (value.everyoneAfterMinutes <= value.backupAfterMinutes) {
      ctx.addIssue({ code: 'custom', path: ['everyoneAfterMinutes'], message: 'jourSettings.everyoneAfterMinutes.afterBackup' })
    }
    if (value.everyoneAfterMinutes > CONTACT_WITHIN_MINUTES) {
      ctx.addIssue({ code: 'custom', path: ['everyoneAfterMinutes'], message: 'jourSettings.everyoneAfterMinutes.tooLate' })
    }
    if (DATE.test(value.rotaAnchorDate) && !isRealDate(value.rotaAnchorDate)) {
      ctx.addIssue({ code: 'custom', path: ['rotaAnchorDate'], message: 'jourSettings.rotaAnchorDate.invalid' })
    } else if (DATE.test(value.rotaAnchorDate) && weekdayOf(value.rotaAnchorDate) !== value.rotaWeekday) {
      ctx.addIssue({ code: 'custom', path: ['rotaAnchorDate'], message: 'jourSettings.rotaAnchorDate.wrongWeekday' })
    }
    const pairs = value.pairs.filter(isPair).length
    if (pairs === 0) ctx.addIssue({ code: 'custom', path: ['pairs'], message: 'jourSettings.pairs.required' })
    if (pairs > MAX_ROTA_PAIRS) ctx.addIssue({ code: 'custom', path: ['pairs'], message: 'jourSettings.pairs.tooMany' })
  })
  .transform(({ pairs, rotaWeekday, ...settings }) => ({
    ...settings,
    rotaWeekday: rotaWeekday as Weekday,
    pairs: pairs.filter(isPair).map((row): OnCallPair => ({
      primary: { name: row.primaryName!, email: row.primaryEmail!, smsEmail: row.primarySmsEmail ?? null },
      backup: { name: row.backupName!, email: row.backupEmail!, smsEmail: row.backupSmsEmail ?? null },
    })),
  }))
export type JourSettings = z.output<typeof jourSettingsSchema>

type PairRow = z.output<typeof pairRowSchema>
function isPair(row: PairRow): boolean {
  return !row.remove && PAIR_TEXT_FIELDS.some((field) => row[field] !== undefined)
}

/** One on-call week as the administrator checks it: from when, to when, and who. */
export interface RotaWeek {
  from: Date
  to: Date
  pair: OnCallPair
}

/** The rota week running at `now` and the `count - 1` after it, so a changed rota can be checked before a night goes wrong. */
export function upcomingWeeks(rota: WeeklyRota, now: Date, count: number): RotaWeek[] {
  if (rota.pairs.length === 0) return []
  const weeks: RotaWeek[] = []
  let from = rotaWeekStart(rota, now)
  for (let index = 0; index < count; index++) {
    // The next week starts at the same local time seven days on, whatever the clock change did.
    const to = stockholmInstant(addDays(stockholmDate(from), 7), minutesOf(rota.time))
    weeks.push({ from, to, pair: onCallAt(rota, from)! })
    from = to
  }
  return weeks
}
