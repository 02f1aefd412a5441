import { readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'

/**
 * A connection to the embedded PostgreSQL of the app under test, found in its data folder:
 * the password the app made there and the port its postmaster.pid names.
 */
export async function appDatabaseUrl(dataDir: string): Promise<string> {
  const password = (await readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim()
  // postmaster.pid: pid, data folder, start time, port, ...
  const port = (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[3]!.trim()
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/orosanmalan`
}

export async function appDatabase(): Promise<pg.Client> {
  const dataDir = process.env.E2E_DATA_DIR
  if (!dataDir) throw new Error('E2E_DATA_DIR is not set: run through the Playwright global setup')
  const client = new pg.Client({ connectionString: await appDatabaseUrl(dataDir) })
  await client.connect()
  return client
}
