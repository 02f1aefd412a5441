import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Db } from '~/server/db.server'
import { createMailer, deliverEmail, type Mailer } from '~/server/mailer.server'
import { seedDemoStaff } from '~/server/seed.server'
import { testCipher } from '../support/cipher'
import { startTestSmtp, type TestSmtp } from '../support/mail'
import { createTestDatabase } from '../support/postgres'
import { TEST_BASE_URL } from '../support/worker'

/**
 * Issue 16: where a region signs its staff in through its own provider with passwords switched
 * off, the invitation e-mail must not ask the new staff member to choose a password that would
 * never be accepted. Written by the real mailer to a real SMTP server.
 */

const SYD = {
  id: 'syd',
  name: 'Syd-id',
  issuer: 'https://id.syd.example',
  clientId: 'oro',
  clientSecret: 'secret',
  emailClaim: 'email',
  scope: 'openid email',
  mfaAcrValues: [],
  municipalities: ['1233'],
  passwordSignIn: false,
}

let db: Db
let drop: () => Promise<void>
let smtp: TestSmtp
let mailer: Mailer

beforeAll(async () => {
  ;({ db, drop } = await createTestDatabase(inject('postgresUrl')))
  await seedDemoStaff(db)
  smtp = await startTestSmtp()
  mailer = createMailer({ MAIL_FROM: 'Orosanmälan <no-reply@test.invalid>' }, smtp.url)
})
afterAll(async () => {
  mailer.transport.close()
  await smtp.stop()
  await drop()
})

async function invitationMessage(email: string, municipality: string) {
  const now = new Date()
  const { id } = await db.insertInto('staff_users').values({ email, name: email, role: 'intake' }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('staff_municipalities').values({ staff_id: id, municipality_code: municipality }).execute()
  const invitation = await db
    .insertInto('staff_invitations')
    .values({ staff_id: id, created_at: now, expires_at: new Date(now.getTime() + 3_600_000) })
    .returning('id')
    .executeTakeFirstOrThrow()
  const deps = { db, cipher: testCipher(), mailer, baseUrl: TEST_BASE_URL, now: () => now, oidcProviders: [SYD] }
  expect(await deliverEmail(deps, { kind: 'invitation', key: `invitation:${invitation.id}`, invitationId: invitation.id, to: email })).toBe('sent')
  await smtp.waitFor(() => smtp.messages.some((message) => message.to.includes(email)), 10_000)
  return smtp.messages.find((message) => message.to.includes(email))!
}

describe('the invitation e-mail', () => {
  it('points a person of a region without passwords to its provider', async () => {
    const message = await invitationMessage('ny.vellinge@syd.example', '1233')
    expect(message.subject).toBe('Ditt konto i Orosanmälan: logga in med Syd-id')
    expect(message.text).toContain('inget eget lösenord')
    expect(message.text).not.toContain('Välj ditt lösenord')
    expect(message.text).toContain(`${TEST_BASE_URL}/personal/inbjudan/`)
  })

  it('still asks for a password where the region keeps passwords', async () => {
    const message = await invitationMessage('ny.taby@nordost.example', '0160')
    expect(message.subject).toBe('Ditt konto i Orosanmälan: välj ett lösenord')
  })
})
