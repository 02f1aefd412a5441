import type { LoaderFunctionArgs } from '@remix-run/node'
import { queueFeedFor, queueKeys } from '~/server/queue-events.server'
import { safeError } from '~/server/logger.server'
import { requireStaff } from '~/server/staff-session.server'

/**
 * The open queue's event stream (Server-Sent Events): "the queue changed", and nothing else: no
 * reference, no level, no municipality. The page then reads its queue again through its own
 * loader, which checks the session and writes the audit log as any read does.
 */

/** Streams one web process holds open at once; beyond it the page reads its queue every few seconds instead. */
const MAX_STREAMS = 16
/** A stream ends after this long and the browser opens a new one (checking the session again). */
const STREAM_MS = 10 * 60_000
/** A comment line now and then, so a proxy does not close a quiet stream. */
const HEARTBEAT_MS = 25_000
/** Changes within this window are one event: a burst of reports is one read of the queue. */
const COALESCE_MS = 200

let openStreams = 0
/** Every open stream's end: on shutdown they are ended, so the server's close does not wait for them. */
const openEnds = new Set<() => void>()
let endOnShutdown = false
function endStreamsOnShutdown() {
  if (endOnShutdown) return
  endOnShutdown = true
  const endAll = () => {
    for (const end of [...openEnds]) end()
  }
  process.once('SIGTERM', endAll)
  process.once('SIGINT', endAll)
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireStaff(request, context, ['intake', 'jour'])
  const feed = await queueFeedFor(context, (error) => console.warn('queue feed: connection lost', safeError(error)))
  if (!feed || openStreams >= MAX_STREAMS) {
    return new Response(null, { status: 503, headers: { 'Retry-After': '30', 'Cache-Control': 'no-store' } })
  }
  endStreamsOnShutdown()
  const encoder = new TextEncoder()
  let release = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      openStreams++
      let pending: NodeJS.Timeout | null = null
      let closed = false
      const send = (text: string) => {
        if (closed) return
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          release()
        }
      }
      const unsubscribe = feed.subscribe(queueKeys(scope), () => {
        if (pending) return
        pending = setTimeout(() => {
          pending = null
          send('event: changed\ndata: {}\n\n')
        }, COALESCE_MS)
      })
      const heartbeat = setInterval(() => send(': still here\n\n'), HEARTBEAT_MS)
      const end = setTimeout(() => release(), STREAM_MS)
      release = () => {
        if (closed) return
        closed = true
        openStreams--
        openEnds.delete(release)
        unsubscribe()
        clearInterval(heartbeat)
        clearTimeout(end)
        if (pending) clearTimeout(pending)
        try {
          controller.close()
        } catch {
          // already closed by the browser going away
        }
      }
      openEnds.add(release)
      request.signal.addEventListener('abort', () => release())
      // How long the browser waits before it reconnects, and a first event so a client knows it is listening.
      send('retry: 3000\nevent: ready\ndata: {}\n\n')
    },
    cancel() {
      release()
    },
  })
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: the compression middleware would otherwise hold the events back to compress them.
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  })
}
