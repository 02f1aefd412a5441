import { useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmergencyNotice } from '~/components/emergency-notice'
import { Radios } from '~/components/fields'
import { StepForm } from '~/components/step-form'
import { someoneInDangerNow } from '~/domain/report-flow'
import { REPORTER_KINDS } from '~/domain/vocabulary'
import { requireStep, submitStep } from '~/server/report-steps.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const headers = retryAfterHeaders

export const handle = { i18n: ['common', 'report', 'errors'], titleKey: 'report:reporterKind.title' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { saved, returnUrl, back, answers } = await requireStep(request, context, 'reporterKind')
  return { saved, returnUrl, back, danger: someoneInDangerNow(answers) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitStep(request, context, 'reporterKind')
}

export default function ReporterKindStep() {
  const { t } = useTranslation('report')
  const { saved, returnUrl, back, danger } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<{ kind: string }>({ id: 'reporterKind', lastResult: useActionData<typeof action>(), defaultValue: saved ?? undefined })
  return (
    <StepForm form={form} back={back} returnUrl={returnUrl}>
      {danger ? <EmergencyNotice urgent /> : null}
      <Radios
        field={fields.kind}
        legendAsHeading
        legend={t('reporterKind.title')}
        choices={REPORTER_KINDS.map((value) => ({ value, label: t(`reporterKind.${value}`), hint: t(`reporterKind.${value}Hint`) }))}
      />
    </StepForm>
  )
}
