import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import fc from 'fast-check'

/**
 * The form fuzzer shared by tests/integration/form-fuzz.test.ts (a few thousand cases in CI)
 * and tests/bench/fuzz.bench.ts (ten thousand and more): generated posts to every form
 * route, sent over HTTP to the real app, with a /healthz sampler beside them.
 *
 * Cases are made with fast-check from a fixed seed before anything is sent, so the timing
 * of a request measures the server, not the generator, and a run can be repeated.
 */

/** One form of a page as a browser posts it: its fields in order, with the values the page holds. */
export type FormPairs = ReadonlyArray<readonly [string, string]>

export interface FuzzTarget {
  /** e.g. `POST /anmalan/personer (draft)`: how a failure is reported. */
  label: string
  /** The form's action, e.g. `/personal/anmalan/<id>`. */
  path: string
  /** The forms of the page that post to `path`; a case starts from one of them, or from nothing. */
  forms: FormPairs[]
  /** Every field name the page has, buttons' names included. */
  names: string[]
  /** Every value the page has (hidden fields, choices, intents): what the action looks for. */
  values: string[]
}

/** A name or a value of a generated field. `raw` is what goes into a form body as is, e.g. `%E2%82` (bad encoding). */
interface Piece {
  text: string
  raw?: Buffer
}

/** How a field is written into a url-encoded body: as a browser does, with raw (unencoded) bytes, or in lower-case hex. */
type Encoding = 'standard' | 'raw' | 'lower'

interface Field {
  name: Piece
  value: Piece
  encoding: Encoding
}

export type BodyKind = 'form' | 'multipart' | 'broken-multipart' | 'json' | 'text' | 'none' | 'other'

export interface FuzzCase {
  target: number
  /** The path and query the case posts to. */
  url: string
  kind: BodyKind
  contentType: string | null
  body: Buffer
  /** What a failure report shows: the kind, the content type and the first field names, shortened. */
  summary: string
}

// ---------------------------------------------------------------------------------------
// Reading the forms of a page

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

function unescapeHtml(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') return String.fromCodePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1)))
    return ENTITIES[body.toLowerCase()] ?? entity
  })
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)
  return match ? unescapeHtml(match[1]!) : null
}

/**
 * The post forms of a page whose action is `path` (or that have none), as a browser without
 * JavaScript would send them: text and hidden inputs with their values, the first choice of
 * each radio group and checkbox, the selected (or first) option, textareas. Buttons' names
 * and values go to `names` and `values` only.
 */
export function harvestForms(html: string, path: string): Pick<FuzzTarget, 'forms' | 'names' | 'values'> {
  const forms: FormPairs[] = []
  const names = new Set<string>()
  const values = new Set<string>()
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = match[1]!
    if ((attribute(open, 'method') ?? 'get').toLowerCase() !== 'post') continue
    const action = attribute(open, 'action')
    if (action !== null && action.split('?')[0] !== path) continue
    const inner = match[2]!
    const pairs: Array<readonly [string, string]> = []
    const seenChoices = new Set<string>()
    for (const field of inner.matchAll(/<(input|textarea|select|button)\b([^>]*)>([\s\S]*?<\/\1>)?/gi)) {
      const tag = field[1]!.toLowerCase()
      const attributes = field[2]!
      const name = attribute(attributes, 'name')
      if (!name) continue
      names.add(name)
      if (tag === 'button') {
        const value = attribute(attributes, 'value')
        if (value !== null) values.add(value)
        continue
      }
      if (tag === 'textarea') {
        const content = unescapeHtml((field[3] ?? '').replace(/<\/textarea>$/i, ''))
        pairs.push([name, content])
        continue
      }
      if (tag === 'select') {
        const options = [...(field[3] ?? '').matchAll(/<option\b([^>]*)>/gi)].map((option) => option[1]!)
        for (const option of options) {
          const value = attribute(option, 'value')
          if (value !== null) values.add(value)
        }
        const chosen = options.find((option) => /\sselected/i.test(option)) ?? options.find((option) => attribute(option, 'value'))
        pairs.push([name, chosen ? (attribute(chosen, 'value') ?? '') : ''])
        continue
      }
      const type = (attribute(attributes, 'type') ?? 'text').toLowerCase()
      const value = attribute(attributes, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')
      if (value !== '') values.add(value)
      if (type === 'submit' || type === 'button' || type === 'reset' || type === 'file' || type === 'image') continue
      if (type === 'radio' || type === 'checkbox') {
        // One choice per group, as a person picks one: the checked one when the page has it.
        if (seenChoices.has(name)) continue
        const group = [...inner.matchAll(/<input\b([^>]*)>/gi)].map((input) => input[1]!).filter((input) => attribute(input, 'name') === name)
        const checked = group.find((input) => /\schecked/i.test(input)) ?? attributes
        seenChoices.add(name)
        pairs.push([name, attribute(checked, 'value') ?? 'on'])
        continue
      }
      pairs.push([name, value])
    }
    forms.push(pairs)
  }
  return { forms, names: [...names], values: [...values] }
}

