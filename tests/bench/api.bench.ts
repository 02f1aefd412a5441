/**
 * The export API with 1,000,000 reports in the database (80 % of them decided and none
 * registered: the longest ready list there can be): a case system's first page of the ready
 * list and a page deep in it, for a client of one municipality and of seven, the plan
 * PostgreSQL chooses for the list, and one report as JSON and as PDF. It prints figures and
 * asserts nothing about timing.
 *
 *   npx remix build && npx tsx tests/bench/api.bench.ts
 *
 * Options through the environment: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (10),
 * BENCH_REPORTS (1000000), BENCH_DEEP_PAGES (20: cursors followed for the deep page),
 * BENCH_DOCUMENTS (50: sequential JSON and PDF reads).
 */
import { randomUUID } from 'node:crypto'
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely'
import pg from 'pg'
import type { AppLoadContext } from '@remix-run/node'
import { REFERENCE_ALPHABET } from '../../app/domain/reference'
import { RULESET_VERSION } from '../../app/domain/triage'
import { createClient, activeClient } from '../../app/server/api-clients.server'
import { listReady } from '../../app/server/api-reports.server'
import { readConfig } from '../../app/server/config.server'
import { createCipher } from '../../app/server/crypto.server'
import { startJobs } from '../../app/server/jobs.server'
import { submitReport } from '../../app/server/reports.server'
import type { Database } from '../../db/schema'
import { immediateReport } from '../fixtures/reports'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import {
  benchServices,
  CONNECTIONS,
  describeLoad,
  load,
  ms,
  note,
  percentile,
  productionEnv,
  runBenchmark,
  SECONDS,
  SESSION_SECRET,
  stopOnInterrupt,
  WARMUP_SECONDS,
} from './support'

const REPORTS = Number(process.env.BENCH_REPORTS ?? 1_000_000)
const DEEP_PAGES = Number(process.env.BENCH_DEEP_PAGES ?? 20)
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 50)
const TABY = '0160'
const TABY_SHARE = 0.05
const NORDOST = ['0115', '0117', '0160', '0162', '0186', '0187', '0188']

const referenceSql = Array.from({ length: 11 }, (_, k) => `substr('${REFERENCE_ALPHABET}', ((n >> ${5 * (10 - k)}) & 31)::int + 1, 1)`).join(' || ')

/**
 * The queue bench's reports (tests/bench/queue.bench.ts, insertSql): three years of them, the
 * newest 10 % new, the next 10 % in progress, the older 80 % decided (a decision 1 to 13 days
 * after arrival); 5 % Täby's, the rest spread over the other municipalities. Only the columns
 * the ready list reads matter here, so the description is one short sealed text.
 */
function insertSql(from: number, count: number): string {
  return `
    insert into reports (reference, submission_key, municipality_code, residence_unknown, concerns, categories, description,
      safety_answers, status, received_at, language, level, triage_rules, ruleset_version, destination, routing_reason, routed_at,
      alert_intake_duty, protection_assessment_due, decision_due, reporter_notice, decision, decided_at)
    select ${referenceSql}, gen_random_uuid(),
      case when r_municipality < ${TABY_SHARE} then '${TABY}' else others[1 + floor(r_other * cardinality(others))::int] end,
      false, 'children', '{neglect}', $1, '{}'::jsonb, status, received_at, 'sv', level, '{}'::text[], '${RULESET_VERSION}',
      'intake', 'queue', received_at, false, received_at + interval '6 hours', received_at + interval '14 days', '{}'::jsonb,
      case when status = 'decided' then 'open' end,
      case when status = 'decided' then received_at + (1 + r_days * 12) * interval '1 day' end
    from (
      select n, r_municipality, r_other, r_days, now() - age * interval '3 years' as received_at,
        case when age < 0.1 then 'new' when age < 0.2 then 'in_progress' else 'decided' end as status,
        case when r_level < 0.05 then 'immediate' when r_level < 0.25 then 'urgent' else 'standard' end as level
      from (
        select n::bigint as n, (${REPORTS} - n + random()) / ${REPORTS}.0 as age,
          random() as r_municipality, random() as r_other, random() as r_level, random() as r_days
        from generate_series(${from}, ${from + count - 1}) as n
        offset 0
      ) numbered
    ) report,
    (select array_agg(code order by code) as others from municipalities where code <> '${TABY}') municipality`
}

async function getJson(url: string, token: string) {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as { items: Array<{ id: string }>; nextCursor: string | null }
}

async function timed(count: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)
}

const spread = (times: number[]) => `${ms(percentile(times, 50))} / ${ms(percentile(times, 95))} (max ${ms(times.at(-1) ?? Number.NaN)})`

