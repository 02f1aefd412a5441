import { data } from '@remix-run/node'
import { FORM_LIST_ROWS } from '../domain/form-limits'

/**
 * The one reader of every form post, public and staff. A body is bounded before anything
 * parses it: a list index far beyond what a form can post once made the form library build
 * an array of that length, and one request froze the service for every municipality.
 */

export interface FormLimits {
  /** The whole body, in bytes as sent (percent-encoded). */
  maxBytes: number
  maxFields: number
  /** A field's name, in characters. */
  maxNameLength: number
  /** A field's value, in characters after decoding: above every schema's own maximum, so a long text gets the form's translated error instead. */
  maxValueLength: number
  /** The rows each list of a form may post (`people[9].name` is row 10); an index in any other name is refused. */
  listRows: Readonly<Record<string, number>>
}

export const FORM_LIMITS: FormLimits = {
  maxBytes: 256 * 1024,
  maxFields: 500,
  maxNameLength: 100,
  maxValueLength: 20_000,
  listRows: FORM_LIST_ROWS,
}

export type FormRefusal = 'unsupported-media-type' | 'too-large' | 'bad-request'

const STATUS: Record<FormRefusal, number> = { 'unsupported-media-type': 415, 'too-large': 413, 'bad-request': 400 }

export class FormBodyError extends Error {
  override name = 'FormBodyError'
  constructor(readonly refusal: FormRefusal) {
    super(refusal)
  }
}

/** C0 controls and DEL, except tab, line feed and carriage return (a textarea sends CR LF). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
/** `people[3].name`: the list's path before the index, and the index. */
const LIST_INDEX = /\[(\d+)\]/g
const NAME = /^[A-Za-z0-9_.[\]-]+$/

function decode(component: string): string {
  try {
    // decodeURIComponent refuses bad percent-encoding and byte sequences that are not UTF-8.
    return decodeURIComponent(component.replace(/\+/g, ' '))
  } catch {
    throw new FormBodyError('bad-request')
  }
}

/** conform's field for a button's intent, e.g. "add another child" without JavaScript. */
const INTENT_FIELD = '__intent__'
const LIST_INTENTS = new Set(['insert', 'remove'])

/**
 * conform applies an intent to the payload before any schema sees it: an `update` or `reset`
 * names any path (a far index again), and a malformed one throws. Only what our forms send
 * is let through: `validate` of a field, and `insert` or `remove` of a row of a known list
 * within its rows.
 */
function checkIntent(value: string, limits: FormLimits): void {
  let intent: unknown
  try {
    intent = JSON.parse(value)
  } catch {
    throw new FormBodyError('bad-request')
  }
  if (typeof intent !== 'object' || intent === null) throw new FormBodyError('bad-request')
  const { type, payload } = intent as { type?: unknown; payload?: unknown }
  if (typeof payload !== 'object' || payload === null) throw new FormBodyError('bad-request')
  const { name, index, ...rest } = payload as { name?: unknown; index?: unknown }
  if (Object.keys(rest).length > 0 || typeof name !== 'string') throw new FormBodyError('bad-request')
  if (type === 'validate' && index === undefined) return checkName(name, limits)
  const rows = limits.listRows[name]
  if (!LIST_INTENTS.has(type as string) || rows === undefined) throw new FormBodyError('bad-request')
  if (type === 'remove' ? !(Number.isInteger(index) && (index as number) >= 0 && (index as number) < rows) : index !== undefined) {
    throw new FormBodyError('bad-request')
  }
}

function checkName(name: string, limits: FormLimits): void {
  if (name.length === 0 || name.length > limits.maxNameLength || !NAME.test(name)) throw new FormBodyError('bad-request')
  for (const match of name.matchAll(LIST_INDEX)) {
    const list = name.slice(0, match.index).replace(LIST_INDEX, '')
    const rows = limits.listRows[list]
    // Leading zeros would let "people[0000000009]" pass as 9 through a parser that reads it otherwise.
    const index = match[1]!
    if (rows === undefined || (index.length > 1 && index.startsWith('0')) || Number(index) >= rows) throw new FormBodyError('bad-request')
  }
}

/**
 * Parses an `application/x-www-form-urlencoded` body within the limits, or throws a
 * FormBodyError that says how it failed. Pure: the caller reads the bytes.
 */
export function parseFormBody(body: string, limits: FormLimits = FORM_LIMITS): FormData {
  const form = new FormData()
  if (body === '') return form
  const pairs = body.split('&')
  if (pairs.length > limits.maxFields) throw new FormBodyError('too-large')
  for (const pair of pairs) {
    if (pair === '') continue
    const separator = pair.indexOf('=')
    const name = decode(separator === -1 ? pair : pair.slice(0, separator))
    const value = separator === -1 ? '' : decode(pair.slice(separator + 1))
    checkName(name, limits)
    if (value.length > limits.maxValueLength) throw new FormBodyError('too-large')
    if (CONTROL.test(value)) throw new FormBodyError('bad-request')
    if (name === INTENT_FIELD) checkIntent(value, limits)
    form.append(name, value)
  }
  return form
}

function isForm(contentType: string | null): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  return type === 'application/x-www-form-urlencoded'
}

/**
 * The body's bytes, at most `maxBytes`: a longer one (declared or sent) is refused without
 * reading the rest. `'too-large'` or `'broken'` (the client went away or sent a broken body)
 * is thrown as the error `refuse` makes, so each reader answers in its own format.
 */
export async function readBoundedBytes(request: Request, maxBytes: number, refuse: (why: 'too-large' | 'broken') => unknown): Promise<Buffer | null> {
  const declared = Number(request.headers.get('Content-Length') ?? NaN)
  if (declared > maxBytes) throw refuse('too-large')
  if (!request.body) return null
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  let tooLarge = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      length += value.byteLength
      if (length > maxBytes) {
        tooLarge = true
        await reader.cancel().catch(() => {})
        break
      }
      chunks.push(value)
    }
  } catch {
    throw refuse('broken')
  }
  if (tooLarge) throw refuse('too-large')
  return Buffer.concat(chunks)
}

/** Reads at most `maxBytes` of a form body, as text. */
async function readBounded(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readBoundedBytes(request, maxBytes, (why) => new FormBodyError(why === 'too-large' ? 'too-large' : 'bad-request'))
  if (!bytes) return ''
  // A form body is ASCII (everything else percent-encoded); anything else is not one.
  for (const byte of bytes) if (byte > 0x7e || (byte < 0x20 && byte !== 0x0a && byte !== 0x0d)) throw new FormBodyError('bad-request')
  // Trailing line breaks (some clients end a body with one) are dropped by hand: the regex
  // /[\r\n]+$/ backtracks over every run of them, seconds for a body of 64 KB of line feeds.
  let end = bytes.length
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--
  return bytes.toString('latin1', 0, end)
}

/**
 * The form a request posted, read within the limits. A refused body is answered with the
 * service's ordinary error page in the person's language (415, 413 or 400), and nothing of
 * it is stored or logged.
 */
export async function readForm(request: Request, limits: FormLimits = FORM_LIMITS): Promise<FormData> {
  try {
    if (!isForm(request.headers.get('Content-Type'))) throw new FormBodyError('unsupported-media-type')
    return parseFormBody(await readBounded(request, limits.maxBytes), limits)
  } catch (error) {
    if (error instanceof FormBodyError) throw data({ status: error.refusal }, { status: STATUS[error.refusal] })
    throw error
  }
}
