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
