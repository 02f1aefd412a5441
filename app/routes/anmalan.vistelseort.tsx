import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { MunicipalityQuestion } from '~/components/municipality-question'
import { requireStep, submitStep } from '~/server/report-steps.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const headers = retryAfterHeaders

export const handle = { i18n: ['common', 'report', 'errors'], titleKey: 'report:whereabouts.title' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { saved, flow, returnUrl, back } = await requireStep(request, context, 'whereabouts')
  return { saved, returnUrl, back, municipalities: flow.municipalities }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitStep(request, context, 'whereabouts')
}

export default function WhereaboutsStep() {
  const { t } = useTranslation('report')
  const { saved, returnUrl, back, municipalities } = useLoaderData<typeof loader>()
  return (
    <MunicipalityQuestion
      id="whereabouts"
      title={t('whereabouts.title')}
      hint={t('whereabouts.hint')}
      municipalities={municipalities}
      saved={saved}
      lastResult={useActionData<typeof action>()}
      back={back}
      returnUrl={returnUrl}
    />
  )
}
