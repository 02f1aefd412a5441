import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import helmet from 'helmet'
import { sql } from 'kysely'
import type { AppContext } from './app/load-context'
import { ConfigError, isProduction, readConfig, type Config } from './app/server/config.server'
import { coverageGapReport, pagingGapReport } from './app/server/coverage-check.server'
import { createCipher, type Cipher } from './app/server/crypto.server'
import { createDb, migrateToLatest, migrationsPending, type Db } from './app/server/db.server'
import { deleteIdleDrafts } from './app/server/drafts.server'
import { startEmbeddedPostgres } from './app/server/embedded-postgres.server'
import { createLogger, loggablePath, type Logger } from './app/server/logger.server'
import { startJobs, type Jobs } from './app/server/jobs.server'
import { startMailCatcher } from './app/server/mail-catcher.server'
import { createMailer } from './app/server/mailer.server'
import { createRateLimits, type RateLimits } from './app/server/rate-limits.server'
import { startWorker } from './app/server/worker.server'
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET, seedDemoPaging, seedDemoStaff, seedRegions } from './app/server/seed.server'

// A report form is small; a larger body is a mistake or an attack.
const MAX_BODY_BYTES = 64 * 1024
const SHUTDOWN_GRACE_MS = 10_000

type Stop = () => Promise<void>

/**
 * `tsx server.ts` runs the web server and the job worker in one process (`npm start`);
 * `--web` runs only the web server and `--worker` only the worker, for production set-ups
 * that scale them apart (`npm run start:web`, `npm run start:worker`).
 */
function processRoles(argv: readonly string[]): { web: boolean; worker: boolean } {
  const web = argv.includes('--web')
  const worker = argv.includes('--worker')
  return web || worker ? { web, worker } : { web: true, worker: true }
}

async function main(): Promise<void> {
  const roles = processRoles(process.argv.slice(2))
  let config: Config
  try {
    config = readConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  const logger = createLogger(config.LOG_LEVEL)
  const cipher = createCipher(config)
  const stops: Stop[] = []

  let databaseUrl = config.DATABASE_URL
  if (!databaseUrl && !roles.web) {
    // The embedded database belongs to the process that serves the web; a lone worker must be told where it is.
    console.error('Invalid configuration:\n  DATABASE_URL: is required to run the worker on its own (npm run start:worker)')
    process.exit(1)
  }
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      onLog: (message) => logger.debug({ source: 'postgres' }, message.trim()),
    })
    stops.push(embedded.stop)
    databaseUrl = embedded.url
    logger.info({ dataDir: config.DATA_DIR }, 'embedded PostgreSQL started')
  }
  const db = createDb(databaseUrl)
  stops.unshift(() => db.destroy())
  await migrateToLatest(db)
  if (!isProduction(config) || config.SEED_DEMO_DATA) {
    await seedRegions(db)
    await seedDemoPaging(db)
  }
  // Demo accounts never exist in production, whatever SEED_DEMO_DATA says.
  if (!isProduction(config)) await seedDemoStaff(db)

  const jobs = await startJobs(databaseUrl, { role: roles.worker ? 'worker' : 'web' }, (error) => logger.error({ err: error }, 'pg-boss'))
  stops.unshift(() => jobs.boss.stop({ graceful: true, timeout: SHUTDOWN_GRACE_MS }))

  let smtpUrl = config.SMTP_URL
  if (roles.worker) {
    if (!smtpUrl) {
      const catcher = await startMailCatcher(path.join(config.DATA_DIR, 'mail'))
      stops.push(catcher.stop)
      smtpUrl = catcher.url
    }
    const worker = await startWorker({ db, cipher, jobs, mailer: createMailer(config, smtpUrl), baseUrl: config.BASE_URL, logger })
    stops.unshift(worker.stop)
    logger.info('worker started')
  }

  let stopping = false
  const stopAll = async () => {
    for (const stop of stops) await stop().catch(() => {})
    logger.info('stopped')
    process.exit(0)
  }
  if (!roles.web) {
    const shutdownWorker = (signal: string) => {
      if (stopping) return
      stopping = true
      logger.info({ signal }, 'shutting down: finishing jobs in flight')
      void stopAll()
    }
    process.on('SIGTERM', () => shutdownWorker('SIGTERM'))
    process.on('SIGINT', () => shutdownWorker('SIGINT'))
    return
  }

  const build = (await import(path.resolve('build/index.js'))) as ServerBuild
  const limits = createRateLimits({ databaseUrl, config, logger })
  stops.unshift(limits.stop)
  const app = createApp({ build, config, db, cipher, jobs, logger, limits })
  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : config.PORT
    logger.info({ port }, 'listening')
    if (!isProduction(config)) {
      console.log(
        [
          '',
          `Orosanmälan is running on http://localhost:${port}`,
          `  database: ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL under ${config.DATA_DIR}/postgres`}`,
          `  mail:     ${config.SMTP_URL ? 'SMTP_URL' : `caught by ${smtpUrl}, kept as .eml files in ${config.DATA_DIR}/mail, listed at http://localhost:${port}/dev/mail`}`,
          `  jobs:     ${roles.worker ? 'pages and e-mails run by the worker in this process' : 'no worker in this process: run npm run start:worker'}`,
          `  regions:  the municipalities and jours of shared/docs/REGIONS.md`,
          `  staff:    http://localhost:${port}/personal (demo accounts, password ${DEMO_PASSWORD},`,
          `            second factor: TOTP secret ${DEMO_TOTP_SECRET} in any authenticator app)`,
          ...DEMO_STAFF.map((person) => `            ${person.email.padEnd(42)} ${person.role}${person.enrolled === false ? ' (enrols a second factor at first login)' : ''}`),
          '',
        ].join('\n'),
      )
    }
  })

  // A municipality nobody covers at some hour is a configuration error worth shouting about,
  // but not worth delaying start-up for: checked once the server listens.
  setTimeout(() => {
    coverageGapReport(db, new Date())
      .then((lines) => lines.forEach((line) => logger.warn({ coverage: line }, 'coverage gap in the next 365 days (npm run config:check)')))
      .catch((error: unknown) => logger.error({ err: error }, 'coverage check failed'))
    pagingGapReport(db)
      .then(({ lines }) => lines.forEach((line) => logger.warn({ paging: line }, 'paging gap (npm run config:check)')))
      .catch((error: unknown) => logger.error({ err: error }, 'paging check failed'))
  }, 0).unref()

  const sweep = setInterval(() => {
    deleteIdleDrafts(db, new Date()).catch((error: unknown) => logger.error({ err: error }, 'draft sweep failed'))
  }, 10 * 60 * 1000)
  sweep.unref()

  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: finishing requests in flight')
    clearInterval(sweep)
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS)
    force.unref()
    server.close(() => void stopAll())
    server.closeIdleConnections()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