// ---------------------------------------------------------------------------------------
// Names

/** Lists the forms have, with a field of each: where a far index makes a parser build a long array. */
const LIST_FIELDS = ['people[{i}].name', 'people[{i}].personalIdentityNumber', 'pairs[{i}].primaryName', 'pairs[{i}].remove', 'closures[{i}].date', 'closures[{i}]', 'people[{i}]']

const FAR_INDEXES = [
  '5000',
  '10000',
  '1000',
  '100000',
  '99999999',
  '4294967295',
  '4294967296',
  '9007199254740993',
  '1e21',
  '1e3',
  '-1',
  '00',
  '007',
  '0x10',
  '1.5',
  ' 1',
  '',
  'NaN',
  '10',
  '11',
  '52',
  '53',
  '54',
  '101',
  '102',
]

const SPECIAL_NAMES = [
  '__proto__',
  '__proto__.polluted',
  '__proto__[polluted]',
  'constructor.prototype.polluted',
  'constructor',
  'toString',
  'hasOwnProperty',
  'people.__proto__.x',
  'people[0].__proto__.x',
  'people[]',
  'people[',
  'people]',
  'people[0]]',
  'people[[0]]',
  'people[0][0][0][0]',
  'people.0.name',
  'people[0]name',
  '[0]',
  '[]',
  '.',
  '..',
  'a..b',
  '',
  '=',
  '&',
  ' ',
  '__intent__',
  'csrf',
  'intent',
  'returnUrl',
  'returnTo',
  'submissionKey',
  'website',
]

const identifier = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ_0123456789-'.split('')), minLength: 1, maxLength: 12 })

/** `a.b.c[3].d`, up to forty segments deep. */
const deepName = fc
  .array(
    fc.oneof(
      identifier.map((segment) => `.${segment}`),
      fc.nat({ max: 2000 }).map((index) => `[${index}]`),
    ),
    { minLength: 1, maxLength: 40 },
  )
  .chain((segments) => identifier.map((head) => head + segments.join('')))

const farName = fc
  .tuple(fc.constantFrom(...LIST_FIELDS), fc.oneof(fc.constantFrom(...FAR_INDEXES), fc.integer({ min: 10, max: 2_000_000 }).map(String)))
  .map(([field, index]) => field.replace('{i}', index))

const longName = fc
  .tuple(fc.integer({ min: 100, max: 70_000 }), fc.constantFrom('n', 'a.', '[0]', 'people[0].', 'ä'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length))

function nameArbitrary(target: FuzzTarget): fc.Arbitrary<Piece> {
  const known = target.names.length > 0 ? fc.constantFrom(...target.names) : identifier
  // A known name with its own index pushed far out: `people[0].name` -> `people[5000].name`.
  const knownFar = fc
    .tuple(known, fc.oneof(fc.constantFrom(...FAR_INDEXES), fc.integer({ min: 10, max: 2_000_000 }).map(String)))
    .map(([name, index]) => (/\[\d+\]/.test(name) ? name.replace(/\[\d+\]/, `[${index}]`) : `${name}[${index}]`))
  return fc.oneof(
    { arbitrary: known.map((text) => ({ text })), weight: 6 },
    { arbitrary: knownFar.map((text) => ({ text })), weight: 2 },
    { arbitrary: farName.map((text) => ({ text })), weight: 2 },
    { arbitrary: deepName.map((text) => ({ text })), weight: 2 },
    { arbitrary: fc.string({ maxLength: 30 }).map((text) => ({ text })), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map((text) => ({ text })), weight: 1 },
    { arbitrary: longName.map((text) => ({ text })), weight: 1 },
    { arbitrary: fc.constantFrom(...SPECIAL_NAMES).map((text) => ({ text })), weight: 1 },
    { arbitrary: badEncoding, weight: 1 },
  )
}

// ---------------------------------------------------------------------------------------
// Values

