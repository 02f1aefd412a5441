import { describe, expect, it } from 'vitest'
import { FORM_LIMITS, FormBodyError, parseFormBody, readForm } from '~/server/form-body.server'

const refusal = (body: string) => {
  try {
    parseFormBody(body)
    return 'accepted'
  } catch (error) {
    return error instanceof FormBodyError ? error.refusal : 'threw'
  }
}

const post = (body: BodyInit | null, contentType: string | null = 'application/x-www-form-urlencoded') =>
  new Request('http://localhost/anmalan/personer', {
    method: 'POST',
    body,
    headers: contentType ? { 'Content-Type': contentType } : {},
  })

async function statusOf(request: Request): Promise<number | 'accepted'> {
  try {
    await readForm(request)
    return 'accepted'
  } catch (thrown) {
    return (thrown as { init?: { status?: number } }).init?.status ?? -1
  }
}

describe('the form body reader', () => {
  it('reads what a browser posts: repeated names, lists, plus signs, UTF-8, line breaks in free text', () => {
    const form = parseFormBody('categories=neglect&categories=violence&people%5B0%5D.name=Liv+%C3%85sa&description=Rad+1%0D%0ARad%092')
    expect(form.getAll('categories')).toEqual(['neglect', 'violence'])
    expect(form.get('people[0].name')).toBe('Liv Åsa')
    expect(form.get('description')).toBe('Rad 1\r\nRad\t2')
  })

  it('keeps right-to-left marks and emoji: they are text, shown safely where staff read it', () => {
    expect(parseFormBody(`description=${encodeURIComponent('\u202Eabc 😀')}`).get('description')).toBe('\u202Eabc 😀')
  })

  it.each([
    ['an index beyond the most people a report holds', 'people[10].name=x', 'bad-request'],
    ['a far index', 'people[5000].name=x', 'bad-request'],
    ['an index with leading zeros', 'people[007].name=x', 'bad-request'],
    ['an index in a list no form has', 'children[0].name=x', 'bad-request'],
    ['an index under the wrong list', 'pairs[0].people[3].name=x', 'bad-request'],
    ['a NUL in a value', 'organisationName=Skola%00', 'bad-request'],
    ['an escape character', 'name=%1B%5B31m', 'bad-request'],
    ['bad percent-encoding', 'name=%E0%A4%A', 'bad-request'],
    ['bytes that are not UTF-8', 'name=%FF%FE', 'bad-request'],
    ['a name with odd characters', 'na%20me=x', 'bad-request'],
    ['an empty name', '=x', 'bad-request'],
    ['a very long name', `${'a'.repeat(FORM_LIMITS.maxNameLength + 1)}=x`, 'bad-request'],
    ['a value longer than any field takes', `description=${'a'.repeat(FORM_LIMITS.maxValueLength + 1)}`, 'too-large'],
    ['too many fields', Array.from({ length: FORM_LIMITS.maxFields + 1 }, (_, index) => `f${index}=1`).join('&'), 'too-large'],
  ])('refuses %s', (_what, body, expected) => {
    expect(refusal(body)).toBe(expected)
  })

  it.each([
    ['add another child', '{"type":"insert","payload":{"name":"people"}}'],
    ['remove the second child', '{"type":"remove","payload":{"name":"people","index":1}}'],
    ['check one field', '{"type":"validate","payload":{"name":"people[0].name"}}'],
  ])('takes the intent of a button our forms have: %s', (_what, intent) => {
    expect(refusal(`__intent__=${encodeURIComponent(intent)}`)).toBe('accepted')
  })

  it.each([
    ['not JSON', 'x'],
    ['an unknown type', '{"type":"nope","payload":{}}'],
    ['no payload', '{"type":"insert"}'],
    ['an update of any path (a far index again)', '{"type":"update","payload":{"name":"people[999999].name","value":"x"}}'],
    ['a reset', '{"type":"reset","payload":{"name":"people"}}'],
    ['a reorder', '{"type":"reorder","payload":{"name":"people","from":0,"to":99999}}'],
    ['a remove beyond the list', '{"type":"remove","payload":{"name":"people","index":5000}}'],
    ['an insert into a list no form has', '{"type":"insert","payload":{"name":"children"}}'],
    ['an insert with a value of its own', '{"type":"insert","payload":{"name":"people","defaultValue":{"name":"x"}}}'],
  ])('refuses an intent that is %s', (_what, intent) => {
    expect(refusal(`__intent__=${encodeURIComponent(intent)}`)).toBe('bad-request')
  })

  it('reads a body of line breaks, dropping only those at the very end', () => {
    const form = parseFormBody(`a=${'%0A'.repeat(20_000)}&b=1`)
    expect(form.get('a')).toHaveLength(20_000)
    expect(form.get('b')).toBe('1')
  })

  it('takes the highest index a form may post', () => {
    expect(refusal('people[9].name=x')).toBe('accepted')
    expect(refusal('pairs[53].primaryName=x&closures[101].date=2027-01-01')).toBe('accepted')
  })

  it.each([
    ['JSON', '{"municipality":"0160"}', 'application/json', 415],
    ['plain text', 'municipality=0160', 'text/plain', 415],
    ['multipart', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', 'multipart/form-data; boundary=x', 415],
    ['no content type', 'municipality=0160', null, 415],
    ['raw bytes outside ASCII', new Uint8Array([0x61, 0x3d, 0xc3, 0xa5]), 'application/x-www-form-urlencoded', 400],
    ['a body larger than the limit', `description=${'a'.repeat(FORM_LIMITS.maxBytes)}`, 'application/x-www-form-urlencoded', 413],
  ])('answers %s with the friendly error page and its status', async (_what, body, contentType, status) => {
    expect(await statusOf(post(body, contentType))).toBe(status)
  })

  it('drops line breaks that end a raw body, however many', async () => {
    const form = await readForm(post(`municipality=0160${'\n'.repeat(60_000)}`))
    expect(form.get('municipality')).toBe('0160')
  })

  it('reads a form with a charset in its content type', async () => {
    const form = await readForm(post('municipality=0160', 'application/x-www-form-urlencoded;charset=UTF-8'))
    expect(form.get('municipality')).toBe('0160')
  })

  it('stops reading a body that streams past the limit without a declared length', async () => {
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024
        controller.enqueue(new TextEncoder().encode('a'.repeat(16 * 1024)))
        if (sent > 10 * FORM_LIMITS.maxBytes) controller.close()
      },
    })
    const request = new Request('http://localhost/x', {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    } as RequestInit)
    expect(await statusOf(request)).toBe(413)
    expect(sent).toBeLessThan(2 * FORM_LIMITS.maxBytes)
  })
})
