import { describe, expect, it } from 'vitest'
import { keepKnownFields } from '~/domain/form-values'
import { concernSchema, peopleSchema, privateReporterSchema } from '~/domain/report-schema'

describe('what a draft keeps of a step', () => {
  it('keeps the fields the step asks, as typed, and drops every other', () => {
    const typed = { categories: ['neglect', 'violence'], description: 'Barnet är ensamt', junk: 'x'.repeat(60_000), returnUrl: '/anmalan/kontrollera' }
    expect(keepKnownFields(concernSchema, typed)).toEqual({ categories: ['neglect', 'violence'], description: 'Barnet är ensamt' })
  })

  it('keeps a lone ticked checkbox as it came', () => {
    expect(keepKnownFields(concernSchema, { categories: 'neglect', description: 'x' })).toEqual({ categories: 'neglect', description: 'x' })
  })

  it('filters inside each row of a list, and drops objects where text belongs', () => {
    const schema = peopleSchema({ concerns: 'children', today: '2026-11-30' })
    const typed = { people: [{ name: 'Liv', shoeSize: '31', approximateAge: '6' }, { name: { nested: 'x' } }], extra: { a: 1 } }
    expect(keepKnownFields(schema, typed)).toEqual({ people: [{ name: 'Liv', approximateAge: '6' }, { name: undefined }] })
  })

  it('sees through refinements and transforms', () => {
    expect(keepKnownFields(privateReporterSchema, { anonymous: 'yes', ip: '1.2.3.4' })).toEqual({ anonymous: 'yes' })
  })
})
