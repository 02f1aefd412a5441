import { defineConfig, devices } from '@playwright/test'

/**
 * The public journeys in a real browser against the real, built app (started once by the
 * global setup on a free port with its own embedded PostgreSQL). Build first: `remix build`.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  workers: 2,
  retries: 0,
  reporter: 'list',
  // A journey that signs the same demo account in twice may wait for the next 30-second code (each is taken once).
  timeout: 120_000,
  expect: { timeout: 5_000 },
  outputDir: '../test-results',
  use: {
    ...devices['Desktop Chrome'],
    // Set by the global setup before the workers start, so each worker reads it here.
    baseURL: process.env.E2E_BASE_URL,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
})
