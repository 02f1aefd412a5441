import { parseWithZod } from '@conform-to/zod/v3'
import { describe, expect, it } from 'vitest'
import { jourActionSchema } from '~/domain/casework'
import { formData, refusals } from '../support/form-data'

describe("the jour's action", () => {
  const parse = (fields: Record<string, string>) => parseWithZod(formData({ intent: 'jourAction', action: 'homeVisit', ...fields }), { schema: jourActionSchema })

  it('takes the minutes it took, or none', () => {
    const timed = parse({ time: '23:20', minutes: ' 90 ' })
    expect(timed.status === 'success' && timed.value).toMatchObject({ action: 'homeVisit', time: '23:20', minutes: 90 })
    const untimed = parse({ minutes: '' })
    expect(untimed.status === 'success' && untimed.value.minutes).toBeUndefined()
  })

  it('refuses minutes that are no whole number of a day', () => {
    for (const minutes of ['en timme', '1.5', '0', '1441']) expect(refusals(parse({ minutes }))).toEqual({ minutes: ['casework.jourAction.minutes'] })
  })
})
