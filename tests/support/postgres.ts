import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { createDb, migrateToLatest, type Db } from '../../app/server/db.server'
import { startEmbeddedPostgres } from '../../app/server/embedded-postgres.server'
import { startJobs, type Jobs } from '../../app/server/jobs.server'
import { seedDemoPaging, seedRegions } from '../../app/server/seed.server'

/** Vitest global setup: one real PostgreSQL for the whole run, in a temporary folder. */
export async function startTestPostgres() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'oro-pg-'))
  const database = await startEmbeddedPostgres({ dataDir, database: 'postgres' })
  return {
    url: database.url,
    stop: async () => {
      await database.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * A database of its own for one test file, migrated and seeded with REGIONS.md, so test
 * files run in parallel without seeing each other's rows. `jobs` sends jobs as the web
 * process does; no worker runs them unless a test starts one.
 */
export async function createTestDatabase(serverUrl: string): Promise<{ db: Db; url: string; jobs: Jobs; drop: () => Promise<void> }> {
  const name = `test_${randomUUID().replace(/-/g, '')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = serverUrl.replace(/\/[^/]*$/, `/${name}`)
  const db = createDb(url, { max: 5 })
  await migrateToLatest(db)
  await seedRegions(db)
  await seedDemoPaging(db)
  const jobs = await startJobs(url, { role: 'web' }, (error) => console.error('pg-boss', error))
  return {
    db,
    url,
    jobs,
    drop: async () => {
      await jobs.boss.stop({ graceful: false, timeout: 1000 })
      await db.destroy()
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}

/**
 * An empty database of its own on the test server, for an app started with `DATABASE_URL`
 * (the app migrates and seeds it itself). `drop` ends whatever is still connected.
 */
export async function createEmptyDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `test_${randomUUID().replace(/-/g, '')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  return {
    url: serverUrl.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}
