import { createHmac } from 'node:crypto'
import { expect, type BrowserContext, type Page } from '@playwright/test'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../app/server/seed.server'
import { appDatabase } from './app-database'

export const TABY_INTAKE = 'mottagning.taby@demo.orosanmalan.se'
export const VELLINGE_INTAKE = 'mottagning.vellinge@demo.orosanmalan.se'
export const AUDITOR = 'granskare@demo.orosanmalan.se'

export async function staffCookie(context: BrowserContext): Promise<string | null> {
  return (await context.cookies()).find((cookie) => cookie.name === 'oro_staff')?.value ?? null
}

/**
 * Signs a demo account in as a person does: e-mail and password, then a code from the
 * authenticator app. Returns the session cookie after each step (they must differ).
 * `onPage` runs on the login and code pages, e.g. an accessibility check.
 */
export async function logIn(page: Page, email: string, onPage: (page: Page) => Promise<void> = async () => {}) {
  await page.goto('/personal/logga-in')
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible()
  await onPage(page)
  await page.getByLabel('E-postadress').fill(email)
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ange engångskod' })).toBeVisible()
  await onPage(page)
  const halfway = await staffCookie(page.context())
  // Two journeys in parallel may take the same account's step at once; the later one tries the next.
  for (let attempt = 1; ; attempt++) {
    await page.getByLabel('Ange engångskod').fill(await unusedCode(email))
    await page.getByRole('button', { name: 'Fortsätt' }).click()
    const signedIn = await page
      .waitForURL(/\/personal(\/granskning|\/drift)?$/, { timeout: 5000 })
      .then(() => true)
      .catch(() => false)
    if (signedIn) break
    if (attempt === 3) throw new Error(`the code was refused three times for ${email}`)
  }
  await expect(page.getByRole('heading', { level: 1, name: /Anmälningar|Granskningslogg|Drift och jour/ })).toBeVisible()
  return { halfway, full: await staffCookie(page.context()) }
}

const STEP_MS = 30_000

/** RFC 4226: the code an authenticator app shows for a base32 secret at a time step. */
function codeAt(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const char of secret.replace(/=+$/, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0')
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const hmac = createHmac('sha1', key).update(counter).digest()
  const offset = hmac[hmac.length - 1]! & 0xf
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

/**
 * A code the service has not taken yet: it takes each 30-second step once (ASVS 2.8.4),
 * and the journeys sign the same demo accounts in many times a minute. The service accepts
 * the step after the current one (a phone a little fast); when that is taken too, wait.
 */
async function unusedCode(email: string): Promise<string> {
  const db = await appDatabase()
  try {
    for (;;) {
      const { rows } = await db.query<{ step: string | null }>('select totp_last_step as step from staff_users where email = $1', [email])
      const last = rows[0]?.step === null || rows[0] === undefined ? -1 : Number(rows[0].step)
      const current = Math.floor(Date.now() / STEP_MS)
      const step = [current, current + 1].find((candidate) => candidate > last)
      if (step !== undefined) return codeAt(DEMO_TOTP_SECRET, step)
      await new Promise((resolve) => setTimeout(resolve, (current + 1) * STEP_MS - Date.now() + 50))
    }
  } finally {
    await db.end()
  }
}
