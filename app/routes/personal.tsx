import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, Outlet, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { findStaff } from '~/server/auth.server'
import { currentSession } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors', 'report'] }

/** The frame of the staff area. Each page guards itself; this only shows who is signed in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await currentSession(request, context)
  const staff = session?.secondFactor ? await findStaff(context.db, session.staffId) : null
  return { staff: staff ? { name: staff.name, role: staff.role } : null, csrf: session?.csrfToken ?? null }
}

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
              {staff.role === 'admin' ? (
                <li>
                  <Link to="/personal/drift" aria-current={location.pathname === '/personal/drift' ? 'page' : undefined}>
                    {t('nav.operations')}
                  </Link>
                </li>
              ) : null}
              {staff.role === 'intake' || staff.role === 'jour' ? (
                <li>
                  <Link to="/personal" aria-current={location.pathname === '/personal' ? 'page' : undefined}>
                    {t('nav.queue')}
                  </Link>
                </li>
              ) : null}
              {staff.role === 'intake' || staff.role === 'jour' ? (
                <li>
                  <Link to="/personal/foranmalningar" aria-current={location.pathname.startsWith('/personal/foranmalningar') ? 'page' : undefined}>
                    {t('nav.preNotices')}
                  </Link>
                </li>
              ) : null}
              {staff.role === 'auditor' ? (
                <li>
                  <Link to="/personal/granskning" aria-current={location.pathname === '/personal/granskning' ? 'page' : undefined}>
                    {t('nav.audit')}
                  </Link>
                </li>
              ) : null}
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
