/**
 * The reporter's follow-up (issue 14): what one argon2id hash of a reply code costs with the
 * parameters chosen (docs/decisions/0011-reply-code-made-at-first-view-hashed-cheaply.md) and with a password's
 * defaults, and the time of the follow-up page's POST over HTTP for a right pair, a wrong code
 * and an unknown reference, one at a time and ten at once. Asserts nothing about timing.
 *   npx remix build && npx tsx tests/bench/follow-up.bench.ts
 * BENCH_FOLLOW_UP_REQUESTS (200) sets the requests of each kind.
 */
import os from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import { generateReplyCode } from '../../app/domain/follow-up'
import { REPLY_CODE_HASH_OPTIONS } from '../../app/server/follow-up.server'
import { clientAddress, Client, copyDrafts, FUZZ_SESSION_SECRET, reportSteps, walkDraft } from '../support/fuzz-targets'
import { ms, note, noteMachineLoad, percentile, runBenchmark, stopOnInterrupt, benchServices } from './support'

const REQUESTS = Number(process.env.BENCH_FOLLOW_UP_REQUESTS ?? 200)
const random = (size: number) => new Uint8Array(Array.from({ length: size }, () => Math.floor(Math.random() * 256)))

async function timeEach(count: number, run: (index: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = []
  for (let index = 0; index < count; index++) {
    const before = performance.now()
    await run(index)
    samples.push(performance.now() - before)
  }
  return samples.sort((a, b) => a - b)
}

const describe = (samples: number[]) => `p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}, max ${ms(samples.at(-1) ?? 0)} (${samples.length})`

async function main() {
  const services = benchServices()
  const stopHandling = stopOnInterrupt(services.stop)
  try {
    console.log(`Orosanmälan follow-up benchmark (Node ${process.version}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'})`)
    noteMachineLoad('at start')

    // --- argon2id in this process, one at a time -------------------------------------------
    const code = generateReplyCode(random)
    await hash(code, REPLY_CODE_HASH_OPTIONS)
    const small = await timeEach(REQUESTS, () => hash(generateReplyCode(random), REPLY_CODE_HASH_OPTIONS))
    const stored = await hash(code, REPLY_CODE_HASH_OPTIONS)
    const smallVerify = await timeEach(REQUESTS, () => verify(stored, code))
    const defaults = await timeEach(Math.min(REQUESTS, 30), () => hash(generateReplyCode(random)))
    note('argon2id hash, m=4096 t=1 p=1 (chosen)', describe(small))
    note('argon2id verify, m=4096 t=1 p=1', describe(smallVerify))
    note("argon2id hash, the library's defaults", describe(defaults))

    // --- the follow-up page's POST over HTTP -------------------------------------------------
    // TRUST_PROXY=1: each request from an address of its own, so the per-address limits measure nothing here.
    const { app, db } = await services.start({ FORM_MIN_FILL_SECONDS: '0', SESSION_SECRET: FUZZ_SESSION_SECRET, TRUST_PROXY: '1' })
    const baseURL = app.baseURL
    let addresses = 0
    const answers = await walkDraft(new Client(baseURL, { 'x-forwarded-for': clientAddress(addresses++) }), db, reportSteps({ anonymous: true }), FUZZ_SESSION_SECRET)
    const [draft] = await copyDrafts(db, answers, 1, FUZZ_SESSION_SECRET)
    const reporter = new Client(baseURL, { 'x-forwarded-for': clientAddress(addresses++) })
    const [name, value] = draft!.cookie.split('=') as [string, string]
    reporter.setCookie(name, value)
    await reporter.post('/anmalan/kontrollera', { submissionKey: draft!.id, website: '' }, '/anmalan/bekraftelse')
    const confirmation = await reporter.get('/anmalan/bekraftelse')
    const reference = /[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{3}(?![-2-9A-HJ-NP-Z])/.exec(confirmation)?.[0]
    const replyCode = /[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){4}/.exec(confirmation)?.[0]
    if (!reference || !replyCode) throw new Error('no reference and reply code on the confirmation page')

    const statuses = new Map<string, number>()
    const post = async (kind: string, form: Record<string, string>) => {
      const response = await new Client(baseURL, { 'x-forwarded-for': clientAddress(addresses++) }).request('/folj-din-anmalan', { form: { intent: 'open', ...form } })
      const key = `${kind} ${response.status}`
      statuses.set(key, (statuses.get(key) ?? 0) + 1)
    }
    const kinds: Array<[string, Record<string, string>]> = [
      ['right pair', { reference, code: replyCode }],
      ['wrong code', { reference, code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ' }],
      ['unknown reference', { reference: 'ABCD-EFGH-JKL', code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ' }],
    ]
    for (const [kind, form] of kinds) await post(kind, form) // warm-up
    for (const [kind, form] of kinds) note(`POST /folj-din-anmalan, ${kind}, 1 at a time`, describe(await timeEach(REQUESTS, () => post(kind, form))))
    for (const [kind, form] of kinds) {
      const samples: number[] = []
      for (let batch = 0; batch < REQUESTS / 10; batch++) {
        samples.push(
          ...(await Promise.all(
            Array.from({ length: 10 }, async () => {
              const before = performance.now()
              await post(kind, form)
              return performance.now() - before
            }),
          )),
        )
      }
      note(`POST /folj-din-anmalan, ${kind}, 10 at once`, describe(samples.sort((a, b) => a - b)))
    }
    note('answers', JSON.stringify(Object.fromEntries(statuses)))
    noteMachineLoad('at the end')
  } finally {
    await services.stop()
    stopHandling()
  }
}

runBenchmark(main)
