import { redirect, type AppLoadContext } from '@remix-run/node'
import { findStaff } from './auth.server'
import { currentSession, LOGIN_PATH } from './staff-session.server'

/** Between password and second factor: the half-open session and its staff member, or back to login. */
export async function requireHalfLogin(request: Request, context: AppLoadContext) {
  const session = await currentSession(request, context)
  if (!session) throw redirect(LOGIN_PATH, 303)
  if (session.secondFactor) throw redirect('/personal', 303)
  const staff = await findStaff(context.db, session.staffId)
  if (!staff) throw redirect(LOGIN_PATH, 303)
  return { session, staff }
}
