/**
 * HTTP benchmark of the real service: start-up, the JavaScript each public page loads,
 * GET / and a step page under load beside the floor (node:http serving the same bytes), and
 * the final submit (POST /anmalan/kontrollera) under load.
 * It prints figures and asserts nothing about timing.
 *
 *   npx remix build && npx tsx tests/bench/http.bench.ts
 *
 * Options through the environment: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (10),
 * BENCH_DRAFTS (drafts made ready for the submit run, default 30000), BENCH_CPU_PROFILE (a
 * folder: the web process writes a V8 CPU profile there when it stops).
 */
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { createCookie } from '@remix-run/node'
import type autocannon from 'autocannon'
import pg from 'pg'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../app/server/embedded-postgres.server'
import { startApp, type RunningApp } from '../support/app-server'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import {
  Browser,
  CONNECTIONS,
  describeLoad,
  kb,
  load,
  ms,
  note,
  SECONDS,
  SESSION_SECRET,
  WARMUP_SECONDS,
  stopOnInterrupt,
  runBenchmark,
  noteMachineLoad,
  productionEnv,
  cpuMs,
  type LoadResult,
} from './support'

const DRAFTS = Number(process.env.BENCH_DRAFTS ?? 30_000)
const CONFIRMATION = '/anmalan/bekraftelse'

const draftCookie = createCookie('oro_draft', { secrets: [SESSION_SECRET], httpOnly: true, sameSite: 'lax', path: '/' })

// One complete report: a professional (a teacher) about one child; every step filled as a person would.
const REPORT_STEPS: Array<[string, Record<string, string | string[]>, string]> = [
  ['/anmalan/kommun', { municipality: '1485' }, '/anmalan/vem'],
  ['/anmalan/vem', { concerns: 'children' }, '/anmalan/personer'],
  [
    '/anmalan/personer',
    { 'people[0].name': 'Alva Exempel', 'people[0].approximateAge': '8', 'people[0].school': 'Centrumskolan', 'people[0].guardians': 'Mamma och pappa' },
    '/anmalan/oro',
  ],
  [
    '/anmalan/oro',
    { categories: ['neglect', 'domesticViolence'], description: 'Alva har under flera veckor kommit till skolan hungrig och berättar om bråk hemma på kvällarna.' },
    '/anmalan/sakerhet',
  ],
  [
    '/anmalan/sakerhet',
    {
      dangerNow: 'no',
      injured: 'no',
      childAlone: 'unknown',
      afraidToGoHome: 'yes',
      abuserAccessTonight: 'unknown',
      sexualAbuseAccess: 'no',
      suicideRisk: 'no',
      takenAbroad: 'no',
      caregiverIntoxicated: 'unknown',
      nowhereToSleep: 'no',
    },
    '/anmalan/om-dig',
  ],
  ['/anmalan/om-dig', { kind: 'professional' }, '/anmalan/kontaktuppgifter'],
  [
    '/anmalan/kontaktuppgifter',
    {
      name: 'Lärare Exempel',
      organisationType: 'school',
      organisationName: 'Centrumskolan',
      role: 'Klasslärare',
      phone: '0522-123456',
      email: 'larare@skola.example',
      guardiansInformed: 'yes',
    },
    '/anmalan/kontrollera',
  ],
]

// ---------------------------------------------------------------------------------------
// The JavaScript a page loads: the module scripts and modulepreloads of its HTML.

