import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'oro-embedded-stop-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('stopping the embedded PostgreSQL (the last step of npm start)', () => {
  it('ends a connection a library left open without crashing the process or changing its exit code', () => {
    // A client with no 'error' listener, as a library might hold one, open while the database stops.
    const script = `
      const { startEmbeddedPostgres } = await import('./app/server/embedded-postgres.server.ts')
      const pg = (await import('pg')).default
      const database = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} })
      const client = new pg.Client({ connectionString: database.url })
      await client.connect()
      await database.stop()
      await new Promise((resolve) => setTimeout(resolve, 500))
      console.log('stopped cleanly')
    `
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })
    expect(result.stderr).not.toMatch(/Unhandled 'error' event/)
    expect(result.stdout).toContain('stopped cleanly')
    expect(result.status).toBe(0)
  }, 70_000)
})
