import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, isRouteErrorResponse, Link, Outlet, useLocation, useRouteError, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { SlowDownNotice, type SlowDownData } from '~/components/slow-down-notice'
import type { Staff } from '~/server/auth.server'
import { currentSession, staffOfPage } from '~/server/staff-session.server'

// Staff pages are applications (live queues, forms that keep state): React runs in the browser there.
export const handle = { i18n: ['common', 'staff', 'errors', 'report'], hydrate: true }

/** The frame of the staff area. Each page guards itself; this only shows who is signed in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await currentSession(request, context)
  const staff = session?.secondFactor ? await staffOfPage(request, context, session.staffId) : null
  return { staff: staff ? { name: staff.name, role: staff.role } : null, csrf: session?.csrfToken ?? null }
}

/** The staff area's menu, per role. A section's own pages (a pre-notice, a municipality) keep it marked. */
const NAV: ReadonlyArray<{ to: string; label: string; roles: readonly Staff['role'][]; exact?: boolean }> = [
  { to: '/personal/drift', label: 'nav.operations', roles: ['admin'] },
  { to: '/personal/statistik', label: 'nav.statistics', roles: ['admin'] },
  { to: '/personal/kommuner', label: 'nav.municipalities', roles: ['admin'] },
  { to: '/personal/konton', label: 'nav.accounts', roles: ['admin'] },
  { to: '/personal/api-klienter', label: 'nav.apiClients', roles: ['admin'] },
  { to: '/personal', label: 'nav.queue', roles: ['intake', 'jour'], exact: true },
  { to: '/personal/foranmalningar', label: 'nav.preNotices', roles: ['intake', 'jour'] },
  { to: '/personal/granskning', label: 'nav.audit', roles: ['auditor'] },
]

export default function StaffArea() {
  return (
    <StaffFrame>
      <Outlet />
    </StaffFrame>
  )
}

/**
 * The header, navigation and main landmark around a staff page, and around its error page
 * too: a 404 for a report out of scope keeps the staff member in their own area (no public
 * footer with its "ring 112"). The frame's data is read by route id, which an error boundary
 * still has when a page below it failed.
 */
function StaffFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation('staff')
  const { staff, csrf } = useRouteLoaderData<typeof loader>('routes/personal') ?? { staff: null, csrf: null }
  const location = useLocation()
  return (
    <>
      <div className="skip-links">
        <a href="#main" className="skip-link">
          {t('common:skipToContent')}
        </a>
      </div>
      <header className="header header--staff">
        <div className="width-container width-container--staff header__inner">
          <Link to="/personal" className="header__service">
            {t('area')}
          </Link>
          {staff && csrf ? (
            <div className="header__staff">
              <span>{t('signedInAs', { name: staff.name })}</span>
              <Form method="post" action="/personal/logga-ut" className="inline-form">
                <input type="hidden" name="csrf" value={csrf} />
                <button type="submit" className="link-button">
                  {t('logout')}
                </button>
                <button type="submit" name="everywhere" value="yes" className="link-button">
                  {t('logoutEverywhere')}
                </button>
              </Form>
            </div>
          ) : null}
        </div>
        {staff ? (
          <nav className="width-container width-container--staff staff-nav" aria-label={t('area')}>
            <ul>
              {NAV.filter((item) => item.roles.includes(staff.role)).map((item) => (
                <li key={item.to}>
                  <Link to={item.to} aria-current={(item.exact ? location.pathname === item.to : location.pathname.startsWith(item.to)) ? 'page' : undefined}>
                    {t(item.label)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <div className="width-container width-container--staff">
        <main id="main" className="main main--wide" tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  )
}

/** Where each role starts: the way back from an error page (intake and jour: their queue). */
const START: Record<Staff['role'], string> = { intake: '/personal', jour: '/personal', admin: '/personal/drift', auditor: '/personal/granskning' }

/** The words of the refusals a staff member can meet; anything else is a server error. */
const STAFF_ERRORS: Record<number, string> = { 400: 'refused.badRequest', 403: 'refused.expired', 404: 'notFound', 413: 'refused.tooLarge', 415: 'refused.unsupported' }

/**
 * A staff page that failed, inside the staff frame. A 404 reads the same for an id that
 * does not exist and for one out of scope, so it tells nothing about another municipality.
 */
export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation('staff')
  const frame = useRouteLoaderData<typeof loader>('routes/personal')
  const status = isRouteErrorResponse(error) ? error.status : 500
  const role = frame?.staff?.role
  const back = (
    <p className="body">
      <Link to={role ? START[role] : '/personal'}>{t(`staffError.back.${role ?? 'signedOut'}`)}</Link>
    </p>
  )
  if (status === 429 || status === 503) {
    const slowDown = (error as { data?: Partial<SlowDownData> }).data
    return (
      <StaffFrame>
        <SlowDownNotice headingLevel={1} slowDown={{ retryAfterSeconds: slowDown?.retryAfterSeconds ?? 60, jour: slowDown?.jour ?? null }} />
        {back}
      </StaffFrame>
    )
  }
  const key = STAFF_ERRORS[status] ?? 'serverError'
  return (
    <StaffFrame>
      <h1 className="heading-l">{t(`common:${key}.title`)}</h1>
      <p className="body">{t(status === 404 ? 'staffError.notFound' : `common:${key}.body`)}</p>
      {back}
    </StaffFrame>
  )
}