const TRICKY_VALUES = [
  '',
  ' ',
  '2026-02-31',
  '2026-13-01',
  '0000-00-00',
  '99999-01-01',
  '2026-2-3',
  '24:00',
  '23:60',
  '99:99',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '9007199254740993',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  'on',
  'yes',
  'no',
  'unknown',
  'children',
  'self',
  '0160',
  '9999',
  '/\t/example.org/x',
  '/\n/example.org/x',
  '//example.org',
  '/\\example.org',
  '\\\\example.org',
  '/%09/example.org',
  '/%2F/example.org',
  'https://example.org/',
  'javascript:alert(1)',
  '/personal',
  '/anmalan/kontrollera',
  '\r\nSet-Cookie: oro=1',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '${jndi:ldap://x}',
  '{{7*7}}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '19121212-1212',
  '191212121212',
  '{"type":"insert","payload":{"name":"people"}}',
  '{"type":"remove","payload":{"name":"people","index":5000}}',
  '{"type":"insert","payload":{"name":"people","index":99999}}',
  '{"type":"update","payload":{"name":"people[5000].name","value":"x"}}',
  '{"type":"reorder","payload":{"name":"pairs","from":0,"to":100000}}',
  '{"type":"validate","payload":{"name":"__proto__"}}',
]

const controlChars = fc.string({
  unit: fc.constantFrom('\0', '\r', '\n', '\t', '\x01', '\x08', '\x0b', '\x0c', '\x1b', '\x7f', '\x85', '\u2028', '\u2029', 'a', ' '),
  minLength: 1,
  maxLength: 20,
})

const BIDI = ['\u202E', '\u202D', '\u202A', '\u202B', '\u202C', '\u2066', '\u2067', '\u2068', '\u2069', '\u200F', '\u200E', '\u061C', '\uFEFF', '\u200B']
const rightToLeft = fc.tuple(fc.constantFrom(...BIDI), fc.string({ maxLength: 20 }), fc.constantFrom('', ...BIDI)).map(([open, text, close]) => `${open}${text}${close}`)

const EMOJI = ['👩‍👩‍👧‍👦', '🏳️‍🌈', '🇸🇪', '😀', '🧒🏽', 'e\u0301\u0301\u0301\u0301', 'Z̴̡̛̗̓̈́', '𝕏', 'ﷺ', '\u{10FFFF}', '\uFFFD']
const emoji = fc.array(fc.constantFrom(...EMOJI), { minLength: 1, maxLength: 30 }).map((parts) => parts.join(''))

/** Values far beyond a field's maximum; the body can then pass a limit too. */
const huge = fc
  .tuple(fc.constantFrom(1000, 5000, 19_999, 20_000, 20_001, 40_000, 65_536), fc.constantFrom('a', 'é', '😀', '\n', '%', ' ', '€\u202E'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)))

/** Percent-encoding and UTF-8 that do not decode: lone `%`, truncated and overlong sequences, surrogates, bytes above 0x7f unencoded. */
const BAD_ENCODINGS: Array<string | number[]> = [
  '%',
  '%2',
  '%zz',
  '%%',
  '%%%',
  'abc%',
  '%u202E',
  '%E2%82',
  '%E2%82%2',
  '%C0%AF',
  '%C0%80',
  '%80',
  '%BF',
  '%FF',
  '%FE%FF',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%F4%90%80%80',
  '%F8%88%80%80%80',
  '%00',
  '%0D%0A',
  '%E2%80%AE',
  [0xff],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0x00],
  [0x0d, 0x0a],
  [0x1b, 0x5b, 0x32, 0x4a],
  [0xe2, 0x80, 0xae],
]
const badEncoding: fc.Arbitrary<Piece> = fc.tuple(fc.constantFrom(...BAD_ENCODINGS), fc.constantFrom('', 'x', 'Anna '), fc.constantFrom('', 'y')).map(([bad, before, after]) => {
  const raw = Buffer.concat([Buffer.from(before), typeof bad === 'string' ? Buffer.from(bad, 'latin1') : Buffer.from(bad), Buffer.from(after)])
  return { text: raw.toString('latin1'), raw }
})

