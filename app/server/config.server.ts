import path from 'node:path'
import { z } from 'zod'

const DEMO_SESSION_SECRET = 'demo-session-secret-not-for-production'

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((value) => value === 'true' || value === '1')

/**
 * Every setting of the service, read once from the environment at start-up. A missing or
 * bad value stops the process with a message that names it.
 */
const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    BASE_URL: z.string().url().optional(),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('.data'),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEMO_SESSION_SECRET),
    SMTP_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    FORM_MIN_FILL_SECONDS: z.coerce.number().min(0).max(600).default(10),
    SEED_DEMO_DATA: booleanFlag,
    TRUST_PROXY: booleanFlag,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return
    const required = ['DATABASE_URL', 'BASE_URL'] as const
    for (const key of required) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' })
    }
    if (env.SESSION_SECRET === DEMO_SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production (the demo secret is refused)' })
    }
  })

export type Config = Omit<z.output<typeof ConfigSchema>, 'BASE_URL' | 'DATA_DIR'> & { BASE_URL: string; DATA_DIR: string }

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set" (`DATABASE_URL= npm start`), so its default applies.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
  const result = ConfigSchema.safeParse(set)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`)
  }
  const config = result.data
  return {
    ...config,
    BASE_URL: config.BASE_URL ?? `http://localhost:${config.PORT}`,
    DATA_DIR: path.resolve(config.DATA_DIR),
  }
}

export function isProduction(config: Pick<Config, 'NODE_ENV'>): boolean {
  return config.NODE_ENV === 'production'
}
