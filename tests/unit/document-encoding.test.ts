import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { encodeDocument } from '~/server/document-encoding.server'

// Pages as the service writes them, with Swedish letters: a citizen page's size (compressed in
// the request's turn) and a staff queue's (compressed on the thread pool).
const pageOf = (paragraphs: number) => Buffer.from(`<!DOCTYPE html><html lang="sv"><body>${'<p>Orosanmälan: en anmälan om oro för ett barn.</p>'.repeat(paragraphs)}</body></html>`)
const page = pageOf(60)
const largePage = pageOf(1500)

describe('a rendered document, compressed for the client that asked', () => {
  it.each([
    ['a citizen page', page],
    ['a staff queue', largePage],
  ])("gives a browser brotli (Chrome's own header) for %s, which decodes to the very page", async (_, document) => {
    const sent = await encodeDocument(document, 'gzip, deflate, br, zstd')
    expect(sent.encoding).toBe('br')
    expect(sent.body.length).toBeLessThan(document.length / 4)
    expect(brotliDecompressSync(sent.body).equals(document)).toBe(true)
  })

  it.each([
    ['a citizen page', page],
    ['a staff queue', largePage],
  ])('gives gzip for %s to a client that takes only gzip, or refuses brotli', async (_, document) => {
    for (const header of ['gzip', 'br;q=0, gzip', 'gzip;q=1, br;q=0.5']) {
      const sent = await encodeDocument(document, header)
      expect(sent.encoding, header).toBe('gzip')
      expect(gunzipSync(sent.body).equals(document), header).toBe(true)
    }
  })

  it('sends the page as it is to a client that asks for nothing, or for an encoding we do not write', async () => {
    for (const header of [null, '', 'identity', 'deflate', 'zstd', 'gzip;q=0, br;q=0', 'nonsense;;q=x']) {
      const sent = await encodeDocument(page, header)
      expect(sent.encoding, String(header)).toBeNull()
      expect(Buffer.from(sent.body).equals(page), String(header)).toBe(true)
    }
  })

  it('leaves a page under a kilobyte as it is: compressing it would not pay', async () => {
    const small = Buffer.from('<!DOCTYPE html><p>Hej</p>')
    const sent = await encodeDocument(small, 'gzip, br')
    expect(sent.encoding).toBeNull()
    expect(Buffer.from(sent.body).equals(small)).toBe(true)
  })
})