function valueArbitrary(target: FuzzTarget): fc.Arbitrary<Piece> {
  const known = target.values.length > 0 ? fc.constantFrom(...target.values) : fc.constantFrom(...TRICKY_VALUES)
  // A page's own value (a CSRF token, an intent, a code) with one character changed: as long as the real one, not the same bytes.
  const mutant = fc.tuple(known, fc.nat(), fc.constantFrom('ä', '\u202E', '\0', '%', 'Ω', '😀', '"')).map(([value, at, char]) => {
    if (value.length === 0) return char
    const index = at % value.length
    return value.slice(0, index) + char + value.slice(index + 1)
  })
  return fc.oneof(
    { arbitrary: known.map((text) => ({ text })), weight: 4 },
    { arbitrary: mutant.map((text) => ({ text })), weight: 1 },
    { arbitrary: fc.constantFrom(...TRICKY_VALUES).map((text) => ({ text })), weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }).map((text) => ({ text })), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((text) => ({ text })), weight: 1 },
    { arbitrary: controlChars.map((text) => ({ text })), weight: 2 },
    { arbitrary: rightToLeft.map((text) => ({ text })), weight: 1 },
    { arbitrary: emoji.map((text) => ({ text })), weight: 1 },
    { arbitrary: huge.map((text) => ({ text })), weight: 1 },
    { arbitrary: badEncoding, weight: 2 },
  )
}

// ---------------------------------------------------------------------------------------
// The fields of a case: a page's form with changes, or generated from nothing

type Change =
  | { op: 'set'; at: number; value: Piece }
  | { op: 'add'; at: number; name: Piece; value: Piece }
  | { op: 'remove'; at: number }
  | { op: 'far'; at: number; index: string }
  | { op: 'repeat'; at: number; times: number }

const encoding = fc.constantFrom<Encoding>('standard', 'standard', 'standard', 'standard', 'raw', 'lower')

function applyChanges(form: FormPairs, changes: Change[], encodingOf: Encoding): Field[] {
  const fields: Field[] = form.map(([name, value]) => ({ name: { text: name }, value: { text: value }, encoding: encodingOf }))
  for (const change of changes) {
    const at = fields.length === 0 ? 0 : change.at % fields.length
    const field = fields[at]
    switch (change.op) {
      case 'set':
        if (field) fields[at] = { ...field, value: change.value }
        break
      case 'add':
        fields.splice(change.at % (fields.length + 1), 0, { name: change.name, value: change.value, encoding: encodingOf })
        break
      case 'remove':
        fields.splice(at, 1)
        break
      case 'far':
        if (field && !field.name.raw) {
          const text = /\[\d+\]/.test(field.name.text) ? field.name.text.replace(/\[\d+\]/, `[${change.index}]`) : `${field.name.text}[${change.index}]`
          fields[at] = { ...field, name: { text } }
        }
        break
      case 'repeat':
        if (field) {
          // Many copies of a short field; a long one is repeated only up to about 300 KB.
          const size = (field.name.raw?.length ?? field.name.text.length) + (field.value.raw?.length ?? field.value.text.length) + 2
          const times = Math.min(change.times, Math.floor(300_000 / size))
          fields.splice(at, 0, ...Array.from({ length: times }, () => field))
        }
        break
    }
  }
  return fields
}

function fieldsArbitrary(target: FuzzTarget): fc.Arbitrary<Field[]> {
  const name = nameArbitrary(target)
  const value = valueArbitrary(target)
  const change: fc.Arbitrary<Change> = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value }), weight: 5 },
    { arbitrary: fc.record({ op: fc.constant('add' as const), at: fc.nat(), name, value }), weight: 4 },
    { arbitrary: fc.record({ op: fc.constant('remove' as const), at: fc.nat() }), weight: 1 },
    {
      arbitrary: fc.record({
        op: fc.constant('far' as const),
        at: fc.nat(),
        index: fc.oneof(fc.constantFrom(...FAR_INDEXES), fc.integer({ min: 10, max: 2_000_000 }).map(String)),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), times: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 100, max: 3000 })) }), weight: 1 },
  )
  const field = fc.record({ name, value, encoding })
  const fromForm =
    target.forms.length > 0
      ? fc.tuple(fc.constantFrom(...target.forms), fc.array(change, { maxLength: 6 }), encoding).map(([form, changes, encodingOf]) => applyChanges(form, changes, encodingOf))
      : fc.array(field, { maxLength: 10 })
  // Only the page's hidden fields (the CSRF token), then anything.
  const hidden = target.forms[0]?.filter(([fieldName]) => fieldName === 'csrf') ?? []
  const fromNothing = fc
    .array(field, { maxLength: 30 })
    .map((fields) => [...hidden.map(([n, v]) => ({ name: { text: n }, value: { text: v }, encoding: 'standard' as const })), ...fields])
  // Thousands of short fields: the count limit, and a parser's cost per field.
  const many = fc
    .tuple(fc.integer({ min: 200, max: 5000 }), fc.constantFrom('a', 'people[0].name', 'csrf', 'x[1]', '__proto__'))
    .map(([count, fieldName]) => Array.from({ length: count }, (_, index) => ({ name: { text: fieldName }, value: { text: String(index % 10) }, encoding: 'standard' as const })))
  return fc.oneof({ arbitrary: fromForm, weight: 6 }, { arbitrary: fromNothing, weight: 3 }, { arbitrary: many, weight: 1 })
}

