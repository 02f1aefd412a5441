import { useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Checkboxes, TextArea } from '~/components/fields'
import { StepForm } from '~/components/step-form'
import { CONCERN_CATEGORIES } from '~/domain/vocabulary'
import { DESCRIPTION_MAX_LENGTH } from '~/domain/report-schema'
import { requireStep, submitStep } from '~/server/report-steps.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const headers = retryAfterHeaders

export const handle = { i18n: ['common', 'report', 'errors'], titleKey: 'report:concern.title' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { saved, returnUrl, back } = await requireStep(request, context, 'concern')
  return { saved, returnUrl, back }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitStep(request, context, 'concern')
}

export default function ConcernStep() {
  const { t } = useTranslation('report')
  const { saved, returnUrl, back } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<{ categories: string[]; description: string }>({
    id: 'concern',
    lastResult: useActionData<typeof action>(),
    defaultValue: saved ?? undefined,
  })
  return (
    <StepForm form={form} back={back} returnUrl={returnUrl}>
      <h1 className="heading-l">{t('concern.title')}</h1>
      <Checkboxes
        field={fields.categories}
        legend={t('concern.categoriesLegend')}
        hint={t('concern.categoriesHint')}
        choices={CONCERN_CATEGORIES.map((value) => ({ value, label: t(`categories.${value}`) }))}
      />
      <TextArea
        field={fields.description}
        label={t('concern.descriptionLabel')}
        rows={10}
        maxLength={DESCRIPTION_MAX_LENGTH}
        hint={
          <>
            <p className="body">{t('concern.descriptionHint')}</p>
            <ul className="list list--bullet">
              <li>{t('concern.descriptionWhat')}</li>
              <li>{t('concern.descriptionWhen')}</li>
              <li>{t('concern.descriptionWhere')}</li>
              <li>{t('concern.descriptionWho')}</li>
              <li>{t('concern.descriptionWords')}</li>
              <li>{t('concern.descriptionFirstTime')}</li>
              <li>{t('concern.descriptionHow')}</li>
              <li>{t('concern.descriptionOthers')}</li>
            </ul>
          </>
        }
      />
    </StepForm>
  )
}
