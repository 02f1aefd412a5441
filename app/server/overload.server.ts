import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { cookieValue, languageFromCookie, municipalityFromCookie, OVERLOAD_TEXT_KEYS, overloadPage, shouldShed, type LoopSample, type OverloadTexts } from '../domain/overload'
import { DEFAULT_LANGUAGE, directionOf, htmlLanguageOf, SUPPORTED_LANGUAGES } from '../i18n/config'
import type { Executor } from './db.server'
import { keptValues } from '../domain/kept-values'
import { retryAfterSeconds } from './rate-limits.server'

// Languages x waits x jours seen: a few hundred at most in practice.
const PAGES_KEPT = 512

export interface OverloadLimits {
  /** Requests are answered 503 while the event loop runs later than this. */
  eventLoopDelayMs: number
  /** A request whose response has not started after this is answered 503. */
  requestTimeoutMs: number
  /** What `Retry-After` and the page say. */
  retryAfterSeconds: number
  /**
   * Requests this process is answering at once. Past it the next is answered 503 at once:
   * requests that wait for a database connection hold no event loop, so only a bounded queue
   * keeps them from waiting without end.
   */
  maxInFlight: number
}

/**
 * A timer that notes how late it runs: the event loop's delay, measured without a histogram
 * to read, so the check on every request costs two subtractions.
 */
export function startLoopSampler(intervalMs = 100, holdMs = 1000): { sample: () => LoopSample; stop: () => void } {
  let lastTick = performance.now()
  let lagMs = 0
  // A stall's lag is kept for `holdMs` after the tick that saw it: the requests that queued up
  // behind the stall are answered in the next turns of the loop, and they are the ones to shed.
  let peak = { lagMs: 0, at: -Infinity }
  const timer = setInterval(() => {
    const now = performance.now()
    lagMs = Math.max(0, now - lastTick - intervalMs)
    lastTick = now
    if (lagMs >= peak.lagMs || now - peak.at > holdMs) peak = { lagMs, at: now }
  }, intervalMs)
  timer.unref()
  return {
    sample: () => {
      const now = performance.now()
      return { lagMs: now - peak.at <= holdMs ? Math.max(lagMs, peak.lagMs) : lagMs, sinceTickMs: now - lastTick, intervalMs }
    },
    stop: () => clearInterval(timer),
  }
}

/** The page's texts in every language, read once at start: nothing is read from disk while overloaded. */
export function loadOverloadTexts(localesDir = path.resolve('public/locales')): Record<string, OverloadTexts> {
  const texts: Record<string, OverloadTexts> = {}
  for (const language of SUPPORTED_LANGUAGES) {
    const file = path.join(localesDir, language, 'overload.json')
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    for (const key of OVERLOAD_TEXT_KEYS) {
      if (typeof parsed[key] !== 'string' || parsed[key] === '') throw new Error(`${file}: "${key}" is missing`)
    }
    texts[language] = parsed as unknown as OverloadTexts
  }
  return texts
}

export interface JourContact {
  name: string
  phone: string
}

/** Each municipality's jour and its public number, for those whose jour has one. */
export async function loadJourContacts(db: Executor): Promise<Map<string, JourContact>> {
  const rows = await db
    .selectFrom('jour_memberships as membership')
    .innerJoin('jour_units as jour', 'jour.id', 'membership.jour_id')
    .select(['membership.municipality_code as code', 'jour.name', 'jour.public_phone as phone'])
    .orderBy('membership.municipality_code')
    .orderBy('jour.id')
    .execute()
  const contacts = new Map<string, JourContact>()
  const seen = new Set<string>()
  for (const row of rows) {
    // The first jour by id, as routing takes it (coverage.server.ts), whether or not it has a number.
    if (seen.has(row.code)) continue
    seen.add(row.code)
    if (row.phone) contacts.set(row.code, { name: row.name, phone: row.phone })
  }
  return contacts
}

/**
 * The jours' numbers in memory, refreshed every minute, so the 503 page needs no database:
 * when the web is overloaded the database may well be the reason.
 */
export async function startJourDirectory(db: Executor, onError: (error: unknown) => void, refreshMs = 60_000) {
  let contacts = await loadJourContacts(db).catch((error: unknown) => {
    onError(error)
    return new Map<string, JourContact>()
  })
  const timer = setInterval(() => {
    loadJourContacts(db).then((fresh) => (contacts = fresh), onError)
  }, refreshMs)
  timer.unref()
  return {
    contactFor: (municipalityCode: string): JourContact | null => contacts.get(municipalityCode) ?? null,
    stop: () => clearInterval(timer),
  }
}

/**
 * After the 503 went out, the handler still running may answer too: its headers and body go
 * nowhere instead of throwing ERR_HTTP_HEADERS_SENT into Express.
 */
function ignoreLateResponse(res: ServerResponse) {
  const late = res as unknown as Record<string, unknown>
  const done = function (this: ServerResponse, ...args: unknown[]) {
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined
    if (callback) queueMicrotask(callback)
    return this
  }
  for (const method of ['status', 'setHeader', 'appendHeader', 'removeHeader', 'writeHead', 'flushHeaders', 'flush', 'end']) late[method] = done
  const write = (...args: unknown[]) => {
    done.apply(res, args)
    return true
  }
  late.write = write
}