function scriptsInHtml(html: string): Set<string> {
  const found = new Set<string>()
  for (const match of html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)) found.add(match[1]!)
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) found.add(match[1]!)
  for (const match of html.matchAll(/<script[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const imported of match[1]!.matchAll(/import(?:[^'"();]*from)?\s*\(?\s*"([^"]+\.js)"/g)) found.add(imported[1]!)
  }
  return found
}

interface Manifest {
  entry: { module: string; imports: string[] }
  routes: Record<string, { module: string; imports?: string[]; path?: string; index?: boolean; parentId?: string }>
  url?: string
}

/** The inline Remix manifest of a hydrated page; a citizen page (not hydrated) has none. */
function inlineManifest(html: string): Manifest | null {
  const match = /window\.__remixManifest = (\{[\s\S]*?\});\n/.exec(html)
  return match ? (JSON.parse(match[1]!) as Manifest) : null
}

/** What the manifest says a route loads on first visit: entry, root and the route, with their imports. */
function scriptsFromManifest(manifest: Manifest, routeId: string): Set<string> {
  const root = manifest.routes.root!
  const route = manifest.routes[routeId]!
  return new Set([manifest.entry.module, ...manifest.entry.imports, root.module, ...(root.imports ?? []), route.module, ...(route.imports ?? [])])
}

class JsSizes {
  private files = new Map<string, { raw: number; gzip: number; imports: string[] }>()
  constructor(private baseURL: string) {}

  private async file(url: string) {
    let file = this.files.get(url)
    if (!file) {
      const response = await fetch(this.baseURL + url)
      if (!response.ok) throw new Error(`GET ${url}: ${response.status}`)
      const buffer = Buffer.from(await response.arrayBuffer())
      const imports = [...buffer.toString('utf8').matchAll(/(?:from|import)\s*\(?\s*"(\/build\/[^"]+\.js)"/g)].map((match) => match[1]!)
      file = { raw: buffer.length, gzip: gzipSync(buffer, { level: 9 }).length, imports }
      this.files.set(url, file)
    }
    return file
  }

  /** The files and every file they import statically, and their summed sizes. */
  async total(urls: Iterable<string>) {
    const seen = new Set<string>()
    const queue = [...urls]
    let raw = 0
    let gzip = 0
    while (queue.length > 0) {
      const url = queue.shift()!
      if (seen.has(url)) continue
      seen.add(url)
      const file = await this.file(url)
      raw += file.raw
      gzip += file.gzip
      queue.push(...file.imports)
    }
    return { files: seen.size, raw, gzip, closure: seen }
  }
}

/**
 * A node:http server that answers every request with the status, headers and (gzipped) body
 * the app gave for `url` once: the fastest this machine serves those bytes at all.
 */
async function startFloor(url: string): Promise<{ url: string; bytes: number; stop: () => Promise<void> }> {
  const sample = await new Promise<{ status: number; headers: http.OutgoingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const headers = { ...response.headers }
          // Sent as one body with its length, as a server that has the page in memory would.
          delete headers['transfer-encoding']
          delete headers.connection
          delete headers['keep-alive']
          const body = Buffer.concat(chunks)
          resolve({ status: response.statusCode ?? 200, headers: { ...headers, 'content-length': String(body.length) }, body })
        })
      })
      .on('error', reject)
  })
  const server = http.createServer((_request, response) => {
    response.writeHead(sample.status, sample.headers)
    response.end(sample.body)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${new URL(url).pathname}`,
    bytes: sample.body.length,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Rows in reports, all of them or those made from the given drafts (submission keys). */
async function countReports(client: pg.Client, submissionKeys?: string[]): Promise<number> {
  const result = submissionKeys
    ? await client.query<{ count: string }>('select count(*) from reports where submission_key = any($1::uuid[])', [submissionKeys])
    : await client.query<{ count: string }>('select count(*) from reports')
  return Number(result.rows[0]!.count)
}

// ---------------------------------------------------------------------------------------

async function main() {
  let pgDir: string | undefined
  let database: EmbeddedDatabase | undefined
  let app: RunningApp | undefined
  let client: pg.Client | undefined
  let smtp: TestSmtp | undefined
  const cleanup = async () => {
    await client?.end().catch(() => {})
    await app?.stop().catch((error: unknown) => console.error('stopping the app failed:', error))
    await smtp?.stop().catch(() => {})
    smtp = undefined
    await database?.stop().catch((error: unknown) => console.error('stopping PostgreSQL failed:', error))
    if (pgDir) await rm(pgDir, { recursive: true, force: true })
    client = undefined
    app = undefined
    database = undefined
    pgDir = undefined
  }
  const stopHandling = stopOnInterrupt(cleanup)

  try {
    console.log(`Orosanmälan HTTP benchmark (Node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'})`)
    // The client (autocannon, in this process), the app and PostgreSQL share these CPUs; other
    // work on the machine shows in the load average and moves every figure below.
    noteMachineLoad('at start')

    // --- Start-up -----------------------------------------------------------------------
    // Our own embedded PostgreSQL, so the benchmark knows the database URL (startApp's own
    // embedded database is not reachable from outside the app). Same code path as `npm start`.
    console.log('\nStart-up')
    pgDir = await mkdtemp(path.join(os.tmpdir(), 'oro-bench-pg-'))
    // As root, the server runs as the `postgres` user, which must be able to reach the folder.
    await chmod(pgDir, 0o755)
    let started = Date.now()
    database = await startEmbeddedPostgres({ dataDir: pgDir })
    note('embedded PostgreSQL start (fresh initdb)', ms(Date.now() - started))

    started = Date.now()
    smtp = await startTestSmtp()
    // As production runs (React's production build); the per-address submit limit raised, since every
    // submit here comes from this one address and the run measures the submit, not the limiter.
    app = await startApp(
      {
        ...productionEnv(smtp.url),
        FORM_MIN_FILL_SECONDS: '0',
        SESSION_SECRET,
        DATABASE_URL: database.url,
        RATE_LIMIT_SUBMITS_PER_MINUTE: '1000000',
        RATE_LIMIT_SUBMITS_PER_HOUR: '1000000',
        // This run measures how fast submits are stored, not the total that keeps a flood out.
        RATE_LIMIT_TOTAL_SUBMITS_PER_SECOND: '1000000',
      },
      { withoutWrapper: true, nodeArgs: process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [] },
    )
    note('app spawn -> first 200 of /readyz', `${ms(app.startupMs)} (migrations + seed included)`)
    const firstGet = Date.now()
    const firstResponse = await fetch(`${app.baseURL}/`)
    await firstResponse.text()
    if (firstResponse.status !== 200) throw new Error(`GET / answered ${firstResponse.status}`)
    note('app spawn -> first 200 of GET /', `${ms(Date.now() - started)} (that first GET / alone ${ms(Date.now() - firstGet)})`)

    client = new pg.Client({ connectionString: database.url })
    await client.connect()

    // --- JavaScript per page -----------------------------------------------------------
    console.log('\nJavaScript each public page loads (module scripts + modulepreloads, with static imports; gzip -9)')
    const sizes = new JsSizes(app.baseURL)
    const pages: Array<{ page: string; html: string }> = []
    const visitor = new Browser(app.baseURL)
    for (const page of ['/', '/sakerhet-pa-natet', '/tillganglighet', '/anmalan/kommun']) pages.push({ page, html: await visitor.get(page) })

    // The "don't know the municipality" branch, for the whereabouts page.
    const unsure = new Browser(app.baseURL)
    await unsure.post('/anmalan/kommun', { municipality: 'unknown' }, '/anmalan/vistelseort')
    pages.push({ page: '/anmalan/vistelseort', html: await unsure.get('/anmalan/vistelseort') })

    // One whole report through the form, page by page, as a person without JavaScript sends it.
    const reporter = new Browser(app.baseURL)
    for (const [page, form, next] of REPORT_STEPS) {
      if (page !== '/anmalan/kommun') pages.push({ page, html: await reporter.get(page) })
      await reporter.post(page, form, next)
    }
    const checkHtml = await reporter.get('/anmalan/kontrollera')
    pages.push({ page: '/anmalan/kontrollera', html: checkHtml })
    const walkedDraftId = (await draftCookie.parse(`oro_draft=${reporter.cookie('oro_draft')}`)) as string
    // Encrypted, and bound to its column rather than its row: the same ciphertext serves every copy.
    const answers = (await client.query<{ answers_ciphertext: string }>('select answers_ciphertext from report_drafts where id = $1', [walkedDraftId])).rows[0]?.answers_ciphertext
    if (!answers) throw new Error('the walked draft is not in report_drafts')
    const submissionKey = /name="submissionKey" value="([^"]+)"/.exec(checkHtml)?.[1]
    if (submissionKey !== walkedDraftId) throw new Error('the check page does not carry the draft id as its submission key')
    await reporter.post('/anmalan/kontrollera', { submissionKey, website: '' }, CONFIRMATION)
    pages.push({ page: CONFIRMATION, html: await reporter.get(CONFIRMATION) })

    let allAgree = true
    for (const { page, html } of pages) {
      const fromHtml = scriptsInHtml(html)
      const manifest = inlineManifest(html)
      const total = await sizes.total(fromHtml)
      // A hydrated page must load exactly what the manifest says; a citizen page only public/enhance.js.
      const expected = manifest
        ? scriptsFromManifest(manifest, Object.keys(manifest.routes).find((id) => id !== 'root' && fromHtml.has(manifest.routes[id]!.module)) ?? 'root')
        : new Set([...fromHtml].filter((url) => url.startsWith('/enhance.js?')))
      const agrees = expected.size === total.closure.size && [...total.closure].every((url) => expected.has(url))
      allAgree &&= agrees
      note(`JS ${page}`, `${kb(total.gzip)} gzip (${kb(total.raw)} raw, ${total.files} files${manifest ? ', hydrated' : ''})${agrees ? '' : ' [not what was expected]'}`)
    }
    console.log(`  (each page ${allAgree ? 'loads' : 'does NOT load'} what it should: a hydrated page its Remix manifest's modules, a citizen page public/enhance.js alone)`)

    // --- Pages under load, beside the floor ----------------------------------------------
    // The floor: node:http answering every request with the very bytes and headers the app sent
    // for that page (gzipped), at the same concurrency, in the same run: what the machine and
    // the client can do at all, so the app's figure is read as a ratio to it.
    for (const page of ['/', '/anmalan/kommun']) {
      console.log(`\nGET ${page} : ${CONNECTIONS} connections, ${SECONDS} s (after a ${WARMUP_SECONDS} s warm-up); Accept-Encoding: gzip like a browser`)
      const getOptions = { url: `${app.baseURL}${page}`, connections: CONNECTIONS, headers: { 'accept-encoding': 'gzip' } }
      await load({ ...getOptions, duration: WARMUP_SECONDS })
      const cpuBefore = cpuMs(app.pid)
      const measured = await load({ ...getOptions, duration: SECONDS })
      // CPU time per page moves far less than requests/s when other work shares the machine.
      note(`GET ${page}: web process CPU per page`, ms((cpuMs(app.pid) - cpuBefore) / Math.max(1, measured.latencies.length)))
      note(`GET ${page}: status codes`, JSON.stringify(Object.fromEntries(Object.entries(measured.result.statusCodeStats).map(([code, stat]) => [code, stat.count]))))
      describeLoad(`GET ${page}`, measured)
      const floor = await startFloor(`${app.baseURL}${page}`)
      try {
        await load({ ...getOptions, url: floor.url, duration: WARMUP_SECONDS })
        const bare = await load({ ...getOptions, url: floor.url, duration: SECONDS })
        describeLoad(`floor for GET ${page} (node:http, same ${kb(floor.bytes)} and headers)`, bare)
        const rate = (result: LoadResult) => result.latencies.length / result.result.duration
        note(`GET ${page}: app / floor`, `${((100 * rate(measured)) / rate(bare)).toFixed(1)} % of the floor's requests/s`)
      } finally {
        await floor.stop()
      }
    }

    // --- Final submit under load ----------------------------------------------------------
    // Every submit consumes its draft, so many complete drafts go straight into report_drafts,
    // each a copy of the walked draft's answers, with its own signed cookie.
    console.log(`\nPOST /anmalan/kontrollera (final submit): ${CONNECTIONS} connections, ${SECONDS} s (after a ${WARMUP_SECONDS} s warm-up)`)
    started = Date.now()
    const ids = Array.from({ length: DRAFTS }, () => randomUUID())
    for (let from = 0; from < ids.length; from += 10_000) {
      await client.query(
        `insert into report_drafts (id, answers_ciphertext, started_at, updated_at)
         select id, $2, now() - interval '10 minutes', now() from unnest($1::uuid[]) as id`,
        [ids.slice(from, from + 10_000), answers],
      )
    }
    const drafts = await Promise.all(ids.map(async (id) => ({ id, cookie: (await draftCookie.serialize(id)).split(';')[0]! })))
    console.log(`  ${DRAFTS} drafts inserted and their cookies signed in ${ms(Date.now() - started)}`)

    let next = 0
    let ranOut = 0
    let sentIds: string[] = []
    let confirmedIds: string[] = []
    const otherResponses = new Map<string, number>()
    const submitRequest: autocannon.Request = {
      method: 'POST',
      path: '/anmalan/kontrollera',
      // autocannon keeps one context per connection and, with no pipelining, one request in
      // flight on it: the context tells onResponse which draft its answer belongs to.
      setupRequest: (request, context) => {
        const draft = drafts[next++]
        if (!draft) ranOut++
        else sentIds.push(draft.id)
        context.draftId = draft?.id
        return {
          ...request,
          headers: { ...request.headers, 'content-type': 'application/x-www-form-urlencoded', ...(draft ? { cookie: draft.cookie } : {}) },
          body: `submissionKey=${draft?.id ?? ''}&website=`,
        }
      },
      onResponse: (status, _body, context, headers) => {
        const location = Object.entries(headers).find(([name]) => name.toLowerCase() === 'location')?.[1]
        if (status === 303 && location === CONFIRMATION) confirmedIds.push(context.draftId as string)
        else {
          const key = `${status}${location ? ` -> ${location}` : ''}`
          otherResponses.set(key, (otherResponses.get(key) ?? 0) + 1)
        }
      },
    }
    const submitOptions = { url: app.baseURL, connections: CONNECTIONS, requests: [submitRequest] }
    await load({ ...submitOptions, duration: WARMUP_SECONDS })
    const warmupOthers = [...otherResponses]
    // Let submits still in flight when the warm-up stopped finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const reportsBefore = await countReports(client)
    sentIds = []
    confirmedIds = []
    otherResponses.clear()

    const submit = await load({ ...submitOptions, duration: SECONDS })
    // Submits in flight when autocannon closed its connections may still commit: wait for them.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const made = (await countReports(client)) - reportsBefore
    const confirmed = confirmedIds.length
    const confirmedSet = new Set(confirmedIds)
    const unanswered = sentIds.filter((id) => !confirmedSet.has(id))
    const rowsForConfirmed = await countReports(client, confirmedIds)
    const rowsForUnanswered = await countReports(client, unanswered)
    const draftsLeft = Number((await client.query<{ count: string }>('select count(*) from report_drafts')).rows[0]!.count)

    if (warmupOthers.length > 0) console.log(`  warm-up had other responses: ${JSON.stringify(Object.fromEntries(warmupOthers))}`)
    note('submit: 303 -> confirmation (success)', String(confirmed))
    note('submit: other responses', otherResponses.size === 0 ? '0' : JSON.stringify(Object.fromEntries(otherResponses)))
    describeLoad('submit', submit, 'submits/s')
    note('submit: successful submits/s', `${(confirmed / submit.result.duration).toFixed(1)}`)
    note('submit: reports rows of the 303ed drafts', `${rowsForConfirmed} (303s ${confirmed}: ${rowsForConfirmed === confirmed ? 'equal' : 'NOT EQUAL'})`)
    note(
      'submit: reports rows added in the run',
      `${made} = ${rowsForConfirmed} answered + ${rowsForUnanswered} committed after autocannon cut ${unanswered.length} in-flight request(s)` +
        (made === rowsForConfirmed + rowsForUnanswered ? '' : ' [DOES NOT ADD UP]'),
    )
    note('submit: drafts left unused', String(draftsLeft))
    if (ranOut > 0) console.log(`  WARNING: the drafts ran out ${ranOut} times; raise BENCH_DRAFTS`)
  } finally {
    await cleanup()
    stopHandling()
  }
}

runBenchmark(main)
