import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { readConfig } from '../../../app/server/config.server'
import { createCipher } from '../../../app/server/crypto.server'
import { createDb } from '../../../app/server/db.server'
import { caughtMail } from '../../../app/server/dev-mail.server'
import { reportForStaff } from '../../../app/server/staff-report.server'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../app/server/seed.server'
import { personalDataOf } from '../../support/mail'
import { appDatabaseUrl } from './app-database'

const E2E = path.resolve(import.meta.dirname, '..')

/**
 * What the journeys typed, read from the spec files themselves: every string given to
 * `fill`, `type` or `pressSequentially`, written in place or through a constant of the file,
 * and every password, address or free text a journey posts itself.
 */
async function typedInSpecs(): Promise<string[]> {
  const typed: string[] = []
  for (const file of (await readdir(E2E)).filter((name) => name.endsWith('.spec.ts'))) {
    const source = await readFile(path.join(E2E, file), 'utf8')
    const constants = new Map([...source.matchAll(/const (\w+) = (['"])((?:(?!\2)[^\\\n])+)\2/g)].map((match) => [match[1]!, match[3]!]))
    for (const match of source.matchAll(/\.(?:fill|type|pressSequentially)\(\s*(?:(['"])((?:(?!\1)[^\\\n])*)\1|(\w+)\s*[,)])/g)) {
      const value = match[2] ?? constants.get(match[3] ?? '')
      if (value !== undefined) typed.push(value)
    }
    // And what a journey posts itself: `form: { password: '…' }`.
    for (const match of source.matchAll(/\b(?:password|confirm|email|phone|description|note|plan|background|contact)\s*:\s*(['"])((?:(?!\1)[^\\\n])+)\1/g)) typed.push(match[2]!)
  }
  return typed
}

/** Everything people and staff wrote that the app keeps: reports, drafts, pre-notices, timelines, accounts, rotas. */
async function typedIntoTheApp(dataDir: string): Promise<{ values: string[]; secrets: string[] }> {
  const db = createDb(await appDatabaseUrl(dataDir), { max: 2 })
  // The app under test runs with the demo keys of a development start.
  const cipher = createCipher(readConfig({}))
  try {
    const values: string[] = []
    for (const { id } of await db.selectFrom('reports').select('id').execute()) {
      const report = await reportForStaff(db, cipher, id)
      values.push(...personalDataOf({ description: report.description, subjects: report.subjects, reporter: report.reporter }))
      for (const event of report.events) {
        for (const key of ['note', 'reason'] as const) {
          if (key === 'reason' && event.kind === 'routed') continue
          const text = event.details[key]
          if (typeof text === 'string') values.push(text)
        }
      }
    }
    for (const { answers_ciphertext: answers } of await db.selectFrom('report_drafts').select('answers_ciphertext').execute()) {
      values.push(...personalDataOf(JSON.parse(cipher.decrypt(answers, 'report_drafts.answers_ciphertext')) as Record<string, unknown>))
    }
    for (const notice of await db.selectFrom('pre_notices').selectAll().execute()) {
      values.push(
        cipher.decryptNullable(notice.person_name, 'pre_notices.person_name') ?? '',
        cipher.decrypt(notice.personal_identity_number, 'pre_notices.personal_identity_number'),
        cipher.decrypt(notice.background, 'pre_notices.background'),
        cipher.decrypt(notice.plan, 'pre_notices.plan'),
        cipher.decrypt(notice.contact, 'pre_notices.contact'),
      )
    }
    const secrets: string[] = [DEMO_PASSWORD, DEMO_TOTP_SECRET]
    for (const person of await db.selectFrom('staff_users').select(['name', 'email', 'totp_secret']).execute()) {
      values.push(person.name, person.email)
      if (person.totp_secret) secrets.push(person.totp_secret)
    }
    for (const pair of await db.selectFrom('on_call_rota').selectAll().execute()) {
      values.push(pair.primary_name, pair.primary_email, pair.primary_sms_email ?? '', pair.backup_name, pair.backup_email, pair.backup_sms_email ?? '')
    }
    // An invitation's link, as the e-mail carried it: it opens an account.
    for (const message of await caughtMail(dataDir, 100_000)) {
      for (const link of message.text.matchAll(/\/personal\/inbjudan\/([A-Za-z0-9_-]{16,})/g)) secrets.push(link[1]!)
    }
    return { values, secrets }
  } finally {
    await db.destroy()
  }
}

// What says nothing about a person although a journey typed it: a date, a time, a number of minutes.
const NOT_PERSONAL = /^(\d{4}-\d{2}-\d{2}|\d{1,2}[:.]\d{2}|\d{1,6})$/
// A personnummer or samordningsnummer in any of its written forms.
const IDENTITY_NUMBER = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/

/**
 * The start-up banner outside production names the demo accounts, their shared password and
 * TOTP secret on purpose (README): published demo values, printed once by design. Everything
 * else the server printed is checked, the demo credentials included.
 */
function withoutBanner(output: string): string {
  const lines = output.split('\n')
  const start = lines.findIndex((line) => line.startsWith('Orosanmälan is running on'))
  if (start < 0) return output
  const end = lines.findIndex((line, index) => index > start && line.trim() === '')
  return [...lines.slice(0, start), ...lines.slice(end < 0 ? lines.length : end)].join('\n')
}

/**
 * Issue 11: nothing personal or secret on the server's stdout or stderr. Run after the last
 * journey over everything the server printed, against every value the journeys typed and
 * the app kept (names, personnummer, addresses, free text, e-mail, phone numbers, passwords,
 * TOTP secrets, invitation tokens).
 */
export async function typedValuesInServerOutput(dataDir: string, output: string): Promise<{ values: number; lines: number; problems: string[] }> {
  const [fromSpecs, fromApp] = await Promise.all([typedInSpecs(), typedIntoTheApp(dataDir)])
  return typedValuesIn(output, { typed: [...fromSpecs, ...fromApp.values], secrets: fromApp.secrets })
}

/** The check itself: each typed value as a word of its own, each secret anywhere, and any identity number, outside the banner. */
export function typedValuesIn(output: string, found: { typed: string[]; secrets: string[] }): { values: number; lines: number; problems: string[] } {
  const lines = withoutBanner(output).split('\n')
  const words = [...new Set(found.typed.map((value) => value.trim()))].filter((value) => value.length >= 3 && !NOT_PERSONAL.test(value))
  const secrets = [...new Set(found.secrets)].filter((value) => value.length >= 6)
  const problems: string[] = []
  for (const value of words) {
    // As a word of its own: a child called "Ella" is not found inside "ställa".
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu')
    const line = lines.find((candidate) => pattern.test(candidate))
    if (line !== undefined) problems.push(`"${value}" in: ${line.slice(0, 300)}`)
  }
  for (const secret of secrets) {
    const line = lines.find((candidate) => candidate.includes(secret))
    if (line !== undefined) problems.push(`a secret (${secret.slice(0, 4)}…) in: ${line.slice(0, 300).replaceAll(secret, '[secret]')}`)
  }
  const identity = lines.find((line) => IDENTITY_NUMBER.test(line))
  if (identity !== undefined) problems.push(`an identity number in: ${identity.slice(0, 300)}`)
  return { values: words.length + secrets.length, lines: lines.length, problems }
}
