import pino from 'pino'

/**
 * JSON logs. Nothing of a report, a draft or a request body is ever logged, nor any
 * client address: a request line is its method, route path, status and time.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['*.password', '*.cookie', '*.authorization', '*.email', '*.name'], censor: '[redacted]' },
  })
}
export type Logger = ReturnType<typeof createLogger>

/** A path whose last part is a secret: the invitation link's token opens an account. */
const SECRET_PATHS = [/^(\/personal\/inbjudan\/)[^/]+$/]

/** The path as a request line logs it: an invitation's token never reaches a log. */
export function loggablePath(path: string): string {
  for (const secret of SECRET_PATHS) if (secret.test(path)) return path.replace(secret, '$1[token]')
  return path
}
