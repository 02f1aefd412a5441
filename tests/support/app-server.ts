import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../../app/server/embedded-postgres.server'
import { SERVICE_NODE_OPTIONS } from '../../app/server/node-options'

export interface RunningApp {
  baseURL: string
  pid: number
  dataDir: string
  /** Milliseconds from spawn to the first 200 from /readyz. */
  startupMs: number
  /** What the app has printed on stdout and stderr so far. */
  output: () => string
  stop: () => Promise<void>
}

export interface StartAppOptions {
  /**
   * Run `node --import tsx server.ts` instead of tsx's command, which runs the server in a
   * child process of its own: then `pid` is the web process itself, for a test that must
   * stop that process (SIGSTOP) and not a wrapper around it.
   */
  withoutWrapper?: boolean
  /**
   * Node options before `server.ts` when `withoutWrapper` is set, after the service's own
   * (SERVICE_NODE_OPTIONS): `--cpu-prof` for a profile of the web process, `--no-single-threaded-gc` to undo one.
   */
  nodeArgs?: string[]
}

const ROOT = path.resolve(import.meta.dirname, '../..')

/**
 * Starts the real service (`tsx server.ts`, the built Remix app) on a free port with its
 * own embedded PostgreSQL in a fresh temporary folder, and waits until it is ready.
 * It is stopped by the process id it was started with.
 */
export async function startApp(env: Record<string, string> = {}, options: StartAppOptions = {}): Promise<RunningApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'oro-app-'))
  const port = await freePort()
  const started = Date.now()
  const command = options.withoutWrapper ? process.execPath : path.join(ROOT, 'node_modules/.bin/tsx')
  // Started as `npm start` starts it, with the service's node options (tsx passes them on).
  const args = options.withoutWrapper ? [...SERVICE_NODE_OPTIONS, ...(options.nodeArgs ?? []), '--import', 'tsx', 'server.ts'] : [...SERVICE_NODE_OPTIONS, 'server.ts']
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      // Vitest puts Vite's BASE_URL ('/') into process.env; empty means the app's own default.
      BASE_URL: '',
      // Two shared cores run Chromium, PostgreSQL and the tests beside the app: a turn of the
      // loop late by half a second is the test machine, not overload. Shedding itself is tested
      // with the production limit (tests/integration/overload.test.ts).
      EVENT_LOOP_DELAY_LIMIT_MS: '3000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const baseURL = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) {
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
      throw new Error(`the app exited with ${child.exitCode}:\n${output}`)
    }
    try {
      const response = await fetch(`${baseURL}/readyz`)
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill(child.pid!, 'SIGKILL')
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
      throw new Error(`the app did not become ready within 60 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const startupMs = Date.now() - started
  const pid = child.pid!
  return {
    baseURL,
    pid,
    dataDir,
    startupMs,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        process.kill(pid, 'SIGTERM')
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))])
        if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL')
      }
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
    },
  }
}
