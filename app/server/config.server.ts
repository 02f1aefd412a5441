import { isIP } from 'node:net'
import path from 'node:path'
import { z } from 'zod'
import { issuerAllowed, OidcProvidersSchema, type OidcProvider } from '../domain/oidc'

const DEMO_SESSION_SECRET = 'demo-session-secret-not-for-production'
// 32 bytes each, readable as what they are: demo keys, refused in production.
const DEMO_ENCRYPTION_KEY = Buffer.from('demo-encryption-key-not-for-prod')
const DEMO_BLIND_INDEX_KEY = Buffer.from('demo-blind-index-key-not-for-use')
/** Every demo secret, in every form a setting could take it: production refuses each one anywhere. */
const DEMO_KEYS = [DEMO_ENCRYPTION_KEY, DEMO_BLIND_INDEX_KEY]
const DEMO_SECRETS = new Set([DEMO_SESSION_SECRET, ...DEMO_KEYS.flatMap((key) => [key.toString('utf8'), key.toString('base64'), key.toString('base64url')])])

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
    const entries = value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
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

/** Names Express (proxy-addr) knows for the private ranges: 127.0.0.0/8 and ::1, link-local, unique-local. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isProxyNetwork(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}

/**
 * Which proxies in front of the service may say who the client is (X-Forwarded-For): a
 * number of hops (`1` = one proxy) or the proxies' networks. Never "trust all": then any
 * client could name its own address and slip past every limit kept per address.
 */