// ---------------------------------------------------------------------------------------
// Bodies

// How each byte is written, as a browser writes it (space as `+`), in upper- and lower-case hex.
const ENCODED = [false, true].map((lower) =>
  Array.from({ length: 256 }, (_, byte) => {
    if (byte === 0x20) return '+'
    if (/[A-Za-z0-9\-_.*]/.test(String.fromCharCode(byte)) && byte < 0x80) return String.fromCharCode(byte)
    const hex = byte.toString(16).padStart(2, '0')
    return `%${lower ? hex : hex.toUpperCase()}`
  }),
)

function percentEncode(text: string, lower: boolean): Buffer {
  const table = ENCODED[lower ? 1 : 0]!
  const parts: string[] = []
  for (const byte of Buffer.from(text, 'utf8')) parts.push(table[byte]!)
  return Buffer.from(parts.join(''), 'latin1')
}

function encodePiece(piece: Piece, how: Encoding): Buffer {
  if (piece.raw) return piece.raw
  if (how === 'raw') return Buffer.from(piece.text, 'utf8')
  return percentEncode(piece.text, how === 'lower')
}

function urlEncoded(fields: Field[], separator: string): Buffer {
  const parts: Buffer[] = []
  fields.forEach((field, index) => {
    if (index > 0) parts.push(Buffer.from(separator, 'latin1'))
    parts.push(encodePiece(field.name, field.encoding), Buffer.from('='), encodePiece(field.value, field.encoding))
  })
  return Buffer.concat(parts)
}

const bytesOf = (piece: Piece) => piece.raw ?? Buffer.from(piece.text, 'utf8')

type MultipartShape = 'ok' | 'file' | 'no-boundary' | 'other-boundary' | 'truncated' | 'no-end' | 'no-blank-line' | 'no-disposition' | 'garbage' | 'long-boundary' | 'empty'

function multipart(fields: Field[], shape: MultipartShape, boundary: string, cut: number): { contentType: string; body: Buffer } {
  const used = shape === 'long-boundary' ? 'b'.repeat(200) : boundary
  const parts: Buffer[] = []
  for (const [index, field] of fields.entries()) {
    const name = bytesOf(field.name)
    let head = Buffer.concat([Buffer.from(`--${used}\r\nContent-Disposition: form-data; name="`), name, Buffer.from('"')])
    if (shape === 'file' && index === 0) head = Buffer.concat([head, Buffer.from('; filename="a.txt"\r\nContent-Type: application/octet-stream')])
    if (shape === 'no-disposition') head = Buffer.from(`--${used}\r\nContent-Type: text/plain`)
    parts.push(head, Buffer.from(shape === 'no-blank-line' ? '\r\n' : '\r\n\r\n'), bytesOf(field.value), Buffer.from('\r\n'))
  }
  if (shape !== 'no-end') parts.push(Buffer.from(`--${used}--\r\n`))
  let body = Buffer.concat(parts)
  if (shape === 'truncated') body = body.subarray(0, body.length === 0 ? 0 : cut % body.length)
  if (shape === 'garbage') body = Buffer.from(`this is not multipart\r\n--${boundary}\r\n\r\n`)
  if (shape === 'empty') body = Buffer.alloc(0)
  const contentType =
    shape === 'no-boundary' ? 'multipart/form-data' : shape === 'other-boundary' ? `multipart/form-data; boundary=${boundary}x` : `multipart/form-data; boundary=${used}`
  return { contentType, body }
}

type JsonShape = 'object' | 'nested' | 'array' | 'broken' | 'scalar' | 'deep'

function json(fields: Field[], shape: JsonShape): Buffer {
  const object = Object.fromEntries(fields.map((field) => [field.name.text, field.value.text]))
  switch (shape) {
    case 'object':
      return Buffer.from(JSON.stringify(object))
    case 'nested':
      return Buffer.from(JSON.stringify({ people: [object, { name: 'x' }], pairs: { 5000: object } }))
    case 'array':
      return Buffer.from(JSON.stringify(fields.map((field) => [field.name.text, field.value.text])))
    case 'broken':
      return Buffer.from(JSON.stringify(object).slice(0, -1) + ',"a":')
    case 'scalar':
      return Buffer.from('"x"')
    case 'deep':
      return Buffer.from('['.repeat(20_000) + ']'.repeat(20_000))
  }
}

