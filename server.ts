import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import http from 'node:http'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import helmet, { type HelmetOptions } from 'helmet'
import { sql } from 'kysely'
import type { AppContext } from './app/load-context'
import { ConfigError, isProduction, readConfig, type Config } from './app/server/config.server'
import { coverageGapReport, pagingGapReport } from './app/server/coverage-check.server'
import { createCipher, type Cipher } from './app/server/crypto.server'
import { cspNonce } from './app/server/csp-nonce.server'
import { createDb, migrateToLatest, migrationsPending, openConnections, type Db } from './app/server/db.server'
import { deleteIdleDrafts } from './app/server/drafts.server'
import { leaveSignalsToCaller, startEmbeddedPostgres } from './app/server/embedded-postgres.server'
import { createLogger, loggablePath, routeConsoleToLogger, type Logger } from './app/server/logger.server'
import { startIdleCollection } from './app/server/idle-collection.server'
import { missingNodeOptions } from './app/server/node-options'
import { isLoopbackAddress } from './app/server/local-only.server'
import { startJobs, type Jobs } from './app/server/jobs.server'
import { startMailCatcher } from './app/server/mail-catcher.server'
import { createMailer } from './app/server/mailer.server'
import { problemDocument } from './app/server/api-http.server'
import { loadOverloadTexts, pathOf, shedLoad, startJourDirectory, startLoopSampler } from './app/server/overload.server'
import { createRateLimits, totalSpentFor, type RateLimits } from './app/server/rate-limits.server'
import { startWorker } from './app/server/worker.server'
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET, seedDemoPaging, seedDemoStaff, seedRegions } from './app/server/seed.server'

// A report form is small; a larger body is a mistake or an attack.
const MAX_BODY_BYTES = 64 * 1024
const SHUTDOWN_GRACE_MS = 10_000
// What a person is asked to wait when the web sheds load (overload.server.ts).
const RETRY_AFTER_SECONDS = 30
// The worker process npm start runs beside the web: restarted after 1 s, 2 s, 4 s … up to
// 30 s while it keeps dying; after a minute of running well the wait starts over at 1 s.
const WORKER_RESTART_MIN_MS = 1000
const WORKER_RESTART_MAX_MS = 30_000
const WORKER_STABLE_MS = 60_000
// Marks that worker process: its parent ran the migrations, watches it and stops it.
const BESIDE_WEB_FLAG = '--beside-web'

type Stop = () => Promise<void>

interface ProcessRoles {
  web: boolean
  /** The job worker runs in this process. */
  worker: boolean
  /** The job worker runs in a child process that this web process starts, restarts and stops. */
  workerBeside: boolean
  /** This process is that child. */
  besideWeb: boolean
}

/**
 * `tsx server.ts` (`npm start`) runs the web server in this process and the job worker in a
 * child process beside it, so a web process that stalls (one heavy request, an event loop
 * held) never delays a page to the jour. `--web` runs only the web server and `--worker`
 * only the worker, for production set-ups that run them apart (`npm run start:web`,
 * `npm run start:worker`); both flags run both in one process.
 */
function processRoles(argv: readonly string[]): ProcessRoles {
  const web = argv.includes('--web')
  const worker = argv.includes('--worker')
  if (!web && !worker) return { web: true, worker: false, workerBeside: true, besideWeb: false }
  return { web, worker, workerBeside: false, besideWeb: worker && !web && argv.includes(BESIDE_WEB_FLAG) }
}

/** What the worker process tells the web process that started it, once its worker runs. */
interface WorkerReady {
  kind: 'worker-ready'
  /** The development mail catcher's address, when the worker started one. */
  mailCatcherUrl: string | null
}

function isWorkerReady(message: unknown): message is WorkerReady {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'worker-ready'
}

