import { format } from 'node:util'
import pino, { type DestinationStream } from 'pino'

/**
 * JSON logs. Nothing of a report, a draft or a request body is ever logged, nor any
 * client address: a request line is its method, route path, status and time. An error is
 * its type, code, a scrubbed message and the stack's frames (`describeError`), never the
 * properties a library hung on it (a PostgreSQL error's `detail` quotes the row).
 */
export function createLogger(level: string, destination?: DestinationStream) {
  const options = {
    level,
    base: undefined,
    redact: { paths: ['*.password', '*.cookie', '*.authorization', '*.email', '*.name'], censor: '[redacted]' },
    serializers: { err: describeError },
  }
  return destination ? pino(options, destination) : pino(options)
}
export type Logger = ReturnType<typeof createLogger>

// The invitation page and anything under it (`/<token>`, `/<token>/`, `/<token>.data`), however
// its separators are written: a browser turns a backslash into a slash, and the token opens an account.
const INVITATION = /^(.*?[/\\]personal(?:[/\\]|%2f|%5c)+inbjudan)(?:[/\\]|%2f|%5c|\.)/i

/** The path as a request line logs it: no query string, and an invitation's token never reaches a log. */
export function loggablePath(path: string): string {
  const bare = path.replace(/[?#][\s\S]*$/, '')
  const invitation = INVITATION.exec(bare)
  return invitation ? `${invitation[1]}/[token]` : bare
}

const ABSOLUTE_URL = /\b(https?:\/\/[^/\s"'`<>]+)(\/[^\s"'`<>]*)?/gi
// A path in a message: a slash not inside a word, up to whitespace or a quote.
const PATH = /(^|[\s"'`(=:])(\/[^\s"'`<>]*)/g
const QUOTED = /"([^"\n]*)"|'([^'\n]*)'/g
const EMAIL = /[^\s@"'`<>(),;:/\\]+@[a-z0-9.-]+\.[a-z]{2,}/gi
// A personnummer or samordningsnummer in any of its written forms.
const IDENTITY_NUMBER = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/g
const MESSAGE_CHARS = 2000

/**
 * What a message may carry into a log: paths without their query string and with an
 * invitation's token redacted (as the request line has them); no quoted value (a library
 * quotes what it was given: `invalid input syntax for type uuid: "…"`, a JSON parser the
 * text), no e-mail address and no identity number. Whatever the message came from.
 */
export function redactText(text: string): string {
  return text
    .slice(0, MESSAGE_CHARS)
    .replace(QUOTED, (whole, double: string | undefined, single: string | undefined) => {
      const value = double ?? single ?? ''
      const quote = whole[0]
      // A quoted path or URL keeps its path, as the request line has it; the query may hold spaces, so it goes here.
      if (value.startsWith('/')) return `${quote}${loggablePath(value)}${quote}`
      const url = /^(https?:\/\/[^/\s]+)(\/.*)?$/i.exec(value)
      return url ? `${quote}${url[1]}${url[2] ? loggablePath(url[2]) : ''}${quote}` : `${quote}[redacted]${quote}`
    })
    .replace(ABSOLUTE_URL, (_url, origin: string, path: string | undefined) => `${origin}${path ? loggablePath(path) : ''}`)
    .replace(PATH, (_whole, before: string, path: string) => `${before}${loggablePath(path)}`)
    .replace(EMAIL, '[email]')
    .replace(IDENTITY_NUMBER, '[number]')
}

export interface DescribedError {
  type: string
  message: string
  code?: string
  status?: number
  stack?: string
  cause?: DescribedError
}

/** An error as a log may hold it: what kind, where, and a scrubbed message. */
export function describeError(error: unknown, depth = 0): DescribedError {
  if (!(error instanceof Error)) {
    if (error && typeof error === 'object' && 'status' in error && typeof error.status === 'number') {
      // A route error response (404, 405): its status, and the Error inside it if Remix made one.
      const inner = 'error' in error && error.error instanceof Error ? describeError(error.error, depth + 1) : null
      return { type: 'ErrorResponse', status: error.status, message: inner?.message ?? '', ...(inner?.stack ? { stack: inner.stack } : {}) }
    }
    return { type: typeof error, message: redactText(String(error)) }
  }
  const code = 'code' in error && (typeof error.code === 'string' || typeof error.code === 'number') ? String(error.code) : undefined
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => redactText(line))
    .join('\n')
  return {
    type: error.name,
    message: redactText(error.message),
    ...(code ? { code } : {}),
    ...(frames ? { stack: frames } : {}),
    ...(error.cause !== undefined && depth < 3 ? { cause: describeError(error.cause, depth + 1) } : {}),
  }
}

/**
 * The same error with its message scrubbed and its stack reduced to frames: what may be
 * handed to `console.error` by code that has no logger (Remix's entry module).
 */
export function safeError(error: unknown): Error {
  const described = describeError(error)
  const safe = new Error(described.message)
  safe.name = described.type
  safe.stack = `${described.type}: ${described.message}${described.stack ? `\n${described.stack}` : ''}`
  return safe
}

const CONSOLE_LEVELS = { error: 'error', warn: 'warn', info: 'info', debug: 'debug', trace: 'trace' } as const

/**
 * Remix, React Router and React print to the console (`No routes matched location "/x?q=…"`
 * with the query string, an error's message with what the visitor typed) and give no hook
 * for it but `handleError`. In the server process the console's error, warn, info, debug and
 * trace go through the logger instead, scrubbed as every log line is. `console.log` is left
 * to the start-up banner.
 */
export function routeConsoleToLogger(logger: Logger): void {
  for (const [method, level] of Object.entries(CONSOLE_LEVELS) as Array<[keyof typeof CONSOLE_LEVELS, (typeof CONSOLE_LEVELS)[keyof typeof CONSOLE_LEVELS]]>) {
    const routed = (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error)
      const text = redactText(format(...args.map((arg) => (arg instanceof Error ? `${arg.name}:` : arg))))
      logger[level]({ source: 'console', ...(error ? { err: error } : {}) }, text)
    }
    console[method] = routed
  }
}