const OTHER_TYPES = [
  'application/xml',
  'text/html',
  'application/octet-stream',
  'application/x-www-form-urlencoded-x',
  'x-www-form-urlencoded',
  'multipart/mixed; boundary=x',
  'application/json; charset=utf-8',
  '*/*',
  'application/x-www-form-urlencoded, text/plain',
  ';',
  'application',
  'text/plain; charset=utf-16',
  'application/x-www-form-urlencoded; charset=utf-16',
  'image/png',
]

const FORM_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded;charset=UTF-8',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'APPLICATION/X-WWW-FORM-URLENCODED',
  ' application/x-www-form-urlencoded ',
  'application/x-www-form-urlencoded; boundary=x',
  'application/x-www-form-urlencoded;;;',
]

const bodyShape = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant<BodyKind>('form'), weight: 12 },
    { arbitrary: fc.constant<BodyKind>('multipart'), weight: 2 },
    { arbitrary: fc.constant<BodyKind>('broken-multipart'), weight: 2 },
    { arbitrary: fc.constant<BodyKind>('json'), weight: 1 },
    { arbitrary: fc.constant<BodyKind>('text'), weight: 1 },
    { arbitrary: fc.constant<BodyKind>('none'), weight: 1 },
    { arbitrary: fc.constant<BodyKind>('other'), weight: 1 },
  ),
  formType: fc.constantFrom(...FORM_TYPES),
  otherType: fc.constantFrom(...OTHER_TYPES),
  separator: fc.constantFrom('&', '&', '&', '&', '&&', ';', '&\r\n'),
  brokenShape: fc.constantFrom<MultipartShape>('no-boundary', 'other-boundary', 'truncated', 'no-end', 'no-blank-line', 'no-disposition', 'garbage', 'long-boundary', 'empty'),
  okShape: fc.constantFrom<MultipartShape>('ok', 'ok', 'file'),
  boundary: fc.string({ unit: fc.constantFrom(...'abcdef0123456789-'.split('')), minLength: 8, maxLength: 40 }).map((text) => `fuzz${text}`),
  cut: fc.nat(),
  jsonShape: fc.constantFrom<JsonShape>('object', 'object', 'nested', 'array', 'broken', 'scalar', 'deep'),
})

/** Where a case posts: the page itself mostly; its single-fetch `.data` twin; with a generated `returnUrl` in the query. */
function urlArbitrary(target: FuzzTarget): fc.Arbitrary<string> {
  const value = valueArbitrary(target)
  return fc.oneof(
    { arbitrary: fc.constant(target.path), weight: 14 },
    { arbitrary: fc.constant(`${target.path}.data`), weight: 2 },
    // Kept under Node's 16 KiB of headers: a longer request line is Node's own 431, not the app's.
    { arbitrary: value.map((piece) => `${target.path}?returnUrl=${percentEncode(piece.text.slice(0, 1000), false).toString('latin1')}`), weight: 2 },
    {
      arbitrary: fc.constantFrom('?returnUrl=%', '?returnUrl=%ZZ', '?returnUrl=%E2%82', '?returnUrl=%0d%0a', '?a=1&a=2&a[9999]=3', '?index').map((query) => target.path + query),
      weight: 1,
    },
  )
}

function summarize(kind: BodyKind, contentType: string | null, fields: Field[], body: Buffer): string {
  const names = fields
    .slice(0, 6)
    .map((field) => {
      const text = JSON.stringify(field.name.text)
      return text.length > 40 ? `${text.slice(0, 37)}..."` : text
    })
    .join(', ')
  return `${kind} (${contentType === null ? 'no content type' : JSON.stringify(contentType.slice(0, 60))}), ${body.length} bytes, ${fields.length} fields: ${names}${fields.length > 6 ? ', ...' : ''}`
}

/** One generated request to one of the targets. */
export function fuzzCaseArbitrary(targets: readonly FuzzTarget[]): fc.Arbitrary<FuzzCase> {
  if (targets.length === 0) throw new Error('no targets to fuzz')
  const perTarget = targets.map((target, index) =>
    fc.tuple(urlArbitrary(target), fieldsArbitrary(target), bodyShape).map(([url, fields, shape]): FuzzCase => {
      let contentType: string | null
      let body: Buffer
      switch (shape.kind) {
        case 'form':
          contentType = shape.formType
          body = urlEncoded(fields, shape.separator)
          break
        case 'none':
          contentType = null
          body = urlEncoded(fields, '&')
          break
        case 'other':
          contentType = shape.otherType
          body = urlEncoded(fields, shape.separator)
          break
        case 'multipart':
        case 'broken-multipart':
          ;({ contentType, body } = multipart(fields, shape.kind === 'multipart' ? shape.okShape : shape.brokenShape, shape.boundary, shape.cut))
          break
        case 'json':
          contentType = 'application/json'
          body = json(fields, shape.jsonShape)
          break
        case 'text':
          contentType = 'text/plain'
          body = Buffer.concat(fields.flatMap((field) => [bytesOf(field.name), Buffer.from('='), bytesOf(field.value), Buffer.from('\r\n')]))
          break
      }
      return { target: index, url, kind: shape.kind, contentType, body, summary: summarize(shape.kind, contentType, fields, body) }
    }),
  )
  return fc.nat({ max: targets.length - 1 }).chain((index) => perTarget[index]!)
}

