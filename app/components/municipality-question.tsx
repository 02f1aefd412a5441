import { useForm, type SubmissionResult } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import type { Municipality } from '~/server/municipalities.server'
import { Select } from './fields'
import { StepForm } from './step-form'

/** "Which municipality?" as a one-question page: where the person lives, or where they are now. */
export function MunicipalityQuestion({
  id,
  title,
  hint,
  municipalities,
  extraOption,
  saved,
  lastResult,
  back,
  returnUrl,
}: {
  id: string
  title: string
  hint: string
  municipalities: readonly Municipality[]
  extraOption?: { value: string; label: string }
  saved: Record<string, unknown> | null
  lastResult: SubmissionResult<string[]> | undefined
  back: string
  returnUrl: string | null
}) {
  const { t } = useTranslation('report')
  const [form, fields] = useForm<{ municipality: string }>({ id, lastResult, defaultValue: saved ?? undefined })
  return (
    <StepForm form={form} back={back} returnUrl={returnUrl}>
      <Select
        field={fields.municipality}
        labelAsHeading
        label={title}
        hint={hint}
        placeholder={t('municipality.placeholder')}
        options={[...municipalities.map((municipality) => ({ value: municipality.code, label: municipality.name })), ...(extraOption ? [extraOption] : [])]}
      />
    </StepForm>
  )
}
