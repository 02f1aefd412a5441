import { useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary } from './error-summary'
import { TextArea, TextInput } from './fields'
import { summaryErrors } from './step-form'

type PreNoticeFields = Record<'personName' | 'personalIdentityNumber' | 'validFrom' | 'validTo' | 'background' | 'plan' | 'contact', string>

/** The pre-notice form, for a new one and for editing one. */
export function PreNoticeForm({
  csrf,
  defaultValue,
  lastResult,
  submitLabel,
}: {
  csrf: string
  defaultValue?: Partial<PreNoticeFields>
  lastResult: SubmissionResult<string[]> | undefined
  submitLabel: string
}) {
  const { t } = useTranslation('staff')
  const [form, fields] = useForm<PreNoticeFields>({ id: 'preNotice', lastResult, defaultValue })
  return (
    <>
      <ErrorSummary errors={summaryErrors(form)} />
      <Form method="post" id={form.id} noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="intent" value="save" />
        <TextInput field={fields.personName} label={t('preNotice.personName')} />
        <TextInput field={fields.personalIdentityNumber} label={t('preNotice.personalIdentityNumber')} hint={t('preNotice.personalIdentityNumberHint')} width="medium" />
        <TextInput field={fields.validFrom} label={t('preNotice.validFrom')} hint={t('preNotice.dateHint')} width="medium" />
        <TextInput field={fields.validTo} label={t('preNotice.validTo')} hint={t('preNotice.dateHint')} width="medium" />
        <TextArea field={fields.background} label={t('preNotice.background')} rows={4} />
        <TextArea field={fields.plan} label={t('preNotice.plan')} hint={t('preNotice.planHint')} rows={5} />
        <TextArea field={fields.contact} label={t('preNotice.contact')} rows={2} />
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </Form>
    </>
  )
}