/** The cases of a run, the same for the same seed and targets. */
export function generateCases(targets: readonly FuzzTarget[], options: { seed: number; count: number }): FuzzCase[] {
  return fc.sample(fuzzCaseArbitrary(targets), { seed: options.seed, numRuns: options.count })
}

// ---------------------------------------------------------------------------------------
// Sending

export interface Outcome {
  case: number
  target: number
  /** The HTTP status, or what went wrong on the connection ('timeout', 'ECONNRESET', ...). */
  status: number | string
  ms: number
  /** When the request started, in milliseconds since the epoch (performance.timeOrigin + now): to line it up with /healthz samples. */
  at: number
  /** The response's Retry-After, when it has one. */
  retryAfter?: string
}

/** A plain HTTP request with the body as given, timed from the first byte sent to the last byte of the answer. */
export function send(
  agent: http.Agent,
  baseURL: string,
  request: { method?: string; url: string; headers: Record<string, string>; body?: Buffer },
  timeoutMs = 10_000,
): Promise<{ status: number | string; ms: number; at: number; retryAfter?: string; body: Buffer; headers: http.IncomingHttpHeaders }> {
  const { hostname, port } = new URL(baseURL)
  return new Promise((resolve) => {
    const started = performance.now()
    const at = performance.timeOrigin + started
    const headers: Record<string, string | number> = { ...request.headers }
    if (request.body) headers['content-length'] = request.body.length
    const req = http.request({ agent, hostname, port, method: request.method ?? 'POST', path: request.url, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const retryAfter = res.headers['retry-after']
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, at, ...(retryAfter ? { retryAfter } : {}), body: Buffer.concat(chunks), headers: res.headers })
      })
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? error.message, ms: performance.now() - started, at, body: Buffer.alloc(0), headers: {} }))
    })
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })))
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? error.message, ms: performance.now() - started, at, body: Buffer.alloc(0), headers: {} }))
    req.end(request.body)
  })
}

/**
 * Sends every case, `concurrency` at a time, in order. `headersFor` gives a case's cookie
 * and client address; it is awaited before the clock starts.
 */
export async function runCases(options: {
  baseURL: string
  cases: readonly FuzzCase[]
  concurrency: number
  headersFor: (fuzzCase: FuzzCase, index: number) => Record<string, string> | Promise<Record<string, string>>
  onOutcome?: (outcome: Outcome, fuzzCase: FuzzCase) => void
}): Promise<Outcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency })
  const outcomes: Outcome[] = new Array(options.cases.length)
  let next = 0
  const lane = async () => {
    for (;;) {
      const index = next++
      const fuzzCase = options.cases[index]
      if (!fuzzCase) return
      const headers = { ...(await options.headersFor(fuzzCase, index)) }
      if (fuzzCase.contentType !== null) headers['content-type'] = fuzzCase.contentType
      const answer = await send(agent, options.baseURL, { url: fuzzCase.url, headers, body: fuzzCase.body })
      const outcome: Outcome = {
        case: index,
        target: fuzzCase.target,
        status: answer.status,
        ms: answer.ms,
        at: answer.at,
        ...(answer.retryAfter ? { retryAfter: answer.retryAfter } : {}),
      }
      outcomes[index] = outcome
      options.onOutcome?.(outcome, fuzzCase)
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane))
  } finally {
    agent.destroy()
  }
  return outcomes
}

// ---------------------------------------------------------------------------------------
// /healthz beside the load

