import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { endAllSessions, endSession } from '~/server/auth.server'
import { clearSessionCookieHeader, LOGIN_PATH, requireStaffPost } from '~/server/staff-session.server'

export async function action({ request, context }: ActionFunctionArgs) {
  const { staff, session, formData } = await requireStaffPost(request, context)
  if (formData.get('everywhere') === 'yes') await endAllSessions(context.db, staff.id, context.now())
  else await endSession(context.db, session.id)
  return redirect(LOGIN_PATH, { status: 303, headers: { 'Set-Cookie': await clearSessionCookieHeader(context) } })
}

export async function loader() {
  throw redirect(LOGIN_PATH, 303)
}
