import path from 'node:path'
import { z } from 'zod'

const DEMO_SESSION_SECRET = 'demo-session-secret-not-for-production'
// 32 bytes each, readable as what they are: demo keys, refused in production.
const DEMO_ENCRYPTION_KEY = Buffer.from('demo-encryption-key-not-for-prod')
const DEMO_BLIND_INDEX_KEY = Buffer.from('demo-blind-index-key-not-for-use')

const KEY_BYTES = 32
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/

interface EncryptionKey {
  id: string
  key: Buffer
}

/** A 32-byte key written in base64 (standard or URL-safe), as `openssl rand -base64 32` prints it. */
function decodeKey(value: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null
  const key = Buffer.from(value, 'base64')
  return key.length === KEY_BYTES ? key : null
}

const encryptionKeys = z
  .string()
  .default(`demo:${DEMO_ENCRYPTION_KEY.toString('base64')}`)
  .transform((value, ctx): EncryptionKey[] => {
    const keys: EncryptionKey[] = []
    const entries = value.split(',').map((part) => part.trim()).filter(Boolean)
    if (entries.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one keyId:base64key' })
    for (const entry of entries) {
      const separator = entry.indexOf(':')
      const id = entry.slice(0, Math.max(separator, 0))
      const key = decodeKey(entry.slice(separator + 1))
      // Never echo the entry itself: it holds the key.
      if (!KEY_ID.test(id)) ctx.addIssue({ code: 'custom', message: 'each entry must be keyId:base64key, the key id 1-32 letters, digits, _ or -' })
      else if (!key) ctx.addIssue({ code: 'custom', message: `key "${id}" must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)` })
      else if (keys.some((known) => known.id === id)) ctx.addIssue({ code: 'custom', message: `key id "${id}" is listed twice` })
      else keys.push({ id, key })
    }
    return keys
  })

const blindIndexKey = z
  .string()
  .default(DEMO_BLIND_INDEX_KEY.toString('base64'))
  .transform((value, ctx) => {
    const key = decodeKey(value)
    if (!key) ctx.addIssue({ code: 'custom', message: `must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)` })
    return key ?? Buffer.alloc(0)
  })

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
    /** Where e-mail goes: smtp://user:pass@host:587 or smtps://… Unset outside production: an in-process catcher. */
    SMTP_URL: z.string().url().optional(),
    /** The From of every e-mail, e.g. `Orosanmälan <no-reply@kommun.se>`. */
    MAIL_FROM: z.string().min(3).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    FORM_MIN_FILL_SECONDS: z.coerce.number().min(0).max(600).default(10),
    SEED_DEMO_DATA: booleanFlag,
    TRUST_PROXY: booleanFlag,
    /** `keyId:base64key,...`: every key that may have encrypted a stored value (crypto.server.ts). */
    ENCRYPTION_KEYS: encryptionKeys,
    /** The key that encrypts new values; by default the first listed. */
    ENCRYPTION_KEY_ID: z.string().regex(KEY_ID, 'must be 1-32 letters, digits, _ or -').optional(),
    /** The HMAC key of the personnummer blind index; separate from the encryption keys. */
    BLIND_INDEX_KEY: blindIndexKey,
  })
  .superRefine((env, ctx) => {
    const keyIds = env.ENCRYPTION_KEYS.map((key) => key.id)
    if (env.ENCRYPTION_KEY_ID && keyIds.length > 0 && !keyIds.includes(env.ENCRYPTION_KEY_ID)) {
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEY_ID'], message: `must be one of the key ids in ENCRYPTION_KEYS (${keyIds.join(', ')})` })
    }
    if (env.ENCRYPTION_KEYS.some((key) => key.key.equals(env.BLIND_INDEX_KEY))) {
      ctx.addIssue({ code: 'custom', path: ['BLIND_INDEX_KEY'], message: 'must differ from every key in ENCRYPTION_KEYS' })
    }
    if (env.NODE_ENV !== 'production') return
    const required = ['DATABASE_URL', 'BASE_URL', 'SMTP_URL', 'MAIL_FROM'] as const
    for (const key of required) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' })
    }
    if (env.SESSION_SECRET === DEMO_SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production (the demo secret is refused)' })
    }
    if (env.ENCRYPTION_KEYS.some((key) => key.key.equals(DEMO_ENCRYPTION_KEY))) {
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEYS'], message: 'is required in production (the demo key is refused)' })
    }
    if (env.BLIND_INDEX_KEY.equals(DEMO_BLIND_INDEX_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['BLIND_INDEX_KEY'], message: 'is required in production (the demo key is refused)' })
    }
  })

export type Config = Omit<z.output<typeof ConfigSchema>, 'BASE_URL' | 'DATA_DIR' | 'ENCRYPTION_KEY_ID' | 'MAIL_FROM'> & {
  BASE_URL: string
  MAIL_FROM: string
  DATA_DIR: string
  ENCRYPTION_KEY_ID: string
}

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
    BASE_URL: (config.BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''),
    MAIL_FROM: config.MAIL_FROM ?? 'Orosanmälan <no-reply@orosanmalan.invalid>',
    DATA_DIR: path.resolve(config.DATA_DIR),
    ENCRYPTION_KEY_ID: config.ENCRYPTION_KEY_ID ?? config.ENCRYPTION_KEYS[0]!.id,
  }
}

export function isProduction(config: Pick<Config, 'NODE_ENV'>): boolean {
  return config.NODE_ENV === 'production'
}
