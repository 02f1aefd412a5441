/**
 * The staff intake queue (/personal) over HTTP with 1,000,000 reports in the database: a
 * logged-in intake worker of Täby reads the first page of the default filter, the first
 * page of every report, and a deep page reached through the "Nästa sida" links; and the
 * plan PostgreSQL chooses for the queue query; and the statistics of seven municipalities over
 * the running tertial. It prints figures and asserts nothing about timing.
 *
 *   npx remix build && npx tsx tests/bench/queue.bench.ts
 *
 * Options through the environment: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (10),
 * BENCH_REPORTS (1000000), BENCH_DEEP_PAGES (20: "Nästa sida" links followed for the deep page),
 * BENCH_CPU_PROFILE (a folder: the web process writes a V8 CPU profile there when it stops),
 * BENCH_TEST_MODE=1 (the app as the tests run it, NODE_ENV=test with React's development build,
 * instead of production's build and defaults).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { generateTOTP } from '@epic-web/totp'
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely'
import pg from 'pg'
import { findStaff, scopeOf } from '../../app/server/auth.server'
import { readConfig } from '../../app/server/config.server'
import { createCipher } from '../../app/server/crypto.server'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../app/server/embedded-postgres.server'
import { countQueue, decodeCursor, listQueue, type QueueFilter } from '../../app/server/intake-queue.server'
import { hashPassword } from '../../app/server/auth.server'
import { municipalityStatistics } from '../../app/server/statistics.server'
import { tertialOf, tertialRange } from '../../app/domain/statistics'
import { REFERENCE_ALPHABET } from '../../app/domain/reference'
import { RULESET_VERSION } from '../../app/domain/triage'
import type { Database } from '../../db/schema'
import { startApp, type RunningApp } from '../support/app-server'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import type autocannon from 'autocannon'
import { Browser, CONNECTIONS, kb, load, ms, note, percentile, productionEnv, SECONDS, SESSION_SECRET, WARMUP_SECONDS, stopOnInterrupt, runBenchmark } from './support'

const REPORTS = Number(process.env.BENCH_REPORTS ?? 1_000_000)
const DEEP_PAGES = Number(process.env.BENCH_DEEP_PAGES ?? 20)
/** Distinct encrypted descriptions; report n gets number n modulo this. */
const DESCRIPTIONS = 1000
const TABY = '0160'
/** Share of the reports that are Täby's; the rest are spread evenly over the other municipalities. */
const TABY_SHARE = 0.05
const STAFF_EMAIL = 'mottagning.taby@bench.invalid'
/** The bench's own staff accounts (production seeds none): one password and TOTP secret for all. */
const STAFF_PASSWORD = 'bench-staff-password-2026'
const STAFF_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const TEST_MODE = process.env.BENCH_TEST_MODE === '1'
/** Socialjouren Nordost's seven municipalities, Täby among them: an intake worker of several. */
const NORDOST = ['0115', '0117', '0160', '0162', '0186', '0187', '0188']
const SEVERAL_EMAIL = 'mottagning.nordost@bench.invalid'

function hiddenCsrf(html: string, page: string): string {
  const csrf = /<input type="hidden" name="csrf" value="([^"]+)"/.exec(html)?.[1]
  if (!csrf) throw new Error(`no csrf input on ${page}`)
  return csrf
}

const unescapeHtml = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")

/** The href of the queue's "Nästa sida" link, as a path under /personal; null on the last page. */
function nextPageLink(html: string): string | null {
  const href = /<a [^>]*href="([^"]*)"[^>]*>Nästa sida<\/a>/.exec(html)?.[1]
  if (!href) return null
  const url = new URL(unescapeHtml(href), 'http://queue/personal')
  return url.pathname + url.search
}

/** Rows in the queue table of a page. */
const rowsOnPage = (html: string) => (html.match(/<tr[ >]/g)?.length ?? 1) - 1

// ---------------------------------------------------------------------------------------
// 1,000,000 reports in plain SQL.

/**
 * Every column of reports that must be given a value (NOT NULL, no default, not generated).
 * The insert below fills these; the script stops before seeding if the schema asks for more.
 */
