/**
 * What a flood of refusals costs the web process: its CPU per refusal and its garbage
 * collector. Submits at 1000/s for 15 s against a total of 1 submit a second, so nearly every
 * one is refused 429 by the load shedder; the web process runs with `--trace-gc`, and the
 * bench reads its scavenges and full collections from that output.
 *
 *   npx remix build && npx tsx tests/bench/refusal-gc.bench.ts
 *
 * The figure to watch is how fast the heap left after each scavenge grows: what survives a
 * scavenge is copied and, at the next one, moved to the old generation, and that growth is
 * what brings on the full collections whose marking runs on every CPU (decision 0021).
 * Options: BENCH_REFUSAL_RATE (1000), BENCH_REFUSAL_SECONDS (15).
 */
import { cpuMs, ms, note, noteMachineLoad, percentile, benchServices, runBenchmark, SESSION_SECRET, stopOnInterrupt } from './support'
import { clientAddress } from '../support/fuzz-targets'
import { runLoad } from './load-client'

const RATE = Number(process.env.BENCH_REFUSAL_RATE ?? 1000)
const SECONDS = Number(process.env.BENCH_REFUSAL_SECONDS ?? 15)

interface Collection {
  atMs: number
  kind: 'scavenge' | 'full'
  pauseMs: number
  heapAfterMb: number
}

/** `--trace-gc` lines of one process: `[pid:0x…]   1234 ms: Scavenge 80.1 (95.3) -> 72.4 (95.8) MB, pooled: 0.0 MB, 3.21 / 0.00 ms …`. */
function collectionsOf(output: string, pid: number): Collection[] {
  const line = new RegExp(`^\\[${pid}:0x[0-9a-f]+\\]\\s+(\\d+) ms: (Scavenge|Mark-Compact)\\S*\\s.*?-> ([\\d.]+) \\([\\d.]+\\) MB,.*? ([\\d.]+) / [\\d.]+ ms`, 'gm')
  return [...output.matchAll(line)].map((match) => ({
    atMs: Number(match[1]),
    kind: match[2] === 'Scavenge' ? 'scavenge' : 'full',
    heapAfterMb: Number(match[3]),
    pauseMs: Number(match[4]),
  }))
}

async function main() {
  const services = benchServices()
  const stopHandling = stopOnInterrupt(() => services.stop())
  try {
    noteMachineLoad('at start')
    const { app } = await services.start(
      {
        SESSION_SECRET,
        TRUST_PROXY: '1',
        EVENT_LOOP_DELAY_LIMIT_MS: '500',
        // Nearly every submit is refused: what is measured is the refusal.
        RATE_LIMIT_TOTAL_SUBMITS_PER_SECOND: '1',
      },
      { withoutWrapper: true, nodeArgs: ['--trace-gc'] },
    )
    const request = (index: number) => ({
      path: '/anmalan/kontrollera',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': clientAddress(index) },
      body: 'submissionKey=00000000-0000-4000-8000-000000000000&website=',
    })
    // A warm-up at the same rate, so the JIT and the young generation's size are the flood's.
    await runLoad({ baseURL: app.baseURL, rate: RATE, timeoutMs: 30_000, keepAlive: 0, requests: Array.from({ length: RATE * 3 }, (_, index) => request(index)) })
    const outputBefore = app.output().length
    const cpuBefore = cpuMs(app.pid)
    const load = await runLoad({
      baseURL: app.baseURL,
      rate: RATE,
      timeoutMs: 30_000,
      keepAlive: 0,
      requests: Array.from({ length: RATE * SECONDS }, (_, index) => request(index)),
    })
    const cpu = cpuMs(app.pid) - cpuBefore
    const collections = collectionsOf(app.output().slice(outputBefore), app.pid)

    const statuses: Record<string, number> = {}
    for (const answer of load.answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1
    const refused = load.answers.filter((answer) => answer.status === 429).map((answer) => answer.ms)
    refused.sort((a, b) => a - b)
    note('sent', `${load.answers.length} submits at ${RATE}/s for ${SECONDS} s, each on its own connection: ${JSON.stringify(statuses)}`)
    note('refusals p50 / p99 / worst', `${ms(percentile(refused, 50))} / ${ms(percentile(refused, 99))} / ${ms(refused.at(-1) ?? Number.NaN)}`)
    note('web CPU per request', `${((cpu * 1000) / load.answers.length).toFixed(0)} µs (${(cpu / load.elapsedMs).toFixed(2)} CPUs)`)

    const scavenges = collections.filter((collection) => collection.kind === 'scavenge')
    const pauses = scavenges.map((collection) => collection.pauseMs).sort((a, b) => a - b)
    // Growth of what is left after a scavenge, between two scavenges with no full collection between them.
    let grownMb = 0
    let overMs = 0
    for (let index = 1; index < collections.length; index++) {
      const [before, after] = [collections[index - 1]!, collections[index]!]
      if (before.kind !== 'scavenge' || after.kind !== 'scavenge') continue
      grownMb += after.heapAfterMb - before.heapAfterMb
      overMs += after.atMs - before.atMs
    }
    note('scavenges: count, pause p50 / worst', `${scavenges.length}, ${ms(percentile(pauses, 50))} / ${ms(pauses.at(-1) ?? Number.NaN)}`)
    note('full collections', `${collections.length - scavenges.length} in ${SECONDS} s`)
    note('heap after a scavenge grows', overMs > 0 ? `${((grownMb * 1000) / overMs).toFixed(1)} MB/s (what survives, bound for the old generation)` : 'no two scavenges in a row')
    noteMachineLoad('at the end')
  } finally {
    await services.stop()
    stopHandling()
  }
}

runBenchmark(main)
