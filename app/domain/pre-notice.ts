import Personnummer from 'personnummer'
import { z } from 'zod'
import { isRealDate } from './calendar'
import { blankToUndefined } from './form-values'

const text = (required: string) => z.preprocess(blankToUndefined, z.string({ required_error: required }).trim().min(1, required).max(5000, 'text.tooLong'))

/**
 * A pre-notice ("föranmälan") as the intake unit writes it: who (a personnummer is needed to
 * match reports), from and to which day, the background, the plan for the jour, and whom
 * at the municipality the jour can reach.
 */
export const preNoticeSchema = z
  .object({
    personName: z.preprocess(blankToUndefined, z.string().trim().max(200, 'text.tooLong').optional()),
    personalIdentityNumber: z.preprocess(
      blankToUndefined,
      z
        .string({ required_error: 'preNotice.personalIdentityNumber.required' })
        .trim()
        .refine((value) => Personnummer.valid(value), 'personalIdentityNumber.invalid')
        .transform((value) => Personnummer.parse(value).format(true)),
    ),
    // A real calendar date: "2026-02-31" would otherwise reach the database and fail there.
    validFrom: z.preprocess(blankToUndefined, z.string({ required_error: 'preNotice.validFrom.required' }).trim().refine(isRealDate, 'preNotice.date.invalid')),
    validTo: z.preprocess(blankToUndefined, z.string({ required_error: 'preNotice.validTo.required' }).trim().refine(isRealDate, 'preNotice.date.invalid')),
    background: text('preNotice.background.required'),
    plan: text('preNotice.plan.required'),
    contact: text('preNotice.contact.required'),
  })
  .superRefine((value, ctx) => {
    if (value.validTo < value.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'preNotice.validTo.beforeFrom' })
  })
export type PreNoticeInput = z.output<typeof preNoticeSchema>
