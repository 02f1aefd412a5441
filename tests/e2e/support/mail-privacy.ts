import { readConfig } from '../../../app/server/config.server'
import { createCipher } from '../../../app/server/crypto.server'
import { createDb } from '../../../app/server/db.server'
import { caughtMail } from '../../../app/server/dev-mail.server'
import { readReport } from '../../../app/server/staff-report.server'
import { personalDataInMail } from '../../support/mail'
import { appDatabaseUrl } from './app-database'

/**
 * Issue 6: no e-mail carries what a report says about a person. Run after the last
 * journey, over every message the app's mail catcher kept and every report in its
 * database (the app runs with the demo keys of a development start).
 */
export async function personalDataInCaughtMail(dataDir: string): Promise<{ messages: number; reports: number; problems: string[] }> {
  const messages = await caughtMail(dataDir, 100_000)
  const db = createDb(await appDatabaseUrl(dataDir), { max: 2 })
  try {
    const cipher = createCipher(readConfig({}))
    const ids = await db.selectFrom('reports').select('id').execute()
    const reports = await Promise.all(ids.map(async ({ id }) => (await readReport(db, cipher, id))!))
    const answers = reports.map(({ description, subjects, reporter }) => ({ description, subjects, reporter }))
    return {
      messages: messages.length,
      reports: reports.length,
      problems: personalDataInMail(
        messages.map((message) => ({ ...message, html: '' })),
        answers,
      ),
    }
  } finally {
    await db.destroy()
  }
}
