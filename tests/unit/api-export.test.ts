import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, isWebhookUrl, newApiClientSchema, parseReadyQuery, parseRegistration, READY_PAGE_DEFAULT } from '~/domain/api-export'
import { REPORT_LANGUAGES } from '~/domain/api-openapi'
import { SUPPORTED_LANGUAGES } from '~/i18n/config'

const ID = '0b6f1c1e-8a4b-4c3e-9d2a-1f2e3d4c5b6a'

describe("the ready list's cursor", () => {
  it('reads back exactly the position it was written from', () => {
    const position = { decidedAt: '2026-11-25T09:00:00.123456Z', id: ID }
    expect(decodeCursor(encodeCursor(position))).toEqual(position)
  })

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['milliseconds only', Buffer.from(`2026-11-25T09:00:00.123Z|${ID}`).toString('base64url')],
    ['no id', Buffer.from('2026-11-25T09:00:00.123456Z').toString('base64url')],
    ['an id that is no uuid', Buffer.from('2026-11-25T09:00:00.123456Z|1 or 1=1').toString('base64url')],
    ['a 13th month', Buffer.from(`2026-13-25T09:00:00.123456Z|${ID}`).toString('base64url')],
    ['30 February', Buffer.from(`2026-02-30T09:00:00.123456Z|${ID}`).toString('base64url')],
    ['a third part', Buffer.from(`2026-11-25T09:00:00.123456Z|${ID}|x`).toString('base64url')],
    ['a very long one', 'A'.repeat(400)],
  ])('refuses a cursor the service did not write: %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeNull()
  })

  it('refuses another base64url spelling of the same bytes', () => {
    const cursor = encodeCursor({ decidedAt: '2026-11-25T09:00:00.123456Z', id: ID })
    // The last character's unused low bits changed: the same bytes once decoded, a different text.
    const last = cursor.at(-1)!
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const variant = cursor.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1]
    if (Buffer.from(variant, 'base64url').equals(Buffer.from(cursor, 'base64url'))) expect(decodeCursor(variant)).toBeNull()
  })
})

describe("the ready list's query", () => {
  const parse = (query: string) => parseReadyQuery(new URLSearchParams(query))

  it('defaults to the ready list, its first page, 50 at a time', () => {
    expect(parse('')).toEqual({ ok: true, query: { status: 'ready', limit: READY_PAGE_DEFAULT, after: null } })
    expect(parse('status=ready&limit=200')).toEqual({ ok: true, query: { status: 'ready', limit: 200, after: null } })
  })

  it.each([
    ['status=registered', 'status'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=07', 'limit'],
    ['limit=1.5', 'limit'],
    ['cursor=x', 'cursor'],
    ['limit=5&limit=5', 'limit'],
    ['sort=desc', 'sort'],
  ])('names the parameter at fault: %s', (query, parameter) => {
    expect(parse(query)).toEqual({ ok: false, parameter })
  })
})

describe('a registration from the case system', () => {
  it('takes a diary number and a case id as written', () => {
    expect(parseRegistration({ diaryNumber: 'SN 2026/1234', caseId: 'TRE-998877' })).toEqual({ ok: true, registration: { diaryNumber: 'SN 2026/1234', caseId: 'TRE-998877' } })
    expect(parseRegistration({ diaryNumber: 'Dnr SOC 2026:1234-ä', caseId: 'x'.repeat(64) }).ok).toBe(true)
  })

  it.each([
    ['not an object', 'SN 1', ['body']],
    ['a missing case id', { diaryNumber: 'SN 1' }, ['caseId']],
    ['an extra field', { diaryNumber: 'SN 1', caseId: 'C', personnummer: '201803142384' }, ['personnummer']],
    ['a line break', { diaryNumber: 'SN\n1', caseId: 'C' }, ['diaryNumber']],
    ['a right-to-left override', { diaryNumber: 'SN\u202E1', caseId: 'C' }, ['diaryNumber']],
    ['a leading space', { diaryNumber: ' SN 1', caseId: 'C' }, ['diaryNumber']],
    ['65 characters', { diaryNumber: 'S', caseId: 'x'.repeat(65) }, ['caseId']],
  ])('refuses %s, naming the field but not its value', (_name, body, fields) => {
    const parsed = parseRegistration(body)
    expect(parsed).toEqual({ ok: false, fields })
    expect(JSON.stringify(parsed)).not.toContain('201803142384')
  })
})

describe('a webhook address', () => {
  it.each([
    ['https://verksamhet.kommun.se/orosanmalan/hook', true, true],
    ['http://127.0.0.1:8080/hook', false, true],
    ['http://verksamhet.kommun.se/hook', true, false],
    ['https://user:secret@verksamhet.kommun.se/hook', true, false],
    ['https://verksamhet.kommun.se/hook#part', true, false],
    ['ftp://verksamhet.kommun.se/hook', false, false],
    ['javascript:alert(1)', false, false],
    ['/relative', false, false],
  ])('%s (production: %s) is accepted: %s', (url, production, accepted) => {
    expect(isWebhookUrl(url, { production })).toBe(accepted)
  })

  it("is optional on a new client, and the client's municipalities must be the administrator's", () => {
    const schema = newApiClientSchema({ municipalityCodes: ['0160', '0186'], production: true })
    const creationKey = 'NzQ5ZjM2YzYtY2E1Ny00ZmM2'
    expect(schema.safeParse({ name: ' Treserva ', municipalityCodes: ['0160', '0160'], creationKey }).data).toEqual({
      name: 'Treserva',
      municipalityCodes: ['0160'],
      webhookUrl: null,
      creationKey,
    })
    expect(schema.safeParse({ name: 'Treserva', municipalityCodes: ['1233'], creationKey }).success).toBe(false)
    expect(schema.safeParse({ name: 'Treserva', municipalityCodes: [], creationKey }).success).toBe(false)
    expect(schema.safeParse({ name: 'Treserva', municipalityCodes: '0186', webhookUrl: 'http://x.se/h', creationKey }).success).toBe(false)
    // The form's key is what keeps a form posted twice to one client: without it nothing is made.
    expect(schema.safeParse({ name: 'Treserva', municipalityCodes: ['0160'] }).success).toBe(false)
    expect(schema.safeParse({ name: 'Treserva', municipalityCodes: ['0160'], creationKey: 'short' }).success).toBe(false)
  })
})

describe('the OpenAPI document', () => {
  it("names the languages a report may be written in, as the service's set-up does", () => {
    expect([...REPORT_LANGUAGES]).toEqual([...SUPPORTED_LANGUAGES])
  })
})
