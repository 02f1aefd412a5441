import { useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmergencyNotice } from '~/components/emergency-notice'
import { Radios, Select, TextArea, TextInput } from '~/components/fields'
import { StepForm } from '~/components/step-form'
import { reporterKindOf, someoneInDangerNow } from '~/domain/report-flow'
import { ORGANISATION_TYPES } from '~/domain/vocabulary'
import { requireStep, submitStep } from '~/server/report-steps.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const headers = retryAfterHeaders

export const handle = {
  i18n: ['common', 'report', 'errors'],
  titleKey: (data: unknown) => ((data as { kind?: string } | undefined)?.kind === 'professional' ? 'report:reporterDetails.professionalTitle' : 'report:reporterDetails.title'),
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { saved, returnUrl, back, answers } = await requireStep(request, context, 'reporterDetails')
  return { saved, returnUrl, back, kind: reporterKindOf(answers) ?? 'private', danger: someoneInDangerNow(answers) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitStep(request, context, 'reporterDetails')
}

type DetailsInput = Record<
  'anonymous' | 'name' | 'phone' | 'email' | 'relation' | 'organisationType' | 'organisationName' | 'role' | 'guardiansInformed' | 'guardiansNotInformedReason',
  string
>

export default function ReporterDetailsStep() {
  const { t } = useTranslation('report')
  const { saved, returnUrl, back, kind, danger } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<DetailsInput>({
    id: 'reporterDetails',
    lastResult: useActionData<typeof action>(),
    defaultValue: saved ?? undefined,
  })
  const contact = (
    <>
      <TextInput field={fields.name} label={t('reporterDetails.name')} autoComplete="name" />
      <TextInput field={fields.phone} label={t('reporterDetails.phone')} type="tel" autoComplete="tel" width="medium" />
      <TextInput field={fields.email} label={t('reporterDetails.email')} type="email" autoComplete="email" />
    </>
  )
  return (
    <StepForm form={form} back={back} returnUrl={returnUrl}>
      {danger ? <EmergencyNotice urgent /> : null}
      <h1 className="heading-l">{t(kind === 'professional' ? 'reporterDetails.professionalTitle' : 'reporterDetails.title')}</h1>
      {kind === 'professional' ? (
        <>
          <p className="body">{t('reporterDetails.professionalIntro')}</p>
          {contact}
          <Select
            field={fields.organisationType}
            label={t('reporterDetails.organisationType')}
            placeholder={t('reporterDetails.organisationTypePlaceholder')}
            options={ORGANISATION_TYPES.map((value) => ({ value, label: t(`organisationTypes.${value}`) }))}
          />
          <TextInput field={fields.organisationName} label={t('reporterDetails.organisationName')} autoComplete="organization" />
          <TextInput field={fields.role} label={t('reporterDetails.role')} autoComplete="organization-title" />
          <Radios
            field={fields.guardiansInformed}
            legend={t('reporterDetails.guardiansInformed')}
            hint={t('reporterDetails.guardiansInformedHint')}
            choices={[
              { value: 'yes', label: t('answer.yes') },
              {
                value: 'no',
                label: t('answer.no'),
                conditional: <TextArea field={fields.guardiansNotInformedReason} label={t('reporterDetails.guardiansNotInformedReason')} rows={3} />,
              },
              { value: 'notApplicable', label: t('reporterDetails.guardiansNotApplicable') },
            ]}
          />
        </>
      ) : (
        <>
          <p className="body">{t('reporterDetails.anonymousIntro')}</p>
          <Radios
            field={fields.anonymous}
            legend={t('reporterDetails.anonymous')}
            choices={[
              { value: 'yes', label: t('reporterDetails.anonymousYes'), hint: t('reporterDetails.anonymousYesHint') },
              { value: 'no', label: t('reporterDetails.anonymousNo'), conditional: contact },
            ]}
          />
          {kind === 'private' ? <TextInput field={fields.relation} label={t('reporterDetails.relation')} hint={t('reporterDetails.relationHint')} /> : null}
        </>
      )}
    </StepForm>
  )
}
