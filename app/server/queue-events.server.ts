import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { AppLoadContext } from '@remix-run/node'
import { sql } from 'kysely'
import pg from 'pg'
import type { StaffScope } from '../domain/scope'

/**
 * The channel migration 0016's triggers notify when reports are stored or change. A payload is
 * `m:<municipality code>` or `j:<jour id>`: which queues changed, nothing about the report.
 */
export const QUEUE_CHANNEL = 'queue_changed'

/** The notification keys of the queues a staff member reads. */
export function queueKeys(scope: StaffScope): string[] {
  switch (scope.role) {
    case 'intake':
      return scope.municipalityCodes.map((code) => `m:${code}`)
    case 'jour':
      return [`j:${scope.jourId}`]
    case 'admin':
    case 'auditor':
      return []
    default: {
      const unknown: never = scope
      throw new Error(`unknown scope ${JSON.stringify(unknown)}`)
    }
  }
}

export interface QueueFeed {
  /** Calls `listener` whenever a queue with one of `keys` changes (also after a lost connection comes back). */
  subscribe(keys: readonly string[], listener: () => void): () => void
  subscribers(): number
  stop(): Promise<void>
}

const RECONNECT_MS = [250, 1000, 5000]

/**
 * One LISTEN connection per web process, shared by every open queue's event stream, so a
 * hundred open queues cost one database connection and no polling. A lost connection is
 * made again; since notifications may have been missed meanwhile, every listener then hears
 * "changed" and its page reads the queue afresh.
 */
export function startQueueFeed(databaseUrl: string, onError: (error: unknown) => void): QueueFeed {
  const listeners = new Map<() => void, ReadonlySet<string>>()
  let client: pg.Client | null = null
  let stopped = false
  let attempt = 0
  let timer: NodeJS.Timeout | null = null

  const notifyAll = (key: string | null) => {
    for (const [listener, keys] of listeners) if (key === null || keys.has(key)) listener()
  }

  const connect = async () => {
    timer = null
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'queue-feed' })
    next.on('notification', (message) => {
      if (message.channel === QUEUE_CHANNEL && message.payload) notifyAll(message.payload)
    })
    const lost = (error?: unknown) => {
      if (client !== next) return
      client = null
      if (error) onError(error)
      next.removeAllListeners('error')
      next.on('error', () => {})
      void next.end().catch(() => {})
      if (!stopped) timer = setTimeout(() => void connect(), RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)])
    }
    next.on('error', lost)
    next.on('end', () => lost())
    client = next
    try {
      await next.connect()
      await next.query(`listen ${QUEUE_CHANNEL}`)
      if (stopped) return void (await next.end().catch(() => {}))
      if (attempt > 0) notifyAll(null)
      attempt = 0
    } catch (error) {
      lost(error)
    }
  }
  void connect()

  return {
    subscribe(keys, listener) {
      listeners.set(listener, new Set(keys))
      return () => void listeners.delete(listener)
    },
    subscribers: () => listeners.size,
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      listeners.clear()
      const current = client
      client = null
      await current?.end().catch(() => {})
    },
  }
}

const feeds = new Map<string, Promise<QueueFeed | null>>()

/**
 * The process's feed, started on first use. It needs the database's address: `databaseUrl`
 * when the server hands it over in the load context, else `DATABASE_URL`, else (the embedded
 * database of `npm start` and the tests) the address `startEmbeddedPostgres` gives it, made
 * again from the password it keeps in `DATA_DIR` and the port and database this connection
 * reports. Without any, there is no feed and the page reads its queue every few seconds instead.
 */
export function queueFeedFor(context: AppLoadContext, onError: (error: unknown) => void): Promise<QueueFeed | null> {
  const fromServer = (context as { databaseUrl?: unknown }).databaseUrl
  const given = typeof fromServer === 'string' && fromServer ? fromServer : context.config.DATABASE_URL
  const key = given ?? `embedded:${context.config.DATA_DIR}`
  let feed = feeds.get(key)
  if (!feed) {
    feed = (given ? Promise.resolve(given) : embeddedDatabaseUrl(context))
      .then((url) => (url ? startQueueFeed(url, onError) : null))
      .catch((error: unknown) => {
        onError(error)
        return null
      })
    feeds.set(key, feed)
  }
  return feed
}

/** The embedded database's address (app/server/embedded-postgres.server.ts writes it the same way), or null. */
async function embeddedDatabaseUrl(context: AppLoadContext): Promise<string | null> {
  let password: string
  try {
    password = (await readFile(path.join(context.config.DATA_DIR, 'postgres.password'), 'utf8')).trim()
  } catch {
    return null
  }
  const { rows } = await sql<{ database: string; port: string }>`select current_database() as database, current_setting('port') as port`.execute(context.db)
  const found = rows[0]
  return found ? `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${found.port}/${found.database}` : null
}
