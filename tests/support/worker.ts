import type { Cipher } from '~/server/crypto.server'
import type { Db } from '~/server/db.server'
import { startJobs, type RetryPolicy } from '~/server/jobs.server'
import { createLogger } from '~/server/logger.server'
import { createMailer } from '~/server/mailer.server'
import { startWorker } from '~/server/worker.server'
import { testCipher } from './cipher'

export const TEST_BASE_URL = 'https://oro.test'

/** A job worker in the test process, sending to the test SMTP server; stop it by what this returns. */
export async function startTestWorker(input: { url: string; db: Db; smtpUrl: string; retry?: RetryPolicy; cipher?: Cipher }) {
  const jobs = await startJobs(input.url, { role: 'worker', ...(input.retry ? { retry: input.retry } : {}) }, () => {})
  const worker = await startWorker({
    db: input.db,
    cipher: input.cipher ?? testCipher(),
    jobs,
    mailer: createMailer({ MAIL_FROM: 'Orosanmälan <no-reply@test.invalid>' }, input.smtpUrl),
    baseUrl: TEST_BASE_URL,
    logger: createLogger('silent'),
  })
  return {
    jobs,
    stop: async () => {
      await worker.stop()
      await jobs.boss.stop({ graceful: false, timeout: 1000 })
    },
  }
}
