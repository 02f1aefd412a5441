import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PreNoticeForm } from '~/components/pre-notice-form'
import { StaffTime } from '~/components/staff-time'
import { SummaryList } from '~/components/summary-list'
import { useStaffCsrf } from '~/components/staff-csrf'
import { stockholmDate, addDays } from '~/domain/calendar'
import { preNoticeSchema } from '~/domain/pre-notice'
import { outOfScope } from '~/server/audit.server'
import { readPreNotice, updatePreNotice, withdrawPreNotice, type PreNoticeChange } from '~/server/pre-notices.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'
import { ActionButton } from '~/components/action-button'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:preNotice.title' }

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { staff, scope } = await requireStaff(request, context, ['intake', 'jour'])
  const id = params.id ?? ''
  const notice = await readPreNotice(context.db, context.cipher, scope, { staffId: staff.id, id, now: context.now() })
  if (!notice) throw await outOfScope(context, request, { staffId: staff.id, kind: 'preNotice', id })
  return {
    canEdit: staff.role === 'intake' && notice.editable,
    notice: {
      personName: notice.personName,
      personalIdentityNumber: notice.personalIdentityNumber,
      municipality: notice.municipalityName,
      validFrom: notice.valid_from,
      validTo: notice.valid_to,
      background: notice.background,
      plan: notice.plan,
      contact: notice.contact,
      withdrawn: Boolean(notice.withdrawn_at),
    },
    // The form's dates are days; valid_to is the instant the last day ends.
    formDefaults: {
      personName: notice.personName ?? '',
      personalIdentityNumber: notice.personalIdentityNumber,
      validFrom: stockholmDate(notice.valid_from),
      validTo: addDays(stockholmDate(notice.valid_to), -1),
      background: notice.background,
      plan: notice.plan,
      contact: notice.contact,
    },
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { staff, scope, formData } = await requireStaffPost(request, context, ['intake'])
  const id = params.id ?? ''
  // One out of scope is a security event; an expired or withdrawn one of the staff member's own is simply gone.
  const refuse = async (change: PreNoticeChange) => {
    if (change === 'notFound') throw await outOfScope(context, request, { staffId: staff.id, kind: 'preNotice', id })
    if (change === 'notEditable') throw data({ status: 'not-found' }, { status: 404 })
  }
  if (formData.get('intent') === 'withdraw') {
    await refuse(await withdrawPreNotice(context.db, context.cipher, scope, { id, staffId: staff.id, now: context.now() }))
    return redirect('/personal/foranmalningar', 303)
  }
  const submission = parseWithZod(formData, { schema: preNoticeSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  await refuse(await updatePreNotice(context.db, context.cipher, scope, { id, staffId: staff.id, notice: submission.value, now: context.now() }))
  return redirect(`/personal/foranmalningar/${id}`, 303)
}

export default function PreNotice() {
  const { t } = useTranslation('staff')
  const { canEdit, notice, formDefaults } = useLoaderData<typeof loader>()
  const csrf = useStaffCsrf()
  const lastResult = useActionData<typeof action>()
  return (
    <>
      <Link to="/personal/foranmalningar" className="back-link">
        {t('preNotice.listTitle')}
      </Link>
      <h1 className="heading-l">{t('preNotice.title')}</h1>
      <SummaryList
        rows={[
          { key: t('preNotice.personName'), value: notice.personName ? <bdi>{notice.personName}</bdi> : '–' },
          { key: t('preNotice.personalIdentityNumber'), value: <bdi>{notice.personalIdentityNumber}</bdi> },
          { key: t('report.municipality'), value: notice.municipality },
          { key: t('preNotice.background'), value: <bdi>{notice.background}</bdi> },
          { key: t('preNotice.plan'), value: <bdi>{notice.plan}</bdi> },
          { key: t('preNotice.contact'), value: <bdi>{notice.contact}</bdi> },
        ]}
      />
      <p className="body">
        <StaffTime value={notice.validFrom} /> – <StaffTime value={notice.validTo} />
        {notice.withdrawn ? ` – ${t('preNotice.withdrawn')}` : null}
      </p>
      {canEdit ? (
        <>
          <h2 className="heading-m">{t('preNotice.edit')}</h2>
          <PreNoticeForm csrf={csrf} defaultValue={formDefaults} lastResult={lastResult} submitLabel={t('preNotice.save')} />
          <ActionButton csrf={csrf} intent="withdraw" label={t('preNotice.withdraw')} warning />
        </>
      ) : null}
    </>
  )
}
