/**
 * The load bench's client, in a process of its own (forked once by load.bench.ts and given
 * each phase in turn): it sends the requests it is given at a fixed arrival rate (open loop)
 * and times them.
 *
 * Apart because the times it takes are only as good as its own event loop: in the bench's
 * process that loop also runs the SMTP server taking every page and intake alert, the
 * database samplers and the checks. And lean, because it shares the 2 CPUs with what it
 * measures: by default each request is one `net` connection written in one piece and read
 * to the end of its body (`Connection: close`, as a browser that keeps nothing open does),
 * without node:http's client machinery around it; the server sees the same request either
 * way. With `keepAlive` > 0 it sends over that many kept-alive node:http connections instead,
 * as a reverse proxy in front of the web keeps them.
 *
 * One process for every phase, so a phase's first second is not timed by a client whose code
 * is still cold (the warm-up phase warms it, as it warms the service); and before its clock
 * starts it collects the garbage of taking in the phase's requests (tens of MB at 1000/s), so
 * its collector does not run, on both CPUs, while the phase starts.
 */
import http from 'node:http'
import net from 'node:net'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { send } from '../support/form-fuzz'

export interface LoadRequest {
  path: string
  headers: Record<string, string>
  body: string
}

export interface LoadOrder {
  baseURL: string
  rate: number
  requests: LoadRequest[]
  timeoutMs: number
  keepAlive: number
}

export interface LoadAnswer {
  /** When the request started, ms since the epoch. */
  at: number
  /** How late the request started against its tick. */
  lateMs: number
  status: number | string
  location: string | null
  ms: number
}

export interface LoadReport {
  answers: LoadAnswer[]
  /** From the first tick to the last request sent, and to the last answer. */
  spreadMs: number
  elapsedMs: number
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  /** This process's CPU while it sent (user + system). */
  cpuMs: number
}

const HEADER_END = Buffer.from('\r\n\r\n')
const CHUNKED_END = Buffer.from('\r\n0\r\n\r\n')

/** Status, Location and the end of the body, from what has arrived so far; null until the headers are in. */
function parseResponse(data: Buffer): { status: number; location: string | null; complete: boolean } | null {
  const headerEnd = data.indexOf(HEADER_END)
  if (headerEnd < 0) return null
  const head = data.subarray(0, headerEnd).toString('latin1')
  const status = Number(head.slice(9, 12))
  const header = (name: string) => new RegExp(`\\r\\n${name}:[ \\t]*([^\\r]*)`, 'i').exec(head)?.[1] ?? null
  const length = header('content-length')
  const bodyBytes = data.length - headerEnd - HEADER_END.length
  const complete =
    length !== null
      ? bodyBytes >= Number(length)
      : /chunked/i.test(header('transfer-encoding') ?? '')
        ? data.subarray(-CHUNKED_END.length).equals(CHUNKED_END) || (bodyBytes === 5 && data.subarray(-5).toString() === '0\r\n\r\n')
        : false
  return { status, location: header('location'), complete }
}

/** One request on its own connection, timed from the connect to the last byte of its body. */
function sendClosing(host: string, port: number, request: Buffer, timeoutMs: number): Promise<{ status: number | string; location: string | null; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now()
    let data: Buffer = Buffer.alloc(0)
    let settled = false
    const finish = (status: number | string, location: string | null = null) => {
      if (settled) return
      settled = true
      socket.destroy()
      resolve({ status, location, ms: performance.now() - started })
    }
    const socket = net.connect({ host, port }, () => socket.write(request))
    socket.setTimeout(timeoutMs, () => finish('timeout'))
    socket.on('data', (chunk: Buffer) => {
      data = data.length === 0 ? chunk : Buffer.concat([data, chunk])
      const response = parseResponse(data)
      if (response?.complete) finish(response.status, response.location)
    })
    // A body without a length ends with the connection.
    socket.on('end', () => {
      const response = parseResponse(data)
      finish(response ? response.status : 'ECONNRESET', response?.location ?? null)
    })
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message))
  })
}

/**
 * A full collection of this process's heap and a moment for its concurrent sweeping: before a
 * phase's clock starts, in the client and in the bench's process alike.
 */
export async function collectGarbage() {
  gc ??= exposedGc()
  gc()
  await new Promise((resolve) => setTimeout(resolve, 250))
}

let gc: (() => void) | undefined

/** `gc` without starting node with --expose-gc: taken once, in a context of its own. */
function exposedGc(): () => void {
  v8.setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** `armed` is awaited once the requests are ready, just before the clock starts. */
export async function runLoad(order: LoadOrder, armed?: () => Promise<void>): Promise<LoadReport> {
  const { hostname, port } = new URL(order.baseURL)
  const host = hostname.replace(/^\[|\]$/g, '')
  const agent = order.keepAlive > 0 ? new http.Agent({ keepAlive: true, maxSockets: order.keepAlive }) : null
  // Each request's bytes made before the clock starts.
  const wire = agent
    ? []
    : order.requests.map((request) => {
        const headers = Object.entries({ host: `${host}:${port}`, connection: 'close', ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) })
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('')
        return Buffer.from(`POST ${request.path} HTTP/1.1\r\n${headers}\r\n${request.body}`)
      })
  const answers: LoadAnswer[] = new Array(order.requests.length)
  await armed?.()
  const inFlight: Promise<void>[] = []
  const interval = 1000 / order.rate
  const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
  const fire = (index: number, tick: number) => {
    const lateMs = performance.now() - tick
    const at = performance.timeOrigin + performance.now()
    const request = order.requests[index]!
    const answer = agent
      ? send(agent, order.baseURL, { url: request.path, headers: request.headers, body: Buffer.from(request.body) }, order.timeoutMs).then(({ status, headers, ms }) => ({
          status,
          location: headers.location ?? null,
          ms,
        }))
      : sendClosing(host, Number(port), wire[index]!, order.timeoutMs)
    inFlight.push(answer.then(({ status, location, ms }) => void (answers[index] = { at, lateMs, status, location, ms })))
  }
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const cpuBefore = process.cpuUsage()
  const start = performance.now()
  for (let index = 0; index < order.requests.length;) {
    const now = performance.now()
    for (; index < order.requests.length && start + index * interval <= now; index++) fire(index, start + index * interval)
    if (index < order.requests.length) await sleep(Math.max(0, start + index * interval - performance.now()))
  }
  const spreadMs = performance.now() - start
  await Promise.all(inFlight)
  const elapsedMs = performance.now() - start
  const cpu = process.cpuUsage(cpuBefore)
  loopDelay.disable()
  agent?.destroy()
  return { answers, spreadMs, elapsedMs, loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 }
}

// Forked: says it is ready, then takes one order at a time: says 'armed' when its requests are
// ready, starts on 'go' (its parent collects its own garbage in between), and sends its report.
// Its parent ends it.
if (process.send) {
  let go: (() => void) | null = null
  process.on('message', (message: LoadOrder | 'go') => {
    if (message === 'go') return go?.()
    const armed = async () => {
      await collectGarbage()
      await new Promise<void>((resolve) => {
        go = resolve
        process.send!('armed')
      })
    }
    runLoad(message, armed).then(
      (report) => process.send!(report),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  })
  process.send('ready')
}
