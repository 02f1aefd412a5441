import { z } from 'zod'

/**
 * How the schemas read answers as a browser sends them, and as a draft keeps them: blank
 * text is "not given", so a required field says "required" and an optional one is absent.
 */
export const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)

export const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema.optional())

export const requiredText = (max: number, required: string) =>
  z.preprocess(blankToUndefined, z.string({ required_error: required }).trim().min(1, required).max(max, 'text.tooLong'))

export const email = z.string().trim().max(254, 'email.invalid').email('email.invalid')

/** A whole number typed in a text box; blank is "not given", anything else not a number is invalid. */
export const typedNumber = (value: unknown) => {
  const given = blankToUndefined(value)
  return typeof given === 'string' ? Number(given.trim()) : given
}
