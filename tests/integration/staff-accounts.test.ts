import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { checkPassword, findSession, startSession } from '~/server/auth.server'
import { readConfig } from '~/server/config.server'
import type { Db } from '~/server/db.server'
import type { Jobs } from '~/server/jobs.server'
import { createLogger } from '~/server/logger.server'
import { createRateLimits, type RateLimits } from '~/server/rate-limits.server'
import { seedDemoStaff } from '~/server/seed.server'
import { acceptInvitation, accountKeeper, changeAccount, createAccount, findInvitation, findKeptAccount, listKeptAccounts, updateAccount } from '~/server/staff-accounts.server'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import { createTestDatabase } from '../support/postgres'
import { startTestWorker, TEST_BASE_URL } from '../support/worker'

let db: Db
let jobs: Jobs
let url: string
let drop: () => Promise<void>
let smtp: TestSmtp
let worker: { stop: () => Promise<void> }
let limits: RateLimits

const NORDOST_MUNICIPALITIES = ['0115', '0117', '0160', '0162', '0186', '0187', '0188']
const SYD_MUNICIPALITIES = ['1233', '1291', '1265', '1264', '1230', '1263', '1270', '1286', '1287']
const PASSWORD = 'en lång fras om jouren'
let adminId: string

async function invitationLink(to: string, count: number): Promise<string> {
  await smtp.waitFor(() => smtp.messages.filter((message) => message.to.includes(to)).length >= count, 20_000)
  const message = smtp.messages.filter((message) => message.to.includes(to))[count - 1]!
  const link = new RegExp(`${TEST_BASE_URL}/personal/inbjudan/([A-Za-z0-9_-]+)`).exec(message.text)
  if (!link) throw new Error(`no invitation link in: ${message.text}`)
  // The worker commits the token's hash just after the SMTP server accepts the message.
  const deadline = Date.now() + 5000
  while (!(await findInvitation(db, link[1]!, new Date())) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  return link[1]!
}

beforeAll(async () => {
  ;({ db, jobs, drop, url } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
  smtp = await startTestSmtp()
  worker = await startTestWorker({ url, db, smtpUrl: smtp.url })
  limits = createRateLimits({ databaseUrl: url, config: readConfig({}), logger: createLogger('silent') })
  adminId = (await db.selectFrom('staff_users').select('id').where('email', '=', 'admin.nordost@demo.orosanmalan.se').executeTakeFirstOrThrow()).id
})
afterAll(async () => {
  await limits.stop()
  await worker.stop()
  await drop()
  await smtp.stop()
})

describe('a staff account an administrator creates', () => {
  it('gets an invitation by e-mail, sets a password once through it, and can then sign in', async () => {
    const now = new Date()
    const keeper = await accountKeeper(db, { municipalityCodes: NORDOST_MUNICIPALITIES })
    expect(keeper.jourIds).toEqual(['nordost'])
    const created = await createAccount(db, jobs, {
      adminId,
      keeper,
      account: { name: 'Ida Intag', email: 'ida.intag@taby.test', role: 'intake', municipalityCodes: ['0160'], jourId: null },
      now,
    })
    if (typeof created === 'string') throw new Error(created)
    expect((await findKeptAccount(db, keeper, created.id, now))?.status).toBe('invited')
    // No password yet: the address signs in no more than an unknown one.
    expect(await checkPassword(db, limits, { email: 'ida.intag@taby.test', password: '', address: '10.9.0.1', now })).toEqual({ ok: false, reason: 'invalid' })

    const token = await invitationLink('ida.intag@taby.test', 1)
    const message = smtp.messages.find((candidate) => candidate.to.includes('ida.intag@taby.test'))!
    expect(message.subject).toBe('Ditt konto i Orosanmälan: välj ett lösenord')
    // Only a hash of the token is kept.
    expect(JSON.stringify(await db.selectFrom('staff_invitations').selectAll().execute())).not.toContain(token)

    expect((await findInvitation(db, token, new Date()))?.email).toBe('ida.intag@taby.test')
    expect(await acceptInvitation(db, { token, password: PASSWORD, now: new Date() })).toBe(true)
    expect(await acceptInvitation(db, { token, password: 'någon annans lösenord', now: new Date() })).toBe(false)
    const signedIn = await checkPassword(db, limits, { email: 'ida.intag@taby.test', password: PASSWORD, address: '10.9.0.1', now: new Date() })
    expect(signedIn.ok && signedIn.staff.secondFactorEnrolled).toBe(false)
    expect((await findKeptAccount(db, keeper, created.id, new Date()))?.status).toBe('active')

    // Moved to Vallentuna as well: the next request already sees both; Syd's administrator cannot move it.
    expect(await updateAccount(db, { adminId, keeper, id: created.id, change: { name: 'Ida Intag', municipalityCodes: ['0115', '0160'], jourId: null }, now: new Date() })).toBe(
      true,
    )
    const moved = await checkPassword(db, limits, { email: 'ida.intag@taby.test', password: PASSWORD, address: '10.9.0.1', now: new Date() })
    expect(moved.ok && moved.staff.municipalityCodes).toEqual(['0115', '0160'])
    const syd = await accountKeeper(db, { municipalityCodes: SYD_MUNICIPALITIES })
    expect(await updateAccount(db, { adminId, keeper: syd, id: created.id, change: { name: 'Ida', municipalityCodes: ['1233'], jourId: null }, now: new Date() })).toBe(false)

    // The same address twice is refused.
    expect(
      await createAccount(db, jobs, {
        adminId,
        keeper,
        account: { name: 'Ida igen', email: 'ida.intag@taby.test', role: 'intake', municipalityCodes: ['0160'], jourId: null },
        now,
      }),
    ).toBe('exists')
  }, 40_000)

  it('is started over with a new invitation: the old password, link and sessions stop working', async () => {
    const keeper = await accountKeeper(db, { municipalityCodes: NORDOST_MUNICIPALITIES })
    const created = await createAccount(db, jobs, {
      adminId,
      keeper,
      account: { name: 'Jon Jour', email: 'jon.jour@vallentuna.test', role: 'jour', municipalityCodes: [], jourId: 'nordost' },
      now: new Date(),
    })
    if (typeof created === 'string') throw new Error(created)
    const first = await invitationLink('jon.jour@vallentuna.test', 1)
    await acceptInvitation(db, { token: first, password: PASSWORD, now: new Date() })
    const { token: session } = await startSession(db, created.id, new Date(), true)

    expect(await changeAccount(db, jobs, { adminId, keeper, id: created.id, change: 'reinvite', now: new Date() })).toBe(true)
    expect(await findSession(db, session, new Date())).toBeNull()
    expect((await checkPassword(db, limits, { email: 'jon.jour@vallentuna.test', password: PASSWORD, address: '10.9.0.2', now: new Date() })).ok).toBe(false)
    const second = await invitationLink('jon.jour@vallentuna.test', 2)
    expect(second).not.toBe(first)
    expect(await findInvitation(db, first, new Date())).toBeNull()
    expect(await acceptInvitation(db, { token: second, password: PASSWORD, now: new Date() })).toBe(true)

    expect(await changeAccount(db, jobs, { adminId, keeper, id: created.id, change: 'disable', now: new Date() })).toBe(true)
    expect((await checkPassword(db, limits, { email: 'jon.jour@vallentuna.test', password: PASSWORD, address: '10.9.0.3', now: new Date() })).ok).toBe(false)
    expect(await changeAccount(db, jobs, { adminId, keeper, id: created.id, change: 'enable', now: new Date() })).toBe(true)
    expect((await checkPassword(db, limits, { email: 'jon.jour@vallentuna.test', password: PASSWORD, address: '10.9.0.3', now: new Date() })).ok).toBe(true)

    const logged = await db.selectFrom('audit_log').select('details').where('action', '=', 'config.staff').where('staff_id', '=', adminId).orderBy('id').execute()
    expect(logged.map((row) => (row.details as { change: string }).change)).toEqual(['created', 'updated', 'created', 'reinvite', 'disable', 'enable'])
  }, 40_000)

  it("is out of another region's administrator's reach", async () => {
    const syd = await accountKeeper(db, { municipalityCodes: SYD_MUNICIPALITIES })
    const nordost = await accountKeeper(db, { municipalityCodes: NORDOST_MUNICIPALITIES })
    const tabyIntake = (await db.selectFrom('staff_users').select('id').where('email', '=', 'mottagning.taby@demo.orosanmalan.se').executeTakeFirstOrThrow()).id
    expect((await listKeptAccounts(db, syd, new Date())).map((account) => account.email)).toEqual(['mottagning.vellinge@demo.orosanmalan.se'])
    expect(await findKeptAccount(db, syd, tabyIntake, new Date())).toBeNull()
    expect(await changeAccount(db, jobs, { adminId, keeper: syd, id: tabyIntake, change: 'disable', now: new Date() })).toBe(false)
    expect(
      await createAccount(db, jobs, {
        adminId,
        keeper: syd,
        account: { name: 'X', email: 'x@taby.test', role: 'intake', municipalityCodes: ['0160'], jourId: null },
        now: new Date(),
      }),
    ).toBe('notKept')
    // Nordost keeps its intake workers and its jour, never an administrator or the auditor.
    const kept = (await listKeptAccounts(db, nordost, new Date())).map((account) => account.role)
    expect(kept).not.toContain('admin')
    expect(kept).not.toContain('auditor')
  })
})

describe("the operator's first administrator", () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'app/cli/invite-staff.ts', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' },
    })

  it('is created with `npm run staff:invite` and invited by the running worker; a wrong call changes nothing', async () => {
    const { stdout } = await run(['--email', 'Ada.Forst@Sigtuna.test', '--name', 'Ada Första', '--role', 'admin', '--municipalities', '0191'])
    expect(stdout).toContain('created: admin ada.forst@sigtuna.test')
    const token = await invitationLink('ada.forst@sigtuna.test', 1)
    expect(await acceptInvitation(db, { token, password: PASSWORD, now: new Date() })).toBe(true)
    const signedIn = await checkPassword(db, limits, { email: 'ada.forst@sigtuna.test', password: PASSWORD, address: '10.9.1.1', now: new Date() })
    expect(signedIn.ok && [signedIn.staff.role, signedIn.staff.municipalityCodes]).toEqual(['admin', ['0191']])

    await expect(run(['--email', 'ingen@sigtuna.test', '--name', 'Ingen', '--role', 'intake'])).rejects.toMatchObject({ code: 2 })
    await expect(run(['--email', 'ingen@sigtuna.test', '--name', 'Ingen', '--role', 'intake', '--municipalities', '9999'])).rejects.toThrow(
      /not in the database: municipality 9999/,
    )
    expect(await db.selectFrom('staff_users').select('id').where('email', '=', 'ingen@sigtuna.test').executeTakeFirst()).toBeUndefined()
  }, 60_000)
})