/**
 * The job worker as a child process of the web (npm start): the same Node and TypeScript
 * loader, the same environment plus the database's address (the embedded one's too).
 *
 * A worker that dies is started again with a growing wait rather than ending the service:
 * the jobs wait in PostgreSQL meanwhile, so a crash delays pages by the wait and loses none,
 * and the web keeps storing reports. Exiting instead would take the web down too, and under
 * `npm start` nothing would start it again. Only a worker that never became ready at start
 * fails the start (`ready` rejects): a configuration error would otherwise loop for ever.
 */
function superviseWorker(options: { env: NodeJS.ProcessEnv; logger: Logger }) {
  const log = options.logger.child({ component: 'supervisor' })
  let child: ChildProcess | null = null
  let stopping: Promise<void> | null = null
  let everReady = false
  let restartDelayMs = WORKER_RESTART_MIN_MS
  let restartTimer: NodeJS.Timeout | undefined
  let settleReady: { resolve: (message: WorkerReady) => void; reject: (error: Error) => void }
  const ready = new Promise<WorkerReady>((resolve, reject) => (settleReady = { resolve, reject }))
  // A debugger port is the parent's alone.
  const nodeFlags = process.execArgv.filter((flag) => !flag.startsWith('--inspect'))

  const start = () => {
    const startedAt = Date.now()
    const worker = spawn(process.execPath, [...nodeFlags, process.argv[1]!, '--worker', BESIDE_WEB_FLAG], {
      env: options.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child = worker
    let gone = false
    const onGone = (how: string) => {
      if (gone) return
      gone = true
      if (child === worker) child = null
      if (stopping) return
      if (!everReady) return settleReady.reject(new Error(`the worker process ended (${how}) before it was ready`))
      if (Date.now() - startedAt >= WORKER_STABLE_MS) restartDelayMs = WORKER_RESTART_MIN_MS
      log.error({ exit: how, restartInMs: restartDelayMs }, 'worker process ended; starting it again')
      restartTimer = setTimeout(start, restartDelayMs)
      restartDelayMs = Math.min(restartDelayMs * 2, WORKER_RESTART_MAX_MS)
    }
    worker.on('message', (message) => {
      if (!isWorkerReady(message)) return
      everReady = true
      log.info({ pid: worker.pid }, 'worker process ready')
      settleReady.resolve(message)
    })
    worker.on('error', (error) => {
      log.error({ err: error }, 'worker process')
      if (worker.pid === undefined) onGone('not started')
    })
    worker.once('exit', (code, signal) => onGone(signal ?? `code ${code}`))
  }

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      clearTimeout(restartTimer)
      const worker = child
      if (!worker?.pid || worker.exitCode !== null || worker.signalCode !== null) return
      const exited = once(worker, 'exit')
      // It finishes its jobs in flight (up to the same grace as the web's requests), or is killed.
      const kill = setTimeout(() => worker.exitCode === null && worker.signalCode === null && process.kill(worker.pid!, 'SIGKILL'), SHUTDOWN_GRACE_MS + 5000)
      process.kill(worker.pid, 'SIGTERM')
      await exited
      clearTimeout(kill)
    })())

  // However this process ends (a failed start, process.exit), its worker ends with it; the
  // worker also stops by itself when this process is gone (its IPC channel closes).
  process.on('exit', () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM')
  })

  start()
  return { ready, stop, pid: () => child?.pid ?? null }
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
  // Remix, React and libraries print to the console; in this process that goes through the logger, scrubbed.
  routeConsoleToLogger(logger)
  const missingOptions = missingNodeOptions()
  if (missingOptions.length > 0) {
    logger.warn(
      { missing: missingOptions },
      "started without the service's node options: under a flood the collector may take the CPUs from requests (0022), and the web does not collect while idle (0023)",
    )
  }
  const cipher = createCipher(config)
  const stops: Stop[] = []
  let stopping = false
  const stopAll = async (exitCode = 0) => {
    for (const stop of stops) await stop().catch(() => {})
    logger.info('stopped')
    process.exit(exitCode)
  }
  // Until the service runs, a signal stops what has started so far; from then on, the
  // handler set below first finishes requests and jobs in flight, and stops the database last.
  let onSignal = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping before start-up finished')
    void stopAll()
  }
  leaveSignalsToCaller()
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  // Ctrl-C reaches the whole process group: the web process stops its worker after its own requests.
  process.on('SIGINT', () => {
    if (!roles.besideWeb) onSignal('SIGINT')
  })
  if (roles.besideWeb) {
    // No worker outlives its web process, however that ended (SIGKILL included).
    process.on('disconnect', () => onSignal('web process gone'))
    if (!process.connected) onSignal('web process gone')
  }

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
  // The worker beside the web starts once its parent has done this.
  if (!roles.besideWeb) {
    await migrateToLatest(db)
    if (!isProduction(config) || config.SEED_DEMO_DATA) {
      await seedRegions(db)
      await seedDemoPaging(db)
    }
    // Demo accounts never exist in production, whatever SEED_DEMO_DATA says.
    if (!isProduction(config)) await seedDemoStaff(db)
  }

  const jobs = await startJobs(databaseUrl, { role: roles.worker ? 'worker' : 'web' }, (error) => logger.error({ err: error }, 'pg-boss'))
  stops.unshift(() => jobs.boss.stop({ graceful: true, timeout: SHUTDOWN_GRACE_MS }))

  let mailCatcherUrl: string | null = null
  if (roles.worker) {
    let smtpUrl = config.SMTP_URL
    if (!smtpUrl) {
      // In the worker, so mail is caught while the web process is stalled; /dev/mail reads the same folder.
      const catcher = await startMailCatcher(path.join(config.DATA_DIR, 'mail'))
      stops.push(catcher.stop)
      smtpUrl = mailCatcherUrl = catcher.url
    }
    const worker = await startWorker({ db, cipher, jobs, mailer: createMailer(config, smtpUrl), baseUrl: config.BASE_URL, logger, oidcProviders: config.OIDC_PROVIDERS })
    stops.unshift(worker.stop)
    logger.info('worker started')
    if (roles.besideWeb) process.send?.({ kind: 'worker-ready', mailCatcherUrl } satisfies WorkerReady)
  }

  if (!roles.web) {
    onSignal = (reason) => {
      if (stopping) return
      stopping = true
      logger.info({ reason }, 'shutting down: finishing jobs in flight')
      void stopAll()
    }
    return
  }

  const workerBeside = roles.workerBeside ? superviseWorker({ env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: config.DATA_DIR }, logger }) : null
  if (workerBeside) stops.unshift(workerBeside.stop)

  const build = (await import(path.resolve('build/index.js'))) as ServerBuild
  const jours = await startJourDirectory(db, (error) => logger.error({ err: error }, 'jour numbers for the busy page not loaded'))
  const sampler = startLoopSampler()
  const limits = createRateLimits({ databaseUrl, config, logger })
  stops.unshift(limits.stop)
  // Both pools open before the first request, so a burst does not open them at its busiest.
  await Promise.all([openConnections(db), limits.open()])
  const shed = shedLoad({
    sampler,
    texts: loadOverloadTexts(),
    jours,
    limits: {
      eventLoopDelayMs: config.EVENT_LOOP_DELAY_LIMIT_MS,
      requestTimeoutMs: config.REQUEST_TIMEOUT_SECONDS * 1000,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      maxInFlight: config.MAX_REQUESTS_IN_FLIGHT,
    },
    spentFor: (method, pathname) => totalSpentFor(limits, method, pathname),
    headers: headersOf(helmet(securityOptions(config, { scriptNonce: false }))),
    onRefusal: (req, status) => logger.info({ method: req.method, path: loggablePath(pathOf(req.url)), status }, 'request'),
  })
  const app = createApp({ build, config, db, cipher, jobs, logger, limits })
  // Without `gc` (started without --expose-gc, warned above) the web simply does not collect while idle.
  const collect = globalThis.gc
  const idle = collect
    ? startIdleCollection({
        collect: () => collect(),
        onCollected: ({ ms, beforeBytes, afterBytes }) =>
          logger.debug({ ms: Math.round(ms), beforeMiB: Math.round(beforeBytes / 2 ** 20), afterMiB: Math.round(afterBytes / 2 ** 20) }, 'old garbage collected while idle'),
      })
    : null
  // The shedder answers before Express (overload.server.ts); the probes answer whatever the load.
  const server = http.createServer((req, res) => {
    if (PROBES.has(pathOf(req.url))) return app(req, res)
    idle?.noteRequest()
    try {
      shed(req, res, () => app(req, res))
    } catch (error) {
      // Out here no Express catches a throw, and one would end the process: a fault of the shedder lets the request through instead.
      logger.error({ err: error }, 'load shedder failed')
      if (!res.headersSent) app(req, res)
    }
  })
  server.listen(config.PORT, config.HOST)
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.PORT
  logger.info({ port }, 'listening')
  if (workerBeside) {
    try {
      mailCatcherUrl = (await workerBeside.ready).mailCatcherUrl
    } catch (error) {
      logger.error({ err: error }, 'the worker process did not start')
      stopping = true
      server.close()
      await stopAll(1)
    }
  }
  if (!isProduction(config)) {
    const jobsLine = workerBeside
      ? `run by the worker process beside this one (pid ${workerBeside.pid() ?? '?'}), started again should it end`
      : roles.worker
        ? 'run by the worker in this process'
        : 'no worker in this process: run npm run start:worker'
    console.log(
      [
        '',
        `Orosanmälan is running on http://localhost:${port}`,
        `  database: ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL under ${config.DATA_DIR}/postgres`}`,
        `  mail:     ${config.SMTP_URL ? 'SMTP_URL' : `caught by ${mailCatcherUrl ?? 'no catcher'}, kept as .eml files in ${config.DATA_DIR}/mail, listed at http://localhost:${port}/dev/mail`}`,
        `  jobs:     pages and e-mails ${jobsLine}`,
        `  regions:  the municipalities and jours of shared/docs/REGIONS.md`,
        `  staff:    http://localhost:${port}/personal (demo accounts, password ${DEMO_PASSWORD},`,
        `            second factor: TOTP secret ${DEMO_TOTP_SECRET} in any authenticator app)`,
        ...DEMO_STAFF.map((person) => `            ${person.email.padEnd(42)} ${person.role}${person.enrolled === false ? ' (enrols a second factor at first login)' : ''}`),
        '',
      ].join('\n'),
    )
  }

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

  const sweep = setInterval(
    () => {
      deleteIdleDrafts(db, new Date()).catch((error: unknown) => logger.error({ err: error }, 'draft sweep failed'))
    },
    10 * 60 * 1000,
  )
  sweep.unref()

  onSignal = (signal) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: finishing requests in flight')
    clearInterval(sweep)
    sampler.stop()
    jours.stop()
    // The worker finishes its jobs while the web finishes its requests.
    void workerBeside?.stop()
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS)
    force.unref()
    server.close(() => void stopAll())
    server.closeIdleConnections()
  }
}

