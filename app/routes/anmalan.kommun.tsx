import { useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Select } from '~/components/fields'
import { StepForm } from '~/components/step-form'
import { UNKNOWN_MUNICIPALITY } from '~/domain/vocabulary'
import { requireStep, submitStep } from '~/server/report-steps.server'

export const handle = { i18n: ['common', 'report', 'errors'], titleKey: 'report:municipality.title' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { saved, flow, returnUrl, back } = await requireStep(request, context, 'municipality')
  return { saved, returnUrl, back, municipalities: flow.municipalities }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitStep(request, context, 'municipality')
}

export default function MunicipalityStep() {
  const { t } = useTranslation('report')
  const { saved, returnUrl, back, municipalities } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<{ municipality: string }>({ id: 'municipality', lastResult: useActionData<typeof action>(), defaultValue: saved ?? undefined })
  return (
    <StepForm form={form} back={back} returnUrl={returnUrl}>
      <Select
        field={fields.municipality}
        labelAsHeading
        label={t('municipality.title')}
        hint={t('municipality.hint')}
        placeholder={t('municipality.placeholder')}
        options={[
          ...municipalities.map((municipality) => ({ value: municipality.code, label: municipality.name })),
          { value: UNKNOWN_MUNICIPALITY, label: t('municipality.unknown') },
        ]}
      />
    </StepForm>
  )
}
