import { Writable } from 'node:stream'
import { type ActionFunctionArgs, type AppLoadContext, type EntryContext, type LoaderFunctionArgs } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { NonceProvider } from './components/nonce'
import { pageHydrates } from './hydration'
import { requestLanguage } from './i18n/i18next.server'
import { renderInstance } from './i18n/translations.server'
import { encodeDocument } from './server/document-encoding.server'
import { safeError } from './server/logger.server'

const ABORT_DELAY = 5_000
// Shared with the patch of @remix-run/express (patches/), which looks for it on a document's Response.
const WHOLE_DOCUMENT = Symbol.for('orosanmalan.whole-document')

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const instance = renderInstance(await requestLanguage(request))
  // The loaders' data streamed into the page for hydration: a page that is not hydrated has no
  // reader for it, and Remix (patched, decision 0019) encodes it only when it is read.
  const handles = remixContext.staticHandlerContext.matches.map((match) => remixContext.routeModules[match.route.id]?.handle)
  if (!pageHydrates(handles)) remixContext.serverHandoffStream = undefined

  const nonce = loadContext.cspNonce

  return new Promise((resolve, reject) => {
    let shellRendered = false
    // A render still running after this is cut off; one that finished clears it.
    const timer = setTimeout(() => abort(), ABORT_DELAY + 1000)
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        // No page defers data, so streaming would send nothing sooner; it would only hand the
        // document to gzip and the socket in many small pieces, each a zlib call and a write
        // (a sixth of a staff queue page's CPU). The whole document goes out as one body,
        // compressed in one pass (decisions 0014 and 0018).
        onShellReady() {
          shellRendered = true
        },
        onAllReady() {
          const chunks: Buffer[] = []
          const document = new Writable({
            // React ends its request when its destination closes; this one only collects, and a
            // close after the end made React end it a second time (an error built and dropped each page).
            emitClose: false,
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk)
              done()
            },
            final(done) {
              clearTimeout(timer)
              encodeDocument(Buffer.concat(chunks), request.headers.get('Accept-Encoding')).then((document) => {
                responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
                responseHeaders.append('Vary', 'Accept-Encoding')
                if (document.encoding) responseHeaders.set('Content-Encoding', document.encoding)
                // With its length known the body goes out in one write, not as chunks.
                responseHeaders.set('Content-Length', String(document.body.length))
                const response = new Response(document.body, { headers: responseHeaders, status: responseStatusCode })
                // The Express adapter (patched, decision 0019) writes this buffer in one call instead
                // of reading the body back through a web stream.
                Object.defineProperty(response, WHOLE_DOCUMENT, { value: document.body })
                resolve(response)
              }, reject)
              done()
            },
          })
          pipe(document)
        },
        onShellError(error: unknown) {
          clearTimeout(timer)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // An error before the shell reaches onShellError, and Remix's handleError logs it.
          if (shellRendered) console.error(safeError(error))
        },
      },
    )
  })
}

/**
 * Remix's errors from loaders, actions and rendering. A route error response (no route
 * matches, no action) is a 4xx the request line already shows; Remix's own message for it
 * quotes the URL. Anything else is logged scrubbed (server.ts sends the console to the logger).
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return
  if (isRouteErrorResponse(error) && error.status < 500) return
  console.error(safeError(error))
}
