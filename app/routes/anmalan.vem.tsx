import { useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Radios } from '~/components/fields'
import { StepForm } from '~/components/step-form'
import { CONCERNS } from '~/domain/vocabulary'
import { requireStep, submitStep } from '~/server/report-steps.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const headers = retryAfterHeaders

export const handle = { i18n: ['common', 'report', 'errors'], titleKey: 'report:concerns.title' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { saved, returnUrl, back } = await requireStep(request, context, 'subjects')
  return { saved, returnUrl, back }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitStep(request, context, 'subjects')
}

export default function ConcernsStep() {
  const { t } = useTranslation('report')
  const { saved, returnUrl, back } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<{ concerns: string }>({ id: 'concerns', lastResult: useActionData<typeof action>(), defaultValue: saved ?? undefined })
  return (
    <StepForm form={form} back={back} returnUrl={returnUrl}>
      <Radios
        field={fields.concerns}
        legendAsHeading
        legend={t('concerns.title')}
        choices={CONCERNS.map((value) => ({ value, label: t(`concerns.${value}`), hint: t(`concerns.${value}Hint`) }))}
      />
    </StepForm>
  )
}
