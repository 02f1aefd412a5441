import { promisify } from 'node:util'
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync, type BrotliOptions, type ZlibOptions } from 'node:zlib'
import Negotiator from 'negotiator'

/** Below this a document is sent as it is: the encoding's own bytes and work would not pay (as `compression`'s default). */
const THRESHOLD_BYTES = 1024
// What `compression` used: brotli at quality 4 (a staff queue page of 75 KB to 10 KB, the start
// page of 7 KB to 2.5 KB), gzip at its default level for clients without brotli.
const BROTLI_QUALITY = 4
const GZIP_LEVEL = 6

/**
 * Below this a document is compressed in the request's own turn: handing it to the thread pool
 * and back costs the web's thread more than compressing it there (a 7 KB citizen page: ~90 µs
 * of gzip, ~400 µs of CPU through the pool, ~150 µs of it on the web's thread). Above it, the
 * pool takes the work off the thread that answers everyone (a 75 KB queue page: 0.6-0.9 ms).
 */
const IN_TURN_BELOW_BYTES = 16 * 1024

const brotliInPool = promisify(brotliCompress)
const gzipInPool = promisify(gzip)
const brotliOf = (body: Buffer, options: BrotliOptions) => (body.length < IN_TURN_BELOW_BYTES ? brotliCompressSync(body, options) : brotliInPool(body, options))
const gzipOf = (body: Buffer, options: ZlibOptions) => (body.length < IN_TURN_BELOW_BYTES ? gzipSync(body, options) : gzipInPool(body, options))

export type DocumentEncoding = 'br' | 'gzip'

/**
 * A rendered document, compressed whole in one pass (decisions 0014 and 0018). The `compression`
 * middleware took it as a stream: two passes a page (the body, then the end), each a handoff to
 * the thread pool and back and a write of its own, in chunked framing, and those handoffs cost
 * more than the compression itself.
 * Brotli where the client takes it, else gzip, else the document as it is. Everything else the
 * server sends still goes through the middleware, which leaves an encoded body alone.
 */
export async function encodeDocument(body: Buffer, acceptEncoding: string | null): Promise<{ body: Uint8Array<ArrayBuffer>; encoding: DocumentEncoding | null }> {
  const encoding = body.length < THRESHOLD_BYTES || !acceptEncoding ? null : chosenEncoding(acceptEncoding)
  if (encoding === 'br') {
    const params = { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length }
    return { body: bytesOf(await brotliOf(body, { params })), encoding }
  }
  if (encoding === 'gzip') return { body: bytesOf(await gzipOf(body, { level: GZIP_LEVEL })), encoding }
  return { body: bytesOf(body), encoding: null }
}

/** The client's choice among brotli, gzip and none; brotli where it likes both as well (as `compression` chooses). */
function chosenEncoding(acceptEncoding: string): DocumentEncoding | null {
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } })
  // negotiator 0.6.4 takes the server's preference as a second argument; its types do not say so yet.
  const encoding = (negotiator.encoding as (available: string[], preferred: string[]) => string | undefined).call(negotiator, ['br', 'gzip', 'identity'], ['br', 'gzip'])
  return encoding === 'br' || encoding === 'gzip' ? encoding : null
}

/** The same bytes as a plain Uint8Array, which a Response takes as its body. */
function bytesOf(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength)
}