/** Answered before the load shedder, so an orchestrator sees the process alive and ready however busy it is. */
const PROBES = new Set(['/healthz', '/readyz'])

/** The service's security headers (helmet), with or without the nonce that lets its pages' own scripts run. */
function securityOptions(config: Config, options: { scriptNonce: boolean }): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: options.scriptNonce ? ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`] : ["'self'"],
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
  }
}

/** The headers a middleware that only sets headers sets, taken once: the refusal page sends them without running it. */
function headersOf(middleware: RequestHandler): Record<string, string> {
  const headers: Record<string, string> = {}
  const res = {
    locals: {},
    setHeader: (name: string, value: unknown) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
  }
  middleware({ headers: {} } as Request, res as unknown as Response, () => {})
  return headers
}

function createApp(options: { build: ServerBuild; config: Config; db: Db; cipher: Cipher; jobs: Jobs; logger: Logger; limits: RateLimits }) {
  const { build, config, db, cipher, jobs, logger, limits } = options
  const app = express()
  app.disable('x-powered-by')
  // Only the proxies named (a number of hops or their networks) may say who the client is.
  if (config.TRUST_PROXY !== false) app.set('trust proxy', config.TRUST_PROXY)

  app.use((_req, res, next) => {
    res.locals.cspNonce = cspNonce()
    next()
  })
  app.use(helmet(securityOptions(config, { scriptNonce: true })))
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

  if (config.NODE_ENV === 'test') app.use('/test', overloadTestHooks())

  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
  // Only a path that names a file (favicon.svg, enhance.js, locales/sv/common.json) is looked
  // for on disk: a page's address is never a file, and a stat for each page is wasted work.
  const staticFiles = express.static('public', { maxAge: '1h', index: false, redirect: false })
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? staticFiles(req, res, next) : next()))

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
        const fromLoopback = isLoopbackAddress(req.socket.remoteAddress)
        const testNow = isProduction(config) || !fromLoopback ? null : testClock(req.headers['x-test-now'])
        return {
          db,
          config,
          cipher,
          jobs,
          cspNonce: res.locals.cspNonce as string,
          now: () => testNow ?? new Date(),
          clientAddress: req.ip ?? '',
          fromLoopback,
          limits,
        } satisfies AppContext
      },
    }),
  )
  return app
}

/**
 * Only under NODE_ENV=test: ways for a test to overload the web (tests/integration/overload.test.ts).
 * `/test/busy?ms=` holds the event loop; `/test/slow?ms=` answers late without holding it.
 */
function overloadTestHooks() {
  const router = express.Router()
  const duration = (value: unknown) => Math.min(Math.max(Number(value) || 0, 0), 30_000)
  router.get('/busy', (req, res) => {
    // The headers go out first, so a test knows the loop is held from the moment it reads them.
    res.status(200).type('text/plain').flushHeaders()
    const until = performance.now() + duration(req.query.ms)
    let spins = 0
    while (performance.now() < until) spins++
    res.end(`held the event loop for ${spins} spins`)
  })
  router.get('/slow', (req, res) => {
    // As Remix answers: status, headers, then the body, long after the 503 went out.
    setTimeout(() => res.status(200).append('X-Late', 'yes').type('text/plain').send('late'), duration(req.query.ms))
  })
  return router
}

/**
 * Outside production a test on this machine may set the time of a request with an
 * `X-Test-Now` header (an ISO instant), so office hours and the jour's night can be tried at any hour.
 */
function testClock(header: string | string[] | undefined): Date | null {
  if (typeof header !== 'string') return null
  const instant = new Date(header)
  return Number.isNaN(instant.getTime()) ? null : instant
}

function limitBody(req: Request, res: Response, next: NextFunction) {
  if (req.method === 'GET' || req.method === 'HEAD') return next()
  const length = Number(req.headers['content-length'])
  // The export API's clients read problem JSON (RFC 9457), as its routes answer it (api-http.server.ts).
  const refuse = (code: 'length_required' | 'body_too_large') => {
    const problem = problemDocument(code)
    if (req.path.startsWith('/api/')) res.status(problem.status).type('application/problem+json').send(problem)
    else
      res
        .status(problem.status)
        .type('text/plain')
        .send(code === 'length_required' ? 'Length Required' : 'Payload Too Large')
  }
  if (req.headers['transfer-encoding'] && !req.headers['content-length']) return refuse('length_required')
  if (length > MAX_BODY_BYTES) return refuse('body_too_large')
  next()
}

main().catch((error: unknown) => {
  console.error('Orosanmälan could not start:', error)
  process.exit(1)
})
