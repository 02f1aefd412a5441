import { useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmergencyNotice } from '~/components/emergency-notice'
import { Radios } from '~/components/fields'
import { StepForm } from '~/components/step-form'
import { subjectKinds } from '~/domain/report-flow'
import { SAFETY_ANSWERS, safetyQuestionsFor } from '~/domain/vocabulary'
import { requireStep, submitStep } from '~/server/report-steps.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const headers = retryAfterHeaders

export const handle = { i18n: ['common', 'report', 'errors'], titleKey: 'report:safety.title' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { saved, returnUrl, back, answers, flow } = await requireStep(request, context, 'safety')
  return { saved, returnUrl, back, questions: safetyQuestionsFor(subjectKinds(answers, flow)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitStep(request, context, 'safety')
}

export default function SafetyStep() {
  const { t } = useTranslation('report')
  const { saved, returnUrl, back, questions } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<Record<string, string>>({
    id: 'safety',
    lastResult: useActionData<typeof action>(),
    defaultValue: saved ?? undefined,
  })
  return (
    <StepForm form={form} back={back} returnUrl={returnUrl}>
      <h1 className="heading-l">{t('safety.title')}</h1>
      <p className="body">{t('safety.intro')}</p>
      <EmergencyNotice />
      {questions.map((id) => (
        <Radios key={id} field={fields[id]!} legend={t(`safety.questions.${id}`)} inline choices={SAFETY_ANSWERS.map((value) => ({ value, label: t(`answer.${value}`) }))} />
      ))}
    </StepForm>
  )
}
