import type { Config } from './server/config.server'
import type { Cipher } from './server/crypto.server'
import type { Db } from './server/db.server'
import type { Jobs } from './server/jobs.server'
import type { RateLimits } from './server/rate-limits.server'

/** What server.ts hands every loader and action. */
export interface AppContext {
  db: Db
  config: Config
  /** Encrypts and decrypts what a report holds about people, with the keys of the config. */
  cipher: Cipher
  /** Sends background jobs (pages, e-mails), inside a transaction when given one. */
  jobs: Jobs
  cspNonce: string
  /** The clock. Loaders and actions never call `new Date()` themselves, so tests can set the time. */
  now: () => Date
  /** The client's address (as TRUST_PROXY tells it), only a key of the rate limits; never stored or logged. */
  clientAddress: string
  /** The socket's peer is this machine (never from X-Forwarded-For): the demo accounts, test clock and /dev/mail answer only then (local-only.server.ts). */
  fromLoopback: boolean
  /** The rate limits of the public flow and staff sign-in, held in PostgreSQL (`consume` in rate-limits.server.ts). */
  limits: RateLimits
}

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
  interface Future {
    v3_singleFetch: true
  }
}
