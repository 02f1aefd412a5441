import { describe, expect, it } from 'vitest'
import { looksAutomated } from '~/domain/spam'

const draftStartedAt = new Date('2026-11-23T20:00:00Z')
const after = (seconds: number) => new Date(draftStartedAt.getTime() + seconds * 1000)

describe('spam checks without a CAPTCHA', () => {
  it.each([
    ['a person who took two minutes', { now: after(120), honeypot: '' }, false],
    ['a form sent three seconds after the first answer', { now: after(3), honeypot: '' }, true],
    ['the hidden field filled in', { now: after(120), honeypot: 'http://spam.example' }, true],
    ['exactly the minimum time', { now: after(10), honeypot: '' }, false],
  ])('%s', (_name, input, expected) => {
    expect(looksAutomated({ draftStartedAt, minimumFillSeconds: 10, ...input })).toBe(expected)
  })
})