/** The address's path, without its query: all a refusal needs to know of where a request goes. */
export function pathOf(url: string | undefined): string {
  const query = url?.indexOf('?') ?? -1
  return url === undefined ? '/' : query < 0 ? url : url.slice(0, query)
}

/**
 * Load shedding (issue 11): while the event loop runs late, or once a request has waited
 * past the timeout for its response to start, the answer is a 503 with `Retry-After` and a
 * static page that says to call 112 and gives the jour's number when the `oro_kommun` cookie
 * names the municipality. The handler of a timed-out request runs on; its result is dropped.
 *
 * A plain node:http handler, run before Express: under a flood nearly every request is refused
 * here, and a refusal that first went through Express and its middleware cost the web process
 * about three times the garbage (server.ts, docs/decisions/0021).
 */
export function shedLoad(options: {
  sampler: { sample: () => LoopSample }
  texts: Record<string, OverloadTexts>
  jours: { contactFor: (municipalityCode: string) => JourContact | null }
  limits: OverloadLimits
  /**
   * Milliseconds until a total rate limit that a request of this method and path counts
   * against opens again, or 0. While it is known to be spent the request is refused here,
   * before its body, its draft or a render cost anything: under a flood, refusals must be the
   * cheapest answer there is.
   */
  spentFor?: (method: string, pathname: string) => number
  /** The security headers of the refusal page (the service's own, but for a script nonce: the page has no script). */
  headers?: Readonly<Record<string, string>>
  /** Told of each refusal, for the request log. */
  onRefusal?: (req: IncomingMessage, status: number) => void
}): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const { sampler, texts, jours, limits } = options
  // Under a flood nearly every answer is this page, in a handful of variants: each is written once.
  const pages = keptValues<string, Buffer>(PAGES_KEPT)
  const securityHeaders = options.headers ?? {}
  const answer = (cookieHeader: string | undefined, res: ServerResponse, refusal = { status: 503, retryAfterSeconds: limits.retryAfterSeconds }) => {
    const language = languageFromCookie(cookieValue(cookieHeader, 'lng'), SUPPORTED_LANGUAGES, DEFAULT_LANGUAGE)
    const municipality = municipalityFromCookie(cookieValue(cookieHeader, 'oro_kommun'))
    const jour = municipality ? jours.contactFor(municipality) : null
    const key = `${language}\u0000${refusal.retryAfterSeconds}\u0000${jour?.name ?? ''}\u0000${jour?.phone ?? ''}`
    const page =
      pages.get(key) ??
      pages.keep(
        key,
        Buffer.from(
          overloadPage({
            language,
            htmlLanguage: htmlLanguageOf(language),
            direction: directionOf(language),
            texts: texts[language] ?? texts[DEFAULT_LANGUAGE]!,
            retryAfterSeconds: refusal.retryAfterSeconds,
            jour,
          }),
        ),
      )
    // Written directly rather than through Express's send: no ETag to hash, no charset to parse, for a page that is never cached.
    res.writeHead(refusal.status, {
      ...securityHeaders,
      'Retry-After': String(refusal.retryAfterSeconds),
      'Cache-Control': 'no-store',
      'Content-Language': htmlLanguageOf(language),
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(page.length),
    })
    res.end(page)
  }
  let inFlight = 0
  return (req, res, next) => {
    if (inFlight >= limits.maxInFlight || shouldShed(sampler.sample(), limits.eventLoopDelayMs)) {
      answer(req.headers.cookie, res)
      options.onRefusal?.(req, 503)
      return
    }
    const spentMs = options.spentFor?.(req.method ?? 'GET', pathOf(req.url)) ?? 0
    if (spentMs > 0) {
      answer(req.headers.cookie, res, { status: 429, retryAfterSeconds: retryAfterSeconds(spentMs) })
      options.onRefusal?.(req, 429)
      return
    }
    inFlight++
    const timer = setTimeout(() => {
      if (res.headersSent) return
      answer(req.headers.cookie, res)
      ignoreLateResponse(res)
    }, limits.requestTimeoutMs)
    let done = false
    // Counted out once its answer went out (for a timed-out request, the 503), however the handler ends.
    const finished = () => {
      clearTimeout(timer)
      if (done) return
      done = true
      inFlight--
    }
    res.once('finish', finished)
    res.once('close', finished)
    // An event stream (the live queue) stays open as long as its tab does: it holds no work,
    // so it is counted out once its headers go out rather than when it ends.
    const writeHead = res.writeHead
    // Named first, then assigned: V8 allocates a function written straight into a property in
    // the old generation, and from there it would keep this request's garbage alive (decision 0024).
    const countOutEventStream = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
      const written = writeHead.apply(this, args)
      const given = args.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg)) as Record<string, unknown> | undefined
      const type = res.getHeader('content-type') ?? Object.entries(given ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1]
      if (String(type ?? '').startsWith('text/event-stream')) finished()
      return written
    } as ServerResponse['writeHead']
    res.writeHead = countOutEventStream
    next()
  }
}