// A thread of its own, so a busy test process (building bodies, reading answers) does not
// delay the samples: what it measures is the server.
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads')
const http = require('node:http')
const { performance } = require('node:perf_hooks')
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
const samples = []
let running = true
parentPort.on('message', () => { running = false })
function once() {
  return new Promise((resolve) => {
    const started = performance.now()
    const at = performance.timeOrigin + started
    const req = http.get(workerData.url, { agent }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started, at }))
    })
    req.setTimeout(10000, () => req.destroy(new Error('timeout')))
    req.on('error', (error) => resolve({ status: error.code || error.message, ms: performance.now() - started, at }))
  })
}
;(async () => {
  while (running) {
    samples.push(await once())
    await new Promise((resolve) => setTimeout(resolve, workerData.intervalMs))
  }
  agent.destroy()
  parentPort.postMessage(samples)
})()
`

export interface HealthSample {
  status: number | string
  ms: number
  /** Milliseconds since the epoch when the sample started. */
  at: number
}

/** The cases in flight during a slow /healthz sample: what to suspect. */
export function casesDuring(sample: HealthSample, outcomes: readonly Outcome[]): Outcome[] {
  return outcomes.filter((outcome) => outcome && outcome.at <= sample.at + sample.ms && outcome.at + outcome.ms >= sample.at)
}

/** Samples `GET /healthz` every `intervalMs` (one request at a time) until stopped. */
export function startHealthSampler(baseURL: string, intervalMs = 50): { stop: () => Promise<HealthSample[]> } {
  const worker = new Worker(SAMPLER, { eval: true, workerData: { url: `${baseURL}/healthz`, intervalMs } })
  const result = new Promise<HealthSample[]>((resolve, reject) => {
    worker.once('message', (samples: HealthSample[]) => resolve(samples))
    worker.once('error', reject)
  })
  return {
    stop: async () => {
      worker.postMessage('stop')
      const samples = await result
      await worker.terminate()
      return samples
    },
  }
}

// ---------------------------------------------------------------------------------------
// Reading the outcomes

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export function statusHistogram(outcomes: readonly Pick<Outcome, 'status'>[]): Record<string, number> {
  const histogram: Record<string, number> = {}
  for (const { status } of outcomes) histogram[String(status)] = (histogram[String(status)] ?? 0) + 1
  return Object.fromEntries(Object.entries(histogram).sort(([a], [b]) => a.localeCompare(b)))
}

/** A status that is a failure of the service: a 5xx, or no answer at all. */
export const failed = (status: number | string) => typeof status !== 'number' || status >= 500

function describeOutcome(outcome: Outcome, fuzzCase: FuzzCase, targets: readonly FuzzTarget[]): string {
  const target = targets[outcome.target]!
  const status = typeof outcome.status === 'number' ? `status ${outcome.status}` : `no answer (${outcome.status})`
  const where = fuzzCase.url === target.path ? '' : `as ${fuzzCase.url.slice(0, 100)} `
  return `${target.label} ${where}-> ${status} in ${outcome.ms.toFixed(0)} ms: ${fuzzCase.summary} [case ${outcome.case}]`
}

/**
 * What went wrong in a run, one entry per kind of failure (a status, or an answer slower than
 * `responseLimitMs`) with the routes it hit and its first examples, and one per /healthz
 * sample that was not a 200 within `healthLimitMs`, with the cases in flight meanwhile.
 */
export function problemsOf(
  run: { outcomes: readonly Outcome[]; cases: readonly FuzzCase[]; health: readonly HealthSample[]; targets: readonly FuzzTarget[] },
  limits: { responseLimitMs: number; healthLimitMs: number },
): string[] {
  const { outcomes, cases, health, targets } = run
  const problems: string[] = []
  const groups = new Map<string, Outcome[]>()
  for (const outcome of outcomes) {
    const key = failed(outcome.status)
      ? `status ${outcome.status}`
      : outcome.ms > limits.responseLimitMs
        ? `answered (${outcome.status}) after more than ${limits.responseLimitMs} ms`
        : null
    if (key) groups.set(key, [...(groups.get(key) ?? []), outcome])
  }
  for (const [key, group] of groups) {
    const routes = statusHistogram(group.map((outcome) => ({ status: targets[outcome.target]!.label })))
    const examples = group.slice(0, 3).map((outcome) => `\n    e.g. ${describeOutcome(outcome, cases[outcome.case]!, targets)}`)
    problems.push(`${group.length} x ${key}, on ${JSON.stringify(routes)}${examples.join('')}`)
  }
  for (const sample of health.filter((sample) => sample.status !== 200 || sample.ms >= limits.healthLimitMs)) {
    const during = casesDuring(sample, outcomes).map((outcome) => `\n    during: ${describeOutcome(outcome, cases[outcome.case]!, targets)}`)
    problems.push(`/healthz ${sample.status} in ${sample.ms.toFixed(0)} ms${during.join('')}`)
  }
  return problems
}