const FILLED = [
  'reference',
  'submission_key',
  'municipality_code',
  'residence_unknown',
  'concerns',
  'categories',
  'description',
  'safety_answers',
  'status',
  'received_at',
  'language',
  'level',
  'triage_rules',
  'ruleset_version',
  'destination',
  'routing_reason',
  'routed_at',
  'alert_intake_duty',
  'protection_assessment_due',
  'decision_due',
  'reporter_notice',
  'protection_needed',
  'protection_assessed_at',
  'decision',
  'decided_at',
] as const

async function columnsToFill(client: pg.Client): Promise<string[]> {
  const result = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
     where table_schema = 'public' and table_name = 'reports' and is_nullable = 'NO'
       and column_default is null and is_generated = 'NEVER' and is_identity = 'NO'
     order by ordinal_position`,
  )
  return result.rows.map((row) => row.column_name)
}

/**
 * The reference: the report's number n written in base 32 with the reference alphabet, 11
 * symbols (5 bits each), so every reference is distinct and matches the CHECK pattern. (No
 * Luhn check symbol: only the pattern matters here.) The numbers ascend as the rows are
 * inserted, so the unique index on reference grows at its right edge; scrambled references
 * (n times an odd number modulo 2^55) tripled the seeding time on a 2-CPU machine, as a
 * third b-tree written at random (after the two random uuids) no longer fits PostgreSQL's
 * default 128 MB of shared buffers.
 */
const referenceSql = Array.from({ length: 11 }, (_, k) => `substr('${REFERENCE_ALPHABET}', ((n >> ${5 * (10 - k)}) & 31)::int + 1, 1)`).join(' || ')

/**
 * One insert of `count` reports numbered from `from`. Report n = 1 is the oldest and
 * n = REPORTS the newest, spread evenly over the last three years, so they go in in the
 * order they would have arrived. By age: the newest 10 % are new, the next 10 % in
 * progress, the older 80 % decided. Levels ~5 % immediate, 20 % urgent, 75 % standard;
 * 85 % about children (with the legal deadlines), 12 % about adults, 3 % from a person
 * about themselves. $1 is an array of descriptions encrypted as the app stores them.
 */
function insertSql(from: number, count: number): string {
  return `
    insert into reports (${FILLED.join(', ')})
    select
      ${referenceSql},
      gen_random_uuid(),
      case when r_municipality < ${TABY_SHARE} then '${TABY}' else others[1 + floor(r_other * cardinality(others))::int] end,
      r_extra < 0.02,
      concerns,
      '{neglect}',
      ($1::text[])[1 + n % cardinality($1::text[])],
      '{}'::jsonb,
      status,
      received_at,
      case when r_extra < 0.97 then 'sv' else 'en' end,
      level,
      case level when 'immediate' then '{safety.dangerNow.yes}'::text[] when 'urgent' then '{safety.childAlone.unknown}'::text[] else '{}'::text[] end,
      '${RULESET_VERSION}',
      'intake',
      case level when 'immediate' then 'office-hours-alert' else 'queue' end,
      received_at,
      level = 'immediate',
      case when concerns = 'children' then received_at + interval '6 hours' end,
      case when concerns = 'children' then received_at + interval '14 days' end,
      '{}'::jsonb,
      case when status <> 'new' and concerns = 'children' then r_level < 0.25 end,
      case when status <> 'new' and concerns = 'children' then received_at + interval '3 hours' end,
      case when status = 'decided' then (array['open', 'notOpen', 'notOpen', 'alreadyOpen', 'notForSocialServices'])[1 + floor(r_extra * 5)::int] end,
      case when status = 'decided' then received_at + (1 + r_days * 12) * interval '1 day' end
    from (
      select n, r_municipality, r_other, r_kind, r_level, r_extra, r_days,
        now() - age * interval '3 years' as received_at,
        case when age < 0.1 then 'new' when age < 0.2 then 'in_progress' else 'decided' end as status,
        case when r_level < 0.05 then 'immediate' when r_level < 0.25 then 'urgent' else 'standard' end as level,
        case when r_kind < 0.85 then 'children' when r_kind < 0.97 then 'adult' else 'self' end as concerns
      from (
        select n::bigint as n,
          (${REPORTS} - n + random()) / ${REPORTS}.0 as age,
          random() as r_municipality, random() as r_other, random() as r_kind, random() as r_level, random() as r_extra, random() as r_days
        from generate_series(${from}, ${from + count - 1}) as n
        offset 0
      ) numbered
    ) report,
    (select array_agg(code order by code) as others from municipalities where code <> '${TABY}') municipality`
}

/**
 * Loads one page with autocannon. `cookie` is one session for every connection (one person's ten
 * tabs: each request updates the same session row) or a list, one session per connection (ten
 * staff members reading their queue).
 */
async function benchmarkPage(label: string, baseURL: string, pathname: string, cookie: string | string[], appPid: number) {
  const sessions = Array.isArray(cookie) ? cookie : [cookie]
  console.log(`\n${label}: GET ${pathname.length > 90 ? `${pathname.slice(0, 90)}…` : pathname}`)
  console.log(
    `  ${CONNECTIONS} connections, ${sessions.length === 1 ? 'one session' : `${sessions.length} sessions`}, ${SECONDS} s (after a ${WARMUP_SECONDS} s warm-up); Accept-Encoding: gzip like a browser`,
  )
  let handedOut = 0
  const options = {
    url: baseURL + pathname,
    connections: CONNECTIONS,
    headers: { 'accept-encoding': 'gzip' },
    requests: [
      {
        method: 'GET',
        path: pathname,
        // The context is the connection's own: each connection keeps the session it was given.
        setupRequest: (request: autocannon.Request, context: Record<string, unknown>) => {
          context.cookie ??= sessions[handedOut++ % sessions.length]
          return { ...request, headers: { ...request.headers, 'accept-encoding': 'gzip', cookie: context.cookie as string } }
        },
      },
    ],
  }
  await load({ ...options, duration: WARMUP_SECONDS })
  const cpuBefore = cpuSnapshot(appPid)
  const { result, latencies } = await load({ ...options, duration: SECONDS })
  const cpuAfter = cpuSnapshot(appPid)
  const perResponse = (key: 'app' | 'postgres' | 'bench') => ms((cpuAfter[key] - cpuBefore[key]) / Math.max(1, latencies.length))
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]))
  note(`${label}: status codes`, JSON.stringify(codes))
  note(`${label}: responses`, `${latencies.length} in ${result.duration.toFixed(1)} s (errors ${result.errors}, timeouts ${result.timeouts})`)
  note(`${label}: throughput`, `${(latencies.length / result.duration).toFixed(1)} req/s`)
  note(
    `${label}: latency p50 / p95 / p99`,
    `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))} (max ${ms(latencies.at(-1) ?? Number.NaN)})`,
  )
  note(`${label}: CPU per response`, `app ${perResponse('app')}, PostgreSQL ${perResponse('postgres')}, autocannon ${perResponse('bench')}`)
  if (Object.keys(codes).some((code) => code !== '200')) console.log('  WARNING: not every response was a 200 (a lost session answers 303 to the login page)')
}

// ---------------------------------------------------------------------------------------
// CPU time per response, by process: a figure other people's work on the machine moves far less than latency.

/** Every process on the machine with its parent and command line. */
function processTable(): Array<{ pid: number; ppid: number; command: string }> {
  const found: Array<{ pid: number; ppid: number; command: string }> = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      found.push({ pid: Number(entry), ppid, command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ') })
    } catch {
      // ended meanwhile
    }
  }
  return found
}

/** CPU time (user + system, ms) used so far by a process (Linux counts 100 ticks a second). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return 0
  }
}

/** CPU so far of the app (its wrapper, web and worker processes), PostgreSQL (its processes alive now) and this script. */
function cpuSnapshot(appPid: number) {
  const table = processTable()
  const under = (root: number) => {
    const found = new Set([root])
    for (let grew = true; grew;) {
      grew = false
      for (const info of table) {
        if (found.has(info.ppid) && !found.has(info.pid)) {
          found.add(info.pid)
          grew = true
        }
      }
    }
    return table.filter((info) => found.has(info.pid))
  }
  const app = under(appPid).reduce((sum, info) => sum + cpuMsOf(info.pid), 0)
  const postgres = under(process.pid)
    .filter((info) => /postgres/.test(info.command))
    .reduce((sum, info) => sum + cpuMsOf(info.pid), 0)
  const usage = process.cpuUsage()
  return { app, postgres, bench: (usage.user + usage.system) / 1000 }
}

// ---------------------------------------------------------------------------------------
// The plan of the queue query.

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Actual Rows': number
  'Actual Loops': number
  'Sort Method'?: string
  Plans?: PlanNode[]
}

function* walk(node: PlanNode): Generator<PlanNode> {
  yield node
  for (const child of node.Plans ?? []) yield* walk(child)
}

/**
 * Runs listQueue itself once, capturing the SQL it sends, then EXPLAIN (ANALYZE, BUFFERS)
 * of that SQL with its parameters: the plan of exactly the query the page runs.
 */
async function explainQueue(label: string, _db: Kysely<Database>, captured: { query: CompiledQuery | null }, client: pg.Client, run: () => Promise<unknown>) {
  captured.query = null
  await run()
  const query = captured.query as CompiledQuery | null
  if (!query) throw new Error('listQueue sent no query')
  const parameters = query.parameters as unknown[]
  const text = (await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, format text) ${query.sql}`, parameters)).rows.map((row) => row['QUERY PLAN'])
  const [json] = (await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(`explain (analyze, format json) ${query.sql}`, parameters)).rows[0]![
    'QUERY PLAN'
  ]
  console.log(`\n${label}: EXPLAIN (ANALYZE, BUFFERS) of the SQL listQueue sends`)
  console.log(`  ${query.sql.replace(/\s+/g, ' ')}`)
  console.log(`  parameters: ${JSON.stringify(parameters)}`)
  const top = text.filter((line) => !/^\s*(Planning|Execution) Time/.test(line)).slice(0, 16)
  for (const line of top) console.log(`  | ${line}`)
  if (text.length > top.length + 2) console.log(`  | … (${text.length - top.length - 2} more lines)`)
  for (const line of text.filter((line) => /^\s*(Planning|Execution) Time/.test(line))) console.log(`  | ${line}`)

  const nodes = [...walk(json!.Plan)]
  const seqScan = nodes.some((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'reports')
  const indexes = [...new Set(nodes.filter((node) => node['Index Name']).map((node) => `${node['Index Name']} (${node['Node Type']})`))]
  const sorts = nodes.filter((node) => node['Node Type'] === 'Sort' || node['Node Type'] === 'Incremental Sort')
  const sortedRows = sorts.map((node) => (node.Plans?.[0] ? node.Plans[0]['Actual Rows'] * node.Plans[0]['Actual Loops'] : 0))
  note(`${label}: execution time`, `${ms(json!['Execution Time'])} (a second EXPLAIN ANALYZE, no load from this script)`)
  note(`${label}: indexes used`, indexes.length ? indexes.join(', ') : 'none')
  note(`${label}: seq scan on reports`, seqScan ? 'YES' : 'no')
  note(
    `${label}: sort`,
    sorts.length
      ? sorts.map((node, i) => `${node['Node Type']} of ${Math.round(sortedRows[i]!)} rows (${node['Sort Method'] ?? '?'})`).join('; ')
      : 'none (rows come in index order)',
  )
  const mostSorted = Math.max(0, ...sortedRows)
  note(
    `${label}: verdict`,
    seqScan || mostSorted > 1000
      ? `reads ${Math.round(mostSorted)} rows to return ${json!.Plan['Actual Rows']}: no index gives this order (see README)`
      : `the page comes straight out of an index in queue order`,
  )
}