function createApp(options: { build: ServerBuild; config: Config; db: Db; cipher: Cipher; jobs: Jobs; logger: Logger; limits: RateLimits }) {
  const { build, config, db, cipher, jobs, logger, limits } = options
  const app = express()
  app.disable('x-powered-by')
  // Only the proxies named (a number of hops or their networks) may say who the client is.
  if (config.TRUST_PROXY !== false) app.set('trust proxy', config.TRUST_PROXY)

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    next()
  })
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          ...(isProduction(config) ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // HSTS only where TLS is certain; on http://localhost it would pin the browser to https.
      strictTransportSecurity: isProduction(config) ? { maxAge: 63_072_000, includeSubDomains: true } : false,
      // Nothing of our addresses reaches another site. Not 'no-referrer': with it a browser
      // posts a form with `Origin: null`, which Remix refuses as cross-site (no form works without JavaScript).
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.use(compression())

  app.use((req, res, next) => {
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      logger.info({ method: req.method, path: loggablePath(req.path), status: res.statusCode, ms: Math.round(ms) }, 'request')
    })
    next()
  })

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').type('text/plain').send('ok')
  })
  app.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store').type('text/plain')
    try {
      await sql`select 1`.execute(db)
      const pending = await migrationsPending(db)
      if (pending > 0) res.status(503).send(`migrations pending: ${pending}`)
      else res.send('ready')
    } catch {
      res.status(503).send('database unreachable')
    }
  })

  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
  app.use(express.static('public', { maxAge: '1h' }))

  app.use(limitBody)
  app.use((_req, res, next) => {
    // Pages carry what a person typed; no cache, shared or private, may keep them.
    res.set('Cache-Control', 'no-store')
    next()
  })
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req, res) => {
        const testNow = isProduction(config) ? null : testClock(req.headers['x-test-now'])
        return {
          db,
          config,
          cipher,
          jobs,
          cspNonce: res.locals.cspNonce as string,
          now: () => testNow ?? new Date(),
          clientAddress: req.ip ?? '',
          limits,
        } satisfies AppContext
      },
    }),
  )
  return app
}

/**
 * Outside production a test may set the time of a request with an `X-Test-Now` header
 * (an ISO instant), so office hours and the jour's night can be tried at any hour.
 */
function testClock(header: string | string[] | undefined): Date | null {
  if (typeof header !== 'string') return null
  const instant = new Date(header)
  return Number.isNaN(instant.getTime()) ? null : instant
}

function limitBody(req: Request, res: Response, next: NextFunction) {
  if (req.method === 'GET' || req.method === 'HEAD') return next()
  const length = Number(req.headers['content-length'])
  if (req.headers['transfer-encoding'] && !req.headers['content-length']) {
    res.status(411).type('text/plain').send('Length Required')
    return
  }
  if (length > MAX_BODY_BYTES) {
    res.status(413).type('text/plain').send('Payload Too Large')
    return
  }
  next()
}

main().catch((error: unknown) => {
  console.error('Orosanmälan could not start:', error)
  process.exit(1)
})
