import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { StaffTime } from '~/components/staff-time'
import { listPreNotices } from '~/server/pre-notices.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:preNotice.listTitle' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff, scope } = await requireStaff(request, context, ['intake', 'jour'])
  const notices = await listPreNotices(context.db, context.cipher, scope, { staffId: staff.id, now: context.now() })
  return {
    canCreate: staff.role === 'intake',
    notices: notices.map((notice) => ({
      id: notice.id,
      person: notice.personName ?? notice.personalIdentityNumber,
      municipality: notice.municipalityName,
      validTo: notice.valid_to,
      active: notice.active,
      withdrawn: Boolean(notice.withdrawn_at),
    })),
  }
}

export default function PreNotices() {
  const { t } = useTranslation('staff')
  const { canCreate, notices } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('preNotice.listTitle')}</h1>
      <p className="body">{t('preNotice.intro')}</p>
      {canCreate ? (
        <Link to="/personal/foranmalningar/ny" className="button button--secondary">
          {t('preNotice.new')}
        </Link>
      ) : null}
      {notices.length === 0 ? (
        <p className="body">{t('preNotice.none')}</p>
      ) : (
        <ul className="list">
          {notices.map((notice) => (
            <li key={notice.id}>
              <Link to={`/personal/foranmalningar/${notice.id}`}>
                <bdi>{notice.person}</bdi>
              </Link>{' '}
              – {notice.municipality} – {t('preNotice.until')} <StaffTime value={notice.validTo} /> –{' '}
              {t(notice.withdrawn ? 'preNotice.withdrawn' : notice.active ? 'preNotice.active' : 'preNotice.inactive')}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
