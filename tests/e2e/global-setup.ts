import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startApp } from '../support/app-server'
import { ONE_ADDRESS_FOR_MANY_CLIENTS } from '../support/rate-limit-env'
import { personalDataInCaughtMail } from './support/mail-privacy'
import { typedValuesInServerOutput } from './support/output-privacy'

/** Everything the app printed during the run, kept for reading after a failure. */
const SERVER_OUTPUT = path.resolve(import.meta.dirname, '../../test-results/server-output.log')

/**
 * Starts the built app once for the whole run and returns its teardown: Playwright calls
 * the returned function after the last test, which checks what the app sent and printed,
 * stops the app by the process id it was started with and removes its data folder.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // Automated journeys fill a form in well under the anti-spam minimum; a person does not.
  // Every journey comes from 127.0.0.1: the per-address rate limits would take them for one script.
  // The log level of production, so every request line is in the output the teardown checks.
  const app = await startApp({ FORM_MIN_FILL_SECONDS: '0', LOG_LEVEL: 'info', ...ONE_ADDRESS_FOR_MANY_CLIENTS })
  process.env.E2E_BASE_URL = app.baseURL
  // For the few journeys that must set up the app's own database (paging.spec.ts).
  process.env.E2E_DATA_DIR = app.dataDir
  return async () => {
    try {
      const { messages, reports, problems } = await personalDataInCaughtMail(app.dataDir)
      console.log(`e-mail privacy: ${messages} messages checked against ${reports} reports`)
      if (problems.length > 0) throw new Error(`e-mail carried personal data from a report:\n${problems.join('\n')}`)
      const output = app.output()
      await mkdir(path.dirname(SERVER_OUTPUT), { recursive: true })
      await writeFile(SERVER_OUTPUT, output)
      const printed = await typedValuesInServerOutput(app.dataDir, output)
      console.log(`server output privacy: ${printed.lines} lines (${SERVER_OUTPUT}) checked against ${printed.values} typed values`)
      if (printed.problems.length > 0) throw new Error(`the server printed what the journeys typed:\n${printed.problems.join('\n')}`)
    } finally {
      await app.stop()
    }
  }
}
