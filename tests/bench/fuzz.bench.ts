/**
 * The form fuzz of tests/integration/form-fuzz.test.ts, ten thousand cases and more: every
 * form route of the real app, public and staff (signed in), with generated field names,
 * values and content types, and /healthz sampled meanwhile from a thread of its own. Prints
 * the count, the latencies, the status histogram and the /healthz latencies; WARNING lines
 * for every 5xx, answer slower than 1 s or /healthz sample of 100 ms or more, and exits 1
 * when there were any.
 *
 *   npx remix build && npx tsx tests/bench/fuzz.bench.ts
 *
 * Options through the environment: BENCH_FUZZ_RUNS (10000), BENCH_FUZZ_SEED (20261130),
 * BENCH_FUZZ_CONCURRENCY (2), BENCH_CPU_PROFILE (a folder: the web process's CPU profile is
 * written there).
 */
import os from 'node:os'
import { generateCases, problemsOf, runCases, startHealthSampler, statusHistogram, type FuzzCase, type Outcome } from '../support/form-fuzz'
import { Client, FUZZ_SESSION_SECRET, prepareFuzzTargets } from '../support/fuzz-targets'
import { ms, note, percentile, runBenchmark, stopOnInterrupt, benchServices, noteMachineLoad, failOnProblems } from './support'

const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 10_000)
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? 20_261_130)
const CONCURRENCY = Number(process.env.BENCH_FUZZ_CONCURRENCY ?? 2)
// Cases are made and sent a chunk at a time, so ten thousand large bodies are never in memory at once.
const CHUNK = 1000
const RESPONSE_LIMIT_MS = 1000
const HEALTH_LIMIT_MS = 100

async function main() {
  const services = benchServices()
  const stopHandling = stopOnInterrupt(services.stop)
  const problems: string[] = []

  try {
    console.log(`Orosanmälan form fuzz benchmark (Node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'})`)
    noteMachineLoad('at start')
    // TRUST_PROXY=1: each case comes from an address of its own (X-Forwarded-For), so per-address limits answer for nobody.
    const profile = process.env.BENCH_CPU_PROFILE
    const { app, db } = await services.start(
      { FORM_MIN_FILL_SECONDS: '0', SESSION_SECRET: FUZZ_SESSION_SECRET, TRUST_PROXY: '1' },
      profile ? { withoutWrapper: true, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profile}`] } : {},
    )

    let started = Date.now()
    const prepared = await prepareFuzzTargets({ baseURL: app.baseURL, db, sessionSecret: FUZZ_SESSION_SECRET })
    note(
      'set-up: walks, sign-ins, pages read',
      `${ms(Date.now() - started)} (${prepared.targets.length} form routes; ${Client.shed} set-up requests shed with 503 and tried again)`,
    )
    for (const target of prepared.targets) console.log(`  ${target.label}: ${target.forms.length} form(s), ${target.names.length} names, ${target.values.length} values`)

    console.log(`\n${RUNS} cases, seed ${SEED} (+ chunk number, ${CHUNK} a chunk), ${CONCURRENCY} at a time`)
    const sampler = startHealthSampler(app.baseURL)
    const outcomes: Outcome[] = []
    const cases: FuzzCase[] = []
    let generatingMs = 0
    started = Date.now()
    for (let chunk = 0; chunk * CHUNK < RUNS; chunk++) {
      const generating = Date.now()
      const chunkCases = generateCases(prepared.targets, { seed: SEED + chunk, count: Math.min(CHUNK, RUNS - chunk * CHUNK) })
      await prepared.prepareDrafts(chunkCases)
      generatingMs += Date.now() - generating
      const offset = cases.length
      const chunkOutcomes = await runCases({
        baseURL: app.baseURL,
        cases: chunkCases,
        concurrency: CONCURRENCY,
        headersFor: (fuzzCase, index) => prepared.headersFor(fuzzCase, offset + index),
      })
      // Keep what a report needs; the bodies go.
      for (const fuzzCase of chunkCases) cases.push({ ...fuzzCase, body: Buffer.alloc(0) })
      for (const outcome of chunkOutcomes) outcomes.push({ ...outcome, case: offset + outcome.case })
      process.stdout.write(`  ${cases.length} sent, ${outcomes.filter((outcome) => typeof outcome.status !== 'number' || outcome.status >= 500).length} 5xx so far\n`)
    }
    const seconds = (Date.now() - started - generatingMs) / 1000
    const health = await sampler.stop()

    const latencies = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b)
    const healthLatencies = health.map((sample) => sample.ms).sort((a, b) => a - b)
    note(
      'cases sent',
      `${outcomes.length} in ${seconds.toFixed(1)} s of sending (${(outcomes.length / seconds).toFixed(1)}/s; making the cases ${(generatingMs / 1000).toFixed(1)} s more)`,
    )
    note('statuses', JSON.stringify(statusHistogram(outcomes)))
    note('kinds of body', JSON.stringify(statusHistogram(cases.map((fuzzCase) => ({ status: fuzzCase.kind })))))
    note('latency p50 / p99 / worst', `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))} / ${ms(latencies.at(-1) ?? Number.NaN)}`)
    note(`answers slower than ${RESPONSE_LIMIT_MS} ms`, String(outcomes.filter((outcome) => outcome.ms > RESPONSE_LIMIT_MS).length))
    note('/healthz samples (every 50 ms)', `${health.length}, statuses ${JSON.stringify(statusHistogram(health))}`)
    note('/healthz p50 / p99 / worst', `${ms(percentile(healthLatencies, 50))} / ${ms(percentile(healthLatencies, 99))} / ${ms(healthLatencies.at(-1) ?? Number.NaN)}`)
    note(`/healthz samples of ${HEALTH_LIMIT_MS} ms or more`, String(health.filter((sample) => sample.ms >= HEALTH_LIMIT_MS).length))
    const perRoute = new Map<string, Outcome[]>()
    for (const outcome of outcomes) {
      const label = prepared.targets[outcome.target]!.label
      perRoute.set(label, [...(perRoute.get(label) ?? []), outcome])
    }
    console.log('\nper route: statuses, worst latency')
    for (const [label, routeOutcomes] of perRoute) {
      console.log(`  ${label}: ${JSON.stringify(statusHistogram(routeOutcomes))}, worst ${ms(Math.max(...routeOutcomes.map((outcome) => outcome.ms)))}`)
    }
    problems.push(...problemsOf({ outcomes, cases, health, targets: prepared.targets }, { responseLimitMs: RESPONSE_LIMIT_MS, healthLimitMs: HEALTH_LIMIT_MS }))
    noteMachineLoad('at the end')
  } finally {
    await services.stop()
    stopHandling()
  }
  failOnProblems(problems)
}

runBenchmark(main)
