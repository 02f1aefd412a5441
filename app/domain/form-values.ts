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

/** The object or array a schema checks, under its preprocessing, refinements, defaults and pipes. */
function innermost(schema: z.ZodTypeAny): z.ZodTypeAny {
  if (schema instanceof z.ZodEffects) return innermost(schema.innerType())
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return innermost(schema.unwrap())
  if (schema instanceof z.ZodDefault) return innermost(schema.removeDefault())
  if (schema instanceof z.ZodPipeline) return innermost(schema._def.in as z.ZodTypeAny)
  return schema
}

/**
 * The answers as typed, less every field the schema does not know: a draft keeps what its
 * step asks, never whatever else a request carried.
 */
export function keepKnownFields(schema: z.ZodTypeAny, value: unknown): unknown {
  const inner = innermost(schema)
  if (inner instanceof z.ZodObject) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    const shape = inner.shape as Record<string, z.ZodTypeAny>
    const kept: Record<string, unknown> = {}
    for (const [key, field] of Object.entries(shape)) {
      if (Object.hasOwn(value, key)) kept[key] = keepKnownFields(field, (value as Record<string, unknown>)[key])
    }
    return kept
  }
  if (inner instanceof z.ZodArray) {
    const element = inner.element as z.ZodTypeAny
    return Array.isArray(value) ? value.map((item) => keepKnownFields(element, item)) : keepKnownFields(element, value)
  }
  // A leaf keeps what was typed: a string, or the strings of a group of checkboxes.
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string')) ? value : undefined
}