async function main() {
  const services = benchServices()
  let smtp: TestSmtp | undefined
  let kysely: Kysely<Database> | undefined
  let stopJobs: (() => Promise<void>) | undefined
  const cleanup = async () => {
    await stopJobs?.().catch(() => {})
    await kysely?.destroy().catch(() => {})
    await services.stop()
    await smtp?.stop().catch(() => {})
  }
  const release = stopOnInterrupt(cleanup)
  try {
    smtp = await startTestSmtp()
    const appEnv = { ...productionEnv(smtp.url), SESSION_SECRET, RATE_LIMIT_API_PER_MINUTE: '1000000', RATE_LIMIT_API_TOKENS_PER_MINUTE: '1000' }
    const { app, db: client, database } = await services.start(appEnv)
    note('app', 'NODE_ENV=production')
    const config = readConfig({ ...process.env, ...appEnv, DATABASE_URL: database.url })
    const cipher = createCipher(config)

    console.log(`\nSeeding ${REPORTS.toLocaleString('en')} reports`)
    await client.query('select setseed(0.2026)')
    const description = cipher.encrypt('Barnet kommer hungrigt till skolan.', 'reports.description')
    const started = Date.now()
    const BATCH = 250_000
    for (let from = 1; from <= REPORTS; from += BATCH) await client.query(insertSql(from, Math.min(BATCH, REPORTS - from + 1)), [description])
    note('seeding: insert', `${REPORTS.toLocaleString('en')} reports in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    await client.query('vacuum (analyze) reports')
    await client.query('checkpoint')
    const ready = (
      await client.query<{ taby: string; nordost: string; all: string }>(
        `select count(*) filter (where municipality_code = $1) as taby, count(*) filter (where municipality_code = any($2)) as nordost, count(*) as all
         from reports where status = 'decided' and registered_at is null`,
        [TABY, NORDOST],
      )
    ).rows[0]!
    note(
      'ready for registration',
      `${Number(ready.all).toLocaleString('en')} in all; Täby ${Number(ready.taby).toLocaleString('en')}, Nordost's seven ${Number(ready.nordost).toLocaleString('en')}`,
    )

    // Real reports (people, reporter, timeline) for the JSON and the PDF, decided a minute ago.
    const captured: CompiledQuery[] = []
    kysely = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }),
      log: (event) => void captured.push(event.query),
    })
    const jobs = await startJobs(database.url, { role: 'web' }, () => {})
    stopJobs = () => jobs.boss.stop({ graceful: false, timeout: 1000 })
    const documents: string[] = []
    for (let i = 0; i < 5; i++) {
      const { id } = await submitReport(kysely, cipher, jobs, { submissionKey: randomUUID(), report: immediateReport(TABY), receivedAt: new Date(), language: 'sv' })
      await kysely.updateTable('reports').set({ status: 'decided', decision: 'open', decided_at: new Date() }).where('id', '=', id).execute()
      documents.push(id)
    }

    const admin = (
      await client.query<{ id: string }>(
        `insert into staff_users (email, name, password_hash, role, is_demo_data) values ('admin@bench.invalid', 'Bench admin', null, 'admin', false) returning id`,
      )
    ).rows[0]!.id
    const clientOf = async (codes: string[], name: string) => {
      const created = await createClient(kysely!, cipher, {
        adminId: admin,
        keeperCodes: codes,
        name,
        municipalityCodes: codes,
        webhookUrl: null,
        creationKey: randomUUID(),
        now: new Date(),
      })
      if (created === 'notKept' || 'already' in created) throw new Error('not made')
      const response = await fetch(`${app.baseURL}/api/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${created.clientId}:${created.secret}`).toString('base64')}` },
        body: 'grant_type=client_credentials',
      })
      return { id: created.id, token: ((await response.json()) as { access_token: string }).access_token }
    }
    const taby = await clientOf([TABY], 'Bench Täby')
    const nordost = await clientOf(NORDOST, 'Bench Nordost')

    for (const [label, who] of [
      ['Täby', taby],
      ['Nordost (7)', nordost],
    ] as const) {
      let path = '/api/v1/reports?status=ready&limit=50'
      let page = await getJson(app.baseURL + path, who.token)
      for (let n = 0; n < DEEP_PAGES && page.nextCursor; n++) page = await getJson(`${app.baseURL}/api/v1/reports?status=ready&limit=50&cursor=${page.nextCursor}`, who.token)
      const deep = `/api/v1/reports?status=ready&limit=50&cursor=${page.nextCursor}`
      for (const [which, target] of [
        ['first page', path],
        [`page ${DEEP_PAGES + 2}`, deep],
      ] as const) {
        path = target
        console.log(`\n${label}, ${which}: GET ${path.slice(0, 90)}…`)
        const options = { url: app.baseURL + path, connections: CONNECTIONS, headers: { authorization: `Bearer ${who.token}` } }
        await load({ ...options, duration: WARMUP_SECONDS })
        describeLoad(`list ${label}, ${which}`, await load({ ...options, duration: SECONDS }))
      }

      // The plan of the first page, as the app sends the query.
      const client = await activeClient(kysely, who.id)
      captured.length = 0
      await listReady({ db: kysely, now: () => new Date() } as unknown as AppLoadContext, client!, { status: 'ready', limit: 50, after: null })
      const query = captured.find((compiled) => compiled.sql.includes('lateral'))!
      const plan = (await kysely.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `explain (analyze, buffers) ${query.sql}` })).rows.map((row) => row['QUERY PLAN'])
      console.log(plan.map((line) => `    ${line}`).join('\n'))
      note(`list ${label}: plan execution`, plan.find((line) => line.startsWith('Execution Time')) ?? '?')
    }

    console.log(`\nOne report, ${DOCUMENTS} times each, one after another`)
    const documentId = documents[0]!
    const json = await timed(DOCUMENTS, async () => {
      const response = await fetch(`${app.baseURL}/api/v1/reports/${documentId}`, { headers: { authorization: `Bearer ${taby.token}` } })
      if (response.status !== 200) throw new Error(`JSON answered ${response.status}`)
      await response.arrayBuffer()
    })
    note('GET /reports/{id} (JSON): p50 / p95', spread(json))
    let pdfBytes = 0
    const pdf = await timed(DOCUMENTS, async () => {
      const response = await fetch(`${app.baseURL}/api/v1/reports/${documentId}/pdf`, { headers: { authorization: `Bearer ${taby.token}` } })
      if (response.status !== 200) throw new Error(`PDF answered ${response.status}`)
      pdfBytes = (await response.arrayBuffer()).byteLength
    })
    note('GET /reports/{id}/pdf: p50 / p95', `${spread(pdf)}, ${(pdfBytes / 1024).toFixed(1)} KiB`)
  } finally {
    release()
    await cleanup()
  }
}

runBenchmark(main)
