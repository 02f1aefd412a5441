import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { AppLoadContext } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loader } from '~/routes/dev.mail'
import { readConfig } from '~/server/config.server'

let dataDir: string
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'oro-devmail-'))
  await mkdir(path.join(dataDir, 'mail'))
  const message = ['To: jour@test.invalid', 'Subject: LARM Akut: orosanmälan ABCD-EFGH-JKL, Täby', 'Date: Mon, 23 Nov 2026 21:40:00 +0000', '', 'Ärende: ABCD-EFGH-JKL'].join(
    '\r\n',
  )
  await writeFile(path.join(dataDir, 'mail', '1795470000000-a.eml'), message)
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

const call = (env: Record<string, string>, fromLoopback = true) =>
  loader({
    request: new Request('http://localhost/dev/mail'),
    params: {},
    context: { config: readConfig({ DATA_DIR: dataDir, ...env }), fromLoopback } as unknown as AppLoadContext,
  })

describe('/dev/mail', () => {
  it('lists what the mail catcher kept, in development', async () => {
    const { messages } = await call({})
    expect(messages).toMatchObject([{ to: 'jour@test.invalid', subject: 'LARM Akut: orosanmälan ABCD-EFGH-JKL, Täby', text: 'Ärende: ABCD-EFGH-JKL' }])
  })

  it('does not exist for a request from another machine, whose invitation links would open accounts', async () => {
    await expect(call({}, false)).rejects.toMatchObject({ status: 404 })
  })

  it('does not exist in production', async () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://oro@db.internal/oro',
      BASE_URL: 'https://orosanmalan.example.se',
      SESSION_SECRET: 'a'.repeat(48),
      ENCRYPTION_KEYS: `k:${Buffer.alloc(32, 1).toString('base64')}`,
      BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
      SMTP_URL: 'smtp://smtp.example.se',
      MAIL_FROM: 'no-reply@example.se',
    }
    await expect(call(production)).rejects.toMatchObject({ status: 404 })
  })
})