// ---------------------------------------------------------------------------------------

async function main() {
  let pgDir: string | undefined
  let database: EmbeddedDatabase | undefined
  let app: RunningApp | undefined
  let smtp: TestSmtp | undefined
  let client: pg.Client | undefined
  let db: Kysely<Database> | undefined
  const cleanup = async () => {
    await db?.destroy().catch(() => {})
    await client?.end().catch(() => {})
    await app?.stop().catch((error: unknown) => console.error('stopping the app failed:', error))
    await smtp?.stop().catch(() => {})
    smtp = undefined
    await database?.stop().catch((error: unknown) => console.error('stopping PostgreSQL failed:', error))
    if (pgDir) await rm(pgDir, { recursive: true, force: true })
    db = undefined
    client = undefined
    app = undefined
    database = undefined
    pgDir = undefined
  }
  const stopHandling = stopOnInterrupt(cleanup)

  try {
    console.log(`Orosanmälan staff queue benchmark (Node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'})`)
    note(
      'machine',
      `${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')} at start`,
    )

    // --- Start-up -----------------------------------------------------------------------
    console.log('\nStart-up')
    pgDir = await mkdtemp(path.join(os.tmpdir(), 'oro-bench-pg-'))
    // As root, the server runs as the `postgres` user, which must be able to reach the folder.
    await chmod(pgDir, 0o755)
    let started = Date.now()
    database = await startEmbeddedPostgres({ dataDir: pgDir })
    note('embedded PostgreSQL start (fresh initdb)', ms(Date.now() - started))
    // Twenty-odd sign-ins from this one address in a minute: more than the production limit of 30 attempts a minute.
    // Production's build and defaults unless BENCH_TEST_MODE=1; the mail server only takes what the app sends.
    smtp = await startTestSmtp()
    const appEnv = {
      ...(TEST_MODE ? {} : productionEnv(smtp.url)),
      FORM_MIN_FILL_SECONDS: '0',
      SESSION_SECRET,
      DATABASE_URL: database.url,
      RATE_LIMIT_LOGIN_PER_MINUTE: '300',
    }
    note('app mode', TEST_MODE ? 'NODE_ENV=test (React development build)' : 'NODE_ENV=production')
    // BENCH_CPU_PROFILE=<folder>: the web process writes a V8 CPU profile there when it stops.
    const profileDir = process.env.BENCH_CPU_PROFILE
    app = await startApp(appEnv, profileDir ? { withoutWrapper: true, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {})
    note('app spawn -> first 200 of /readyz', `${ms(app.startupMs)} (migrations + seed included)`)
    client = new pg.Client({ connectionString: database.url })
    await client.connect()
    const version = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version
    note('PostgreSQL', version)

    // --- Seeding --------------------------------------------------------------------------
    console.log(`\nSeeding ${REPORTS.toLocaleString('en')} reports with insert … select … from generate_series`)
    const required = await columnsToFill(client)
    const missing = required.filter((column) => !(FILLED as readonly string[]).includes(column))
    if (missing.length > 0) {
      throw new Error(`reports has NOT NULL columns without a default that this benchmark does not fill: ${missing.join(', ')}; add them to FILLED and insertSql()`)
    }
    const municipalities = Number((await client.query<{ count: string }>('select count(*) from municipalities')).rows[0]!.count)
    // Descriptions are stored encrypted (migration 0006): sealed with the app's own cipher and
    // the key the app runs with (its configuration from the same environment), so the rows are
    // as wide as real ones and the app could open them.
    const cipher = createCipher(readConfig({ ...process.env, NODE_ENV: 'test', ...appEnv }))
    const descriptions = Array.from({ length: DESCRIPTIONS }, (_, i) =>
      cipher.encrypt(
        `Anmälan ${i + 1}. Barnet har under flera veckor kommit till skolan hungrigt och trött och berättar att det ` +
          'ofta är bråk hemma på kvällarna. Hen har sagt att hen inte vill gå hem efter skolan. Vi har pratat med ' +
          'vårdnadshavarna, som inte känner igen bilden.',
        'reports.description',
      ),
    )
    note('seeding: stored description', `${descriptions[0]!.length} characters (encrypted, ${DESCRIPTIONS} distinct)`)
    // The same pseudo-random reports on every run.
    await client.query('select setseed(0.2026)')
    started = Date.now()
    const BATCH = 250_000
    for (let from = 1; from <= REPORTS; from += BATCH) {
      const batchStarted = Date.now()
      await client.query(insertSql(from, Math.min(BATCH, REPORTS - from + 1)), [descriptions])
      console.log(`  reports ${from}-${Math.min(from + BATCH - 1, REPORTS)} inserted in ${ms(Date.now() - batchStarted)}`)
    }
    const insertMs = Date.now() - started
    note(
      'seeding: insert',
      `${REPORTS.toLocaleString('en')} reports in ${(insertMs / 1000).toFixed(1)} s (${Math.round(REPORTS / (insertMs / 1000)).toLocaleString('en')} rows/s, ${Math.ceil(REPORTS / BATCH)} statements)`,
    )
    // VACUUM ANALYZE rather than ANALYZE alone: autovacuum would otherwise start on the
    // million new rows during the load runs (and the first reads would write hint bits).
    // The checkpoint writes out the dirty pages now, not while the pages are measured.
    started = Date.now()
    await client.query('vacuum (analyze) reports')
    note('seeding: vacuum (analyze) reports', ms(Date.now() - started))
    started = Date.now()
    await client.query('checkpoint')
    note('seeding: checkpoint', ms(Date.now() - started))
    const size = (
      await client.query<{ table: string; indexes: string }>("select pg_size_pretty(pg_table_size('reports')) as table, pg_size_pretty(pg_indexes_size('reports')) as indexes")
    ).rows[0]!
    note('seeding: size of reports', `${size.table} table + ${size.indexes} indexes`)
    const taby = (
      await client.query<{ status: string; level: string; count: string }>(
        `select status, level, count(*) from reports where municipality_code = $1 group by rollup (status, level) order by status, level`,
        [TABY],
      )
    ).rows
    const tabyTotal = Number(taby.find((row) => row.status === null)!.count)
    note(
      `seeding: Täby (${TABY}) reports`,
      `${tabyTotal.toLocaleString('en')} of ${REPORTS.toLocaleString('en')} (${((100 * tabyTotal) / REPORTS).toFixed(1)} %); the rest over the other ${municipalities - 1} municipalities`,
    )
    const byStatus = taby.filter((row) => row.status !== null && row.level === null).map((row) => `${row.status} ${Number(row.count).toLocaleString('en')}`)
    note('seeding: Täby by status', byStatus.join(', '))
    const openByLevel = (
      await client.query<{ level: string; count: string }>(
        `select level, count(*) from reports where municipality_code = $1 and status in ('new', 'in_progress') group by level order by min(level_rank)`,
        [TABY],
      )
    ).rows.map((row) => `${row.level} ${Number(row.count).toLocaleString('en')}`)
    note('seeding: Täby open (new + in progress)', openByLevel.join(', '))

    // --- Login over HTTP, as a browser --------------------------------------------------------
    // Accounts of the bench's own (production seeds no demo staff), not demo data: they sign in
    // in production as a real intake worker would. One of Täby, one of Nordost's seven.
    const passwordHash = await hashPassword(STAFF_PASSWORD)
    const addStaff = async (email: string, name: string, municipalityCodes: readonly string[]) => {
      await client!.query(
        `insert into staff_users (email, name, password_hash, role, totp_secret, totp_confirmed_at, is_demo_data)
         values ($1, $2, $3, 'intake', $4, now(), false)`,
        [email, name, passwordHash, STAFF_TOTP_SECRET],
      )
      await client!.query(`insert into staff_municipalities (staff_id, municipality_code) select id, unnest($2::text[]) from staff_users where email = $1`, [
        email,
        municipalityCodes,
      ])
    }
    await addStaff(STAFF_EMAIL, 'Bench Täby', [TABY])
    await addStaff(SEVERAL_EMAIL, 'Bench Nordost', NORDOST)
    const logIn = async (email: string) => {
      console.log(`\nLogging in as ${email} (password, then a TOTP code), as a browser does`)
      const started = Date.now()
      const browser = new Browser(app!.baseURL)
      const loginHtml = await browser.get('/personal/logga-in')
      if (!browser.cookie('oro_login_csrf')) throw new Error('GET /personal/logga-in set no oro_login_csrf cookie')
      await browser.post('/personal/logga-in', { csrf: hiddenCsrf(loginHtml, '/personal/logga-in'), email, password: STAFF_PASSWORD }, '/personal/kod')
      const codeHtml = await browser.get('/personal/kod')
      const { otp } = await generateTOTP({ secret: STAFF_TOTP_SECRET })
      await browser.post('/personal/kod', { csrf: hiddenCsrf(codeHtml, '/personal/kod'), code: otp }, '/personal')
      // Production names it `__Host-oro_staff` (staff-session.server.ts).
      const cookieName = TEST_MODE ? 'oro_staff' : '__Host-oro_staff'
      const staffCookie = browser.cookie(cookieName)
      if (!staffCookie) throw new Error(`no ${cookieName} cookie after the second factor`)
      note(`login of ${email} (4 requests, argon2id + TOTP)`, ms(Date.now() - started))
      return { browser, cookie: `${cookieName}=${staffCookie}` }
    }
    const { browser, cookie } = await logIn(STAFF_EMAIL)
    const several = await logIn(SEVERAL_EMAIL)
    // Ten staff members of Täby, one session each (each an account of its own: a TOTP code is taken once).
    const colleagues: string[] = []
    for (let n = 1; n <= CONNECTIONS; n++) {
      const email = `mottagning.taby.${n}@bench.invalid`
      await addStaff(email, `Bench Täby ${n}`, [TABY])
      colleagues.push((await logIn(email)).cookie)
    }

    // --- The pages ----------------------------------------------------------------------
    const firstOpen = await browser.get('/personal')
    const firstAll = await browser.get('/personal?status=all')
    let deepPath = '/personal?status=all'
    let deepHtml = firstAll
    const followMs: number[] = []
    for (let page = 1; page <= DEEP_PAGES; page++) {
      const next = nextPageLink(deepHtml)
      if (!next) throw new Error(`no "Nästa sida" link on page ${page} of ${deepPath}`)
      deepPath = next
      started = performance.now()
      deepHtml = await browser.get(deepPath)
      followMs.push(performance.now() - started)
    }
    const followSorted = [...followMs].sort((a, b) => a - b)
    console.log('\nThe pages, as the browser got them')
    note('(a) GET /personal', `${rowsOnPage(firstOpen)} rows, ${kb(Buffer.byteLength(firstOpen))} HTML, next link: ${nextPageLink(firstOpen) ? 'yes' : 'no'}`)
    note('(b) GET /personal?status=all', `${rowsOnPage(firstAll)} rows, ${kb(Buffer.byteLength(firstAll))} HTML, next link: ${nextPageLink(firstAll) ? 'yes' : 'no'}`)
    note(`(c) page ${DEEP_PAGES + 1} of status=all`, `${rowsOnPage(deepHtml)} rows, reached by following "Nästa sida" ${DEEP_PAGES} times`)
    note(
      `"Nästa sida" x${DEEP_PAGES}, one client: per page`,
      `p50 ${ms(percentile(followSorted, 50))}, max ${ms(followSorted.at(-1) ?? Number.NaN)} (${ms(followMs.reduce((sum, value) => sum + value, 0))} in all)`,
    )
    const auditBefore = Number((await client.query<{ count: string }>(`select count(*) from audit_log where action = 'queue.list'`)).rows[0]!.count)

    // --- Load -----------------------------------------------------------------------------
    await benchmarkPage('(a) open queue, page 1', app.baseURL, '/personal', cookie, app.pid)
    await benchmarkPage('(a10) open queue, page 1, ten staff', app.baseURL, '/personal', colleagues, app.pid)
    await benchmarkPage('(b) status=all, page 1', app.baseURL, '/personal?status=all', cookie, app.pid)
    await benchmarkPage(`(c) status=all, page ${DEEP_PAGES + 1}`, app.baseURL, deepPath, cookie, app.pid)
    const severalOpen = await several.browser.get('/personal')
    note('(d) GET /personal, 7 municipalities', `${rowsOnPage(severalOpen)} rows, ${kb(Buffer.byteLength(severalOpen))} HTML`)
    await benchmarkPage('(d) 7 municipalities, open queue, page 1', app.baseURL, '/personal', several.cookie, app.pid)
    const severalColleagues: string[] = []
    for (let n = 1; n <= CONNECTIONS; n++) {
      const email = `mottagning.nordost.${n}@bench.invalid`
      await addStaff(email, `Bench Nordost ${n}`, NORDOST)
      severalColleagues.push((await logIn(email)).cookie)
    }
    await benchmarkPage('(d10) 7 municipalities, open queue, ten staff', app.baseURL, '/personal', severalColleagues, app.pid)
    await benchmarkPage('(e) 7 municipalities, overdue, page 1', app.baseURL, '/personal?forsenade=ja', several.cookie, app.pid)

    // Requests cut when autocannon closed its connections may still write their audit row.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const auditAfter = Number((await client.query<{ count: string }>(`select count(*) from audit_log where action = 'queue.list'`)).rows[0]!.count)
    console.log('\nAudit log')
    note(
      'audit_log rows (queue.list)',
      `${auditAfter.toLocaleString('en')} (${(auditAfter - auditBefore).toLocaleString('en')} written by the load runs, warm-ups included: one per request)`,
    )

    // --- The plans -----------------------------------------------------------------------
    const captured: { query: CompiledQuery | null } = { query: null }
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
      log: (event) => {
        if (event.level === 'query') captured.query = event.query
      },
    })
    const staffId = (await client.query<{ id: string }>('select id from staff_users where email = $1', [STAFF_EMAIL])).rows[0]!.id
    const staff = await findStaff(db, staffId)
    if (!staff) throw new Error('the Täby staff member is not found')
    const scope = scopeOf(staff, new Date())
    if (scope.role !== 'intake') throw new Error('the Täby staff member is not of the intake unit')
    const deepCursor = decodeCursor(new URL(deepPath, 'http://queue').searchParams.get('efter'))
    const filters: Array<[string, QueueFilter]> = [
      ['(b) plan', { status: 'all', level: 'all', after: null }],
      ['(a) plan', { status: 'open', level: 'all', after: null }],
      ['(c) plan', { status: 'all', level: 'all', after: deepCursor }],
    ]
    const now = new Date()
    for (const [label, filter] of filters) await explainQueue(label, db, captured, client, () => listQueue(db!, scope, filter, now))
    await explainQueue('(a) counts', db, captured, client, () => countQueue(db!, scope, {}, now))
    const severalStaff = await findStaff(db, (await client.query<{ id: string }>('select id from staff_users where email = $1', [SEVERAL_EMAIL])).rows[0]!.id)
    if (!severalStaff) throw new Error('the Nordost staff member is not found')
    const severalScope = scopeOf(severalStaff, now)
    if (severalScope.role !== 'intake') throw new Error('the Nordost staff member is not of the intake unit')
    await explainQueue('(d) plan', db, captured, client, () => listQueue(db!, severalScope, { status: 'open', level: 'all', after: null }, now))
    await explainQueue('(d) counts', db, captured, client, () => countQueue(db!, severalScope, {}, now))
    await explainQueue('(e) plan', db, captured, client, () => listQueue(db!, severalScope, { status: 'open', level: 'all', overdue: true, after: null }, now))
    // The query of several municipalities as it was before the lateral merge: one range of every open report, sorted.
    await explainQueue('(d) plan before (in-list, sorted)', db, captured, client, () =>
      db!
        .selectFrom('reports')
        .select(['id', 'reference', 'level', 'received_at'])
        .where('municipality_code', 'in', NORDOST)
        .where(sql<boolean>`status in ('new', 'in_progress')`)
        .orderBy('level_rank')
        .orderBy('received_at')
        .orderBy('id')
        .limit(51)
        .execute(),
    )

    // --- Statistics ----------------------------------------------------------------------
    // An administrator of Nordost's seven municipalities opens /personal/statistik for the running tertial.
    const nordost = NORDOST
    const tertial = tertialRange(tertialOf(new Date()))
    const statisticsMs: number[] = []
    let counted = 0
    for (let run = 0; run < 5; run++) {
      const started = performance.now()
      const rows = await municipalityStatistics(db, nordost, tertial, new Date())
      statisticsMs.push(performance.now() - started)
      counted = rows.at(-1)?.reports ?? 0
    }
    statisticsMs.sort((a, b) => a - b)
    note(
      'statistics, 7 municipalities, running tertial',
      `${counted.toLocaleString('en')} reports counted; 5 runs: p50 ${ms(percentile(statisticsMs, 50))}, max ${ms(statisticsMs.at(-1)!)}`,
    )
    note(
      'machine',
      `load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')} at the end`,
    )
  } finally {
    await cleanup()
    stopHandling()
  }
}

runBenchmark(main)