const trustProxy = z
  .string()
  .optional()
  .transform((value, ctx): false | number | string[] => {
    const text = value?.trim().toLowerCase() ?? 'false'
    if (text === 'false' || text === '0') return false
    if (text === 'true') {
      ctx.addIssue({
        code: 'custom',
        message:
          '"true" trusts every address, so any client could choose its own with X-Forwarded-For; write the number of proxies in front of the service (1 for one proxy) or their networks (e.g. 10.0.0.0/8,fd00::/8)',
      })
      return false
    }
    if (/^\d+$/.test(text)) {
      const hops = Number(text)
      if (hops > 10) ctx.addIssue({ code: 'custom', message: 'must be a number of proxies from 0 to 10, or their networks (e.g. 10.0.0.0/8)' })
      return hops
    }
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
    const bad = entries.filter((entry) => !isProxyNetwork(entry))
    if (entries.length === 0 || bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a number of proxies (1 for one proxy) or a comma list of proxy addresses or networks (e.g. 10.0.0.0/8,fd00::/8); not understood: ${bad.join(', ')}`,
      })
    }
    return entries
  })

/**
 * `OIDC_PROVIDERS`: a JSON array of the municipalities' identity providers (domain/oidc.ts).
 * A problem names the entry and field, never the value: the text holds client secrets.
 */
const oidcProviders = z
  .string()
  .optional()
  .transform((value, ctx): OidcProvider[] => {
    if (value === undefined) return []
    let parsed: unknown
    try {
      parsed = JSON.parse(value)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of providers (docs/integration.md)' })
      return []
    }
    const result = OidcProvidersSchema.safeParse(parsed)
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      const message = issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message
      ctx.addIssue({ code: 'custom', message: `${['entry', ...issue.path].join('.')}: ${message}` })
    }
    return []
  })

/** A limit: a whole number of at least 1, by default the documented one. */
const limit = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback)

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
    /** Unset: every interface in production, only this machine (127.0.0.1) elsewhere. */
    HOST: z.string().optional(),
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
    /** The web answers 503 while its event loop runs later than this (overload.server.ts). */
    EVENT_LOOP_DELAY_LIMIT_MS: z.coerce.number().int().min(20).max(60_000).default(500),
    /** A request whose response has not started after this is answered 503; keep it below the proxy's timeout. */
    REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(10),
    /** Requests one web process answers at once; the next is answered 503 at once (overload.server.ts). */
    MAX_REQUESTS_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(64),
    SEED_DEMO_DATA: booleanFlag,
    TRUST_PROXY: trustProxy,
    // The public report flow, per client address (a school of 50 staff behind one address
    // sends 20 reports an hour without meeting them) and in total over every instance.
    // README "Rate limits" says why each number is what it is.
    RATE_LIMIT_DRAFTS_PER_MINUTE: limit(15),
    RATE_LIMIT_DRAFTS_PER_HOUR: limit(60),
    RATE_LIMIT_STEPS_PER_MINUTE: limit(150),
    RATE_LIMIT_STEPS_PER_HOUR: limit(900),
    RATE_LIMIT_SUBMITS_PER_MINUTE: limit(10),
    RATE_LIMIT_SUBMITS_PER_HOUR: limit(40),
    RATE_LIMIT_TOTAL_DRAFTS_PER_SECOND: limit(300),
    RATE_LIMIT_TOTAL_STEPS_PER_SECOND: limit(2500),
    // Far above any real peak, and low enough that one 2-CPU machine with everything on it still
    // refuses a flood's excess at once: decision 0001 and its addenda, tests/bench/README.md.
    RATE_LIMIT_TOTAL_SUBMITS_PER_SECOND: limit(10),
    /** Staff sign-in: attempts (password and code) from one address a minute, and failures an hour. */
    RATE_LIMIT_LOGIN_PER_MINUTE: limit(30),
    RATE_LIMIT_LOGIN_FAILURES_PER_HOUR: limit(50),
    RATE_LIMIT_FOLLOW_UP_PER_MINUTE: limit(20),
    RATE_LIMIT_FOLLOW_UP_FAILURES_PER_HOUR: limit(30),
    /** The export API (issue 16): calls of one client a minute, and token requests from one address a minute. */
    RATE_LIMIT_API_PER_MINUTE: limit(600),
    RATE_LIMIT_API_TOKENS_PER_MINUTE: limit(30),
    /** How long an export API access token lasts; a revoked or rotated client's tokens stop at once anyway. */
    API_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
    /** `keyId:base64key,...`: every key that may have encrypted a stored value (crypto.server.ts). */
    ENCRYPTION_KEYS: encryptionKeys,
    /** The key that encrypts new values; by default the first listed. */
    ENCRYPTION_KEY_ID: z.string().regex(KEY_ID, 'must be 1-32 letters, digits, _ or -').optional(),
    /** The HMAC key of the personnummer blind index; separate from the encryption keys. */
    BLIND_INDEX_KEY: blindIndexKey,
    /** The municipalities' identity providers for staff sign-in (docs/integration.md). */
    OIDC_PROVIDERS: oidcProviders,
  })
  .superRefine((env, ctx) => {
    const keyIds = env.ENCRYPTION_KEYS.map((key) => key.id)
    if (env.ENCRYPTION_KEY_ID && keyIds.length > 0 && !keyIds.includes(env.ENCRYPTION_KEY_ID)) {
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEY_ID'], message: `must be one of the key ids in ENCRYPTION_KEYS (${keyIds.join(', ')})` })
    }
    if (env.ENCRYPTION_KEYS.some((key) => key.key.equals(env.BLIND_INDEX_KEY))) {
      ctx.addIssue({ code: 'custom', path: ['BLIND_INDEX_KEY'], message: 'must differ from every key in ENCRYPTION_KEYS' })
    }
    env.OIDC_PROVIDERS.forEach((provider, index) => {
      if (!issuerAllowed(provider.issuer, env.NODE_ENV === 'production')) {
        const message = env.NODE_ENV === 'production' ? 'must be an https address without user, query or fragment' : 'must be an http(s) address without user, query or fragment'
        ctx.addIssue({ code: 'custom', path: ['OIDC_PROVIDERS', index, 'issuer'], message })
      }
    })
    if (env.NODE_ENV !== 'production') return
    const required = ['DATABASE_URL', 'BASE_URL', 'SMTP_URL', 'MAIL_FROM'] as const
    for (const key of required) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' })
    }
    if (DEMO_SECRETS.has(env.SESSION_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production (the demo secret is refused)' })
    }
    if (env.ENCRYPTION_KEYS.some((key) => DEMO_KEYS.some((demo) => key.key.equals(demo)))) {
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEYS'], message: 'is required in production (the demo key is refused)' })
    }
    if (DEMO_KEYS.some((demo) => env.BLIND_INDEX_KEY.equals(demo))) {
      ctx.addIssue({ code: 'custom', path: ['BLIND_INDEX_KEY'], message: 'is required in production (the demo key is refused)' })
    }
  })

export type Config = Omit<z.output<typeof ConfigSchema>, 'BASE_URL' | 'DATA_DIR' | 'ENCRYPTION_KEY_ID' | 'HOST' | 'MAIL_FROM'> & {
  BASE_URL: string
  HOST: string
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
    // A development or test server forgotten on a shared network must not serve the demo accounts to it.
    HOST: config.HOST ?? (config.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    MAIL_FROM: config.MAIL_FROM ?? 'Orosanmälan <no-reply@orosanmalan.invalid>',
    DATA_DIR: path.resolve(config.DATA_DIR),
    ENCRYPTION_KEY_ID: config.ENCRYPTION_KEY_ID ?? config.ENCRYPTION_KEYS[0]!.id,
  }
}

export function isProduction(config: Pick<Config, 'NODE_ENV'>): boolean {
  return config.NODE_ENV === 'production'
}
