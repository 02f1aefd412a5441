import { randomBytes } from 'node:crypto'
import { createCookie, data, redirect, type AppLoadContext } from '@remix-run/node'
import { outOfScope } from './audit.server'
import { csrfMatches, findSessionAndStaff, findStaff, scopeOf, type Session, type Staff } from './auth.server'
import type { Config } from './config.server'
import { readForm } from './form-body.server'

export const LOGIN_PATH = '/personal/logga-in'

/**
 * The staff session cookie holds only a random token. In production it is a `__Host-`
 * cookie (Secure, path /, no domain), so no subdomain can set or read it.
 */
const cookieByMode = new Map<boolean, ReturnType<typeof createCookie>>()
export function staffCookie(config: Pick<Config, 'NODE_ENV'>) {
  const production = config.NODE_ENV === 'production'
  let cookie = cookieByMode.get(production)
  if (!cookie) {
    cookie = createCookie(production ? '__Host-oro_staff' : 'oro_staff', {
      httpOnly: true,
      secure: production,
      sameSite: 'lax',
      path: '/',
    })
    cookieByMode.set(production, cookie)
  }
  return cookie
}

/**
 * Login CSRF: the form carries the value of a SameSite=Strict cookie set with the form.
 * Kept here, not in the route: a route module also runs in the browser, where a cookie
 * made at import time breaks the page.
 */
export const loginCsrfCookie = createCookie('oro_login_csrf', { httpOnly: true, sameSite: 'strict', path: '/personal', maxAge: 60 * 60 })

/** The login form's token: the one the browser already has, or a new one. */
export async function loginCsrfToken(request: Request): Promise<string> {
  const existing: unknown = await loginCsrfCookie.parse(request.headers.get('Cookie'))
  return typeof existing === 'string' && existing ? existing : randomBytes(24).toString('base64url')
}

/**
 * What one page read of its session and staff member. A staff page is the frame's loader and
 * the page's side by side, each with its own copy of the request but the same load context,
 * and both asked for the same two rows. Only reads (GET) share: an action may change them.
 */
const readsOfRequest = new WeakMap<AppLoadContext, Map<string, Promise<unknown>>>()

function readsOf(request: Request, context: AppLoadContext): Map<string, Promise<unknown>> | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null
  let reads = readsOfRequest.get(context)
  if (!reads) readsOfRequest.set(context, (reads = new Map()))
  return reads
}

function onceForPage<T>(request: Request, context: AppLoadContext, key: string, read: () => Promise<T>): Promise<T> {
  const reads = readsOf(request, context)
  if (!reads) return read()
  let found = reads.get(key) as Promise<T> | undefined
  if (!found) reads.set(key, (found = read()))
  return found
}

export async function currentSession(request: Request, context: AppLoadContext): Promise<Session | null> {
  const token: unknown = await staffCookie(context.config).parse(request.headers.get('Cookie'))
  if (typeof token !== 'string' || token.length === 0) return null
  // The staff member comes with the session, in the same query; a page's reads keep it for staffOfPage.
  return onceForPage(request, context, `session:${token}`, async () => {
    const found = await findSessionAndStaff(context.db, token, context.now())
    if (!found) return null
    const staffKey = `staff:${found.session.staffId}`
    const reads = readsOf(request, context)
    if (reads && !reads.has(staffKey)) reads.set(staffKey, Promise.resolve(found.staff))
    return found.session
  })
}

/** The signed-in staff member of this page, read once however many loaders ask (with the session, on a page). */
export function staffOfPage(request: Request, context: AppLoadContext, staffId: string): Promise<Staff | null> {
  return onceForPage(request, context, `staff:${staffId}`, () => findStaff(context.db, staffId))
}

/** A guard for every staff loader: a fully logged-in staff member, or off to the login page. */
export async function requireStaff(request: Request, context: AppLoadContext, roles?: readonly Staff['role'][]) {
  const session = await currentSession(request, context)
  if (!session?.secondFactor) throw redirect(LOGIN_PATH, 303)
  const staff = await staffOfPage(request, context, session.staffId)
  if (!staff) throw redirect(LOGIN_PATH, 303)
  // A page of another role does not exist for this person: 404, like a report out of scope.
  if (roles && !roles.includes(staff.role)) throw await outOfScope(context, request, { staffId: staff.id, kind: 'page' })
  return { staff, session, scope: scopeOf(staff, context.now()) }
}

/** The guard for every staff action: the same, and the form must carry this session's CSRF token. */
export async function requireStaffPost(request: Request, context: AppLoadContext, roles?: readonly Staff['role'][]) {
  const guarded = await requireStaff(request, context, roles)
  const formData = await readForm(request)
  if (!csrfMatches(guarded.session, formData.get('csrf'))) throw data({ status: 'csrf' }, { status: 403 })
  return { ...guarded, formData }
}

export const RECOVERY_CODES_PATH = '/personal/reservkoder'

/**
 * Carries the recovery codes from enrolment to the one page that shows them, once: signed,
 * HttpOnly, five minutes, and cleared when read. They are never stored in clear.
 */
export function recoveryCodesCookie(config: Pick<Config, 'SESSION_SECRET' | 'NODE_ENV'>) {
  return createCookie('oro_recovery_codes', {
    httpOnly: true,
    secure: config.NODE_ENV === 'production',
    sameSite: 'strict',
    // Not the page's own path: with JavaScript, Remix fetches its data from `<path>.data`.
    path: '/personal',
    maxAge: 5 * 60,
    secrets: [config.SESSION_SECRET],
  })
}

export async function sessionCookieHeader(context: AppLoadContext, token: string): Promise<string> {
  return staffCookie(context.config).serialize(token, { maxAge: 12 * 60 * 60 })
}

export async function clearSessionCookieHeader(context: AppLoadContext): Promise<string> {
  return staffCookie(context.config).serialize('', { maxAge: 0 })
}
