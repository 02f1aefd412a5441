import { startApp } from '../support/app-server'
import { ONE_ADDRESS_FOR_MANY_CLIENTS } from '../support/rate-limit-env'
import { personalDataInCaughtMail } from './support/mail-privacy'

/**
 * Starts the built app once for the whole run and returns its teardown: Playwright calls
 * the returned function after the last test, which stops the app by the process id it was
 * started with and removes its data folder.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // Automated journeys fill a form in well under the anti-spam minimum; a person does not.
  // Every journey comes from 127.0.0.1: the per-address rate limits would take them for one script.
  const app = await startApp({ FORM_MIN_FILL_SECONDS: '0', ...ONE_ADDRESS_FOR_MANY_CLIENTS })
  process.env.E2E_BASE_URL = app.baseURL
  // For the few journeys that must set up the app's own database (paging.spec.ts).
  process.env.E2E_DATA_DIR = app.dataDir
  return async () => {
    try {
      const { messages, reports, problems } = await personalDataInCaughtMail(app.dataDir)
      console.log(`e-mail privacy: ${messages} messages checked against ${reports} reports`)
      if (problems.length > 0) throw new Error(`e-mail carried personal data from a report:\n${problems.join('\n')}`)
    } finally {
      await app.stop()
    }
  }
}
