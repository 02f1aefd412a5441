import { createCookie, type Cookie } from '@remix-run/node'
import type { Config } from './config.server'

const TWO_HOURS = 2 * 60 * 60

export interface Cookies {
  /** The random id of the reporter's draft: the only thing of the draft the browser holds. */
  draft: Cookie
  /** Which report's confirmation this browser may show again (reload, bookmark) for a day. */
  receipt: Cookie
}

const bySecret = new Map<string, Cookies>()

export function cookies(config: Pick<Config, 'SESSION_SECRET' | 'NODE_ENV'>): Cookies {
  const existing = bySecret.get(config.SESSION_SECRET)
  if (existing) return existing
  const options = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.NODE_ENV === 'production',
    path: '/',
    secrets: [config.SESSION_SECRET],
  }
  const created = {
    draft: createCookie('oro_draft', { ...options, maxAge: TWO_HOURS }),
    receipt: createCookie('oro_receipt', { ...options, maxAge: 24 * 60 * 60 }),
  }
  bySecret.set(config.SESSION_SECRET, created)
  return created
}

const MUNICIPALITY_CODE = /^\d{4}$/

/**
 * The municipality a report in progress is about, in plain text (`oro_kommun=0187`), so a page
 * that must answer without reading the draft (busy or rate-limited) can still give the number
 * of the jour that covers it. Only the four-digit code; cleared with the draft.
 */
export function municipalityHintHeader(config: Pick<Config, 'NODE_ENV'>, code: string | null): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(config.NODE_ENV === 'production' ? ['Secure'] : [])]
  if (code === null || !MUNICIPALITY_CODE.test(code)) return ['oro_kommun=', 'Max-Age=0', ...attributes].join('; ')
  return [`oro_kommun=${code}`, `Max-Age=${TWO_HOURS}`, ...attributes].join('; ')
}
