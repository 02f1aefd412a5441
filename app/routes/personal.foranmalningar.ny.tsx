import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PreNoticeForm } from '~/components/pre-notice-form'
import { useStaffCsrf } from '~/components/staff-csrf'
import { preNoticeSchema } from '~/domain/pre-notice'
import { createPreNotice } from '~/server/pre-notices.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:preNotice.new' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ['intake'])
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { staff, formData } = await requireStaffPost(request, context, ['intake'])
  const submission = parseWithZod(formData, { schema: preNoticeSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const id = await createPreNotice(context.db, context.cipher, {
    // An intake unit of several municipalities writes for the first; one of one is the common case.
    municipalityCode: staff.municipalityCodes[0]!,
    staffId: staff.id,
    notice: submission.value,
    now: context.now(),
  })
  return redirect(`/personal/foranmalningar/${id}`, 303)
}

export default function NewPreNotice() {
  const { t } = useTranslation('staff')
  const csrf = useStaffCsrf()
  return (
    <>
      <h1 className="heading-l">{t('preNotice.new')}</h1>
      <PreNoticeForm csrf={csrf} lastResult={useActionData<typeof action>()} submitLabel={t('preNotice.save')} />
    </>
  )
}
