import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, Outlet, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { findStaff, type Staff } from '~/server/auth.server'
import { currentSession } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors', 'report'] }

/** The frame of the staff area. Each page guards itself; this only shows who is signed in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await currentSession(request, context)
  const staff = session?.secondFactor ? await findStaff(context.db, session.staffId) : null
  return { staff: staff ? { name: staff.name, role: staff.role } : null, csrf: session?.csrfToken ?? null }
}

/** The staff area's menu, per role. A section's own pages (a pre-notice, a municipality) keep it marked. */
const NAV: ReadonlyArray<{ to: string; label: string; roles: readonly Staff['role'][]; exact?: boolean }> = [
  { to: '/personal/drift', label: 'nav.operations', roles: ['admin'] },
  { to: '/personal/statistik', label: 'nav.statistics', roles: ['admin'] },
  { to: '/personal/kommuner', label: 'nav.municipalities', roles: ['admin'] },
  { to: '/personal/konton', label: 'nav.accounts', roles: ['admin'] },
  { to: '/personal', label: 'nav.queue', roles: ['intake', 'jour'], exact: true },
  { to: '/personal/foranmalningar', label: 'nav.preNotices', roles: ['intake', 'jour'] },
  { to: '/personal/granskning', label: 'nav.audit', roles: ['auditor'] },
]

export default function StaffArea() {
  const { t } = useTranslation('staff')
  const { staff, csrf } = useLoaderData<typeof loader>()
  const location = useLocation()
  return (
    <>
      <div className="skip-links">
        <a href="#main" className="skip-link">
          {t('common:skipToContent')}
        </a>
      </div>
      <header className="header header--staff">
        <div className="width-container header__inner">
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
          <nav className="width-container staff-nav" aria-label={t('area')}>
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
      <div className="width-container">
        <main id="main" className="main main--wide" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </>
  )
}
