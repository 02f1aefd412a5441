import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, describeError, loggablePath, redactText, routeConsoleToLogger, safeError } from '~/server/logger.server'

const TOKEN = 'M1MYKJZ4bDsnt8duBxipi-30JltBms0-D_SNpgO-43U'

describe('a request line', () => {
  it("never carries an invitation's token, with or without Remix's .data suffix", () => {
    expect(loggablePath(`/personal/inbjudan/${TOKEN}`)).toBe('/personal/inbjudan/[token]')
    expect(loggablePath(`/personal/inbjudan/${TOKEN}.data`)).toBe('/personal/inbjudan/[token]')
    expect(loggablePath('/personal/anmalan/8a0c3a4e-6a1f-4a43-9f0e-1f3c2b7d9e10')).toBe('/personal/anmalan/8a0c3a4e-6a1f-4a43-9f0e-1f3c2b7d9e10')
    expect(loggablePath('/anmalan/kommun')).toBe('/anmalan/kommun')
  })

  it.each([
    [`/personal/inbjudan/${TOKEN}/`, '/personal/inbjudan/[token]'],
    [`/personal/inbjudan/${TOKEN}/x/y`, '/personal/inbjudan/[token]'],
    [`/personal/inbjudan/${TOKEN}?a=b`, '/personal/inbjudan/[token]'],
    [`/personal/inbjudan.data/${TOKEN}`, '/personal/inbjudan/[token]'],
    [`/PERSONAL/Inbjudan/${TOKEN}`, '/PERSONAL/Inbjudan/[token]'],
    [`//personal//inbjudan//${TOKEN}`, '//personal//inbjudan/[token]'],
    [`/personal%2Finbjudan%2F${TOKEN}`, '/personal%2Finbjudan/[token]'],
    [`/personal\\inbjudan\\${TOKEN}`, '/personal\\inbjudan/[token]'],
  ])('redacts whatever follows the invitation page: %s', (path, logged) => {
    expect(loggablePath(path)).toBe(logged)
    expect(loggablePath(path)).not.toContain(TOKEN)
  })

  it('drops a query string and a fragment', () => {
    expect(loggablePath('/x?q=Ella+Svensson')).toBe('/x')
    expect(loggablePath('/anmalan/personer#people[0].name')).toBe('/anmalan/personer')
    expect(loggablePath('/personal/inbjudan')).toBe('/personal/inbjudan')
  })
})

describe('a message on its way to the log', () => {
  it.each([
    ['No routes matched location "/x?q=Ella Svensson" ', 'No routes matched location "/x" '],
    ['No route matches URL "/personal/inbjudan/abc-def/"', 'No route matches URL "/personal/inbjudan/[token]"'],
    ['fetch http://localhost:3000/anmalan/oro?returnUrl=/x&secret=1 failed', 'fetch http://localhost:3000/anmalan/oro failed'],
    ['invalid input syntax for type uuid: "198001011234"', 'invalid input syntax for type uuid: "[redacted]"'],
    [`Unexpected token 'E', "Ella Svens"... is not valid JSON`, `Unexpected token '[redacted]', "[redacted]"... is not valid JSON`],
    ['no mailbox for karin@skola.example here', 'no mailbox for [email] here'],
    ['person 20150412-1235 and 201504121235 and 150412-1235', 'person [number] and [number] and [number]'],
  ])('%s', (message, logged) => {
    expect(redactText(message)).toBe(logged)
  })

  it('keeps what locates a fault: stack frames, package paths, line numbers', () => {
    const frame = '    at handler (/work/main/node_modules/@remix-run/server-runtime/dist/server.js:123:45)'
    expect(redactText(frame)).toBe(frame)
  })

  it('describes an error by its type, code, scrubbed message and frames, and drops what a library hung on it', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "staff_users_email_key"'), {
      code: '23505',
      detail: 'Key (email)=(karin@skola.example) already exists.',
      cause: new Error('for karin@skola.example'),
    })
    const described = describeError(error)
    expect(described).toMatchObject({ type: 'Error', code: '23505', message: 'duplicate key value violates unique constraint "[redacted]"', cause: { message: 'for [email]' } })
    expect(described.stack).toMatch(/^\s+at /)
    expect(JSON.stringify(described)).not.toContain('karin')
    expect(safeError(error).stack!.split('\n')[0]).toBe('Error: duplicate key value violates unique constraint "[redacted]"')
    expect(describeError('text with karin@skola.example')).toEqual({ type: 'string', message: 'text with [email]' })
  })
})

describe("Remix's and React's console output in the server process", () => {
  const original = { error: console.error, warn: console.warn, info: console.info, debug: console.debug, trace: console.trace }
  let lines: Array<Record<string, unknown>>

  beforeEach(() => {
    lines = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>)
        done()
      },
    })
    routeConsoleToLogger(createLogger('debug', sink))
  })
  afterEach(() => Object.assign(console, original))

  const flushed = () => new Promise((resolve) => setImmediate(resolve))

  it('goes through the logger as JSON, at its level, scrubbed as the request line is', async () => {
    console.warn('No routes matched location "/x?q=Ella Svensson" ')
    console.error('%s failed for %s', `/personal/inbjudan/${TOKEN}/`, 'karin@skola.example')
    console.info({ name: 'Ella Svensson', personalIdentityNumber: '20150412-1235' })
    await flushed()
    expect(lines).toMatchObject([
      { level: 40, source: 'console', msg: 'No routes matched location "/x" ' },
      { level: 50, source: 'console', msg: '/personal/inbjudan/[token] failed for [email]' },
      { level: 30, source: 'console' },
    ])
    const everything = JSON.stringify(lines)
    for (const secret of ['Ella', 'Svensson', TOKEN, 'karin', '20150412']) expect(everything).not.toContain(secret)
  })

  it('logs an error given to the console by its description, never its properties', async () => {
    console.error(Object.assign(new Error('bad "Ella Svensson"'), { detail: 'Key (name)=(Ella Svensson)' }))
    await flushed()
    expect(lines[0]).toMatchObject({ level: 50, source: 'console', err: { type: 'Error', message: 'bad "[redacted]"' } })
    expect(JSON.stringify(lines)).not.toContain('Ella')
  })

  it("scrubs the logger's own error field too", async () => {
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }))
    logger.error({ err: Object.assign(new Error('for karin@skola.example'), { detail: 'Ella' }) }, 'draft sweep failed')
    await flushed()
    expect(lines[0]).toMatchObject({ msg: 'draft sweep failed', err: { type: 'Error', message: 'for [email]' } })
    expect(JSON.stringify(lines)).not.toMatch(/karin|Ella/)
  })
})
