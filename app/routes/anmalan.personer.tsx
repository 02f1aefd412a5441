import { useForm, type FieldMetadata } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Checkbox, Radios, TextInput } from '~/components/fields'
import { StepForm } from '~/components/step-form'
import type { Concerns } from '~/domain/vocabulary'
import { requireStep, submitStep } from '~/server/report-steps.server'
import { retryAfterHeaders } from '~/server/slow-down.server'

export const headers = retryAfterHeaders

export const handle = {
  i18n: ['common', 'report', 'errors'],
  titleKey: (data: unknown) => `report:people.heading.${(data as { concerns?: string } | undefined)?.concerns ?? 'children'}`,
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { saved, returnUrl, back, answers } = await requireStep(request, context, 'people')
  const concerns = (answers.subjects?.concerns ?? 'children') as Concerns
  return { saved, returnUrl, back, concerns }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitStep(request, context, 'people')
}

interface PersonInput {
  name: string
  personalIdentityNumber: string
  birthDate: string
  approximateAge: string
  whereabouts: string
  school: string
  guardians: string
  interpreterNeeded: string
  interpreterLanguage: string
}

export default function PeopleStep() {
  const { t } = useTranslation('report')
  const { saved, returnUrl, back, concerns } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<{ people: PersonInput[]; selfIsChild: string }>({
    id: 'people',
    lastResult: useActionData<typeof action>(),
    defaultValue: saved ?? { people: [{}] },
  })
  const people = fields.people.getFieldList()
  return (
    <StepForm form={form} back={back} returnUrl={returnUrl} otherSubmitButtons={concerns === 'children'}>
      <h1 className="heading-l">{t(`people.heading.${concerns}`)}</h1>
      <p className="body">{t('people.intro')}</p>
      {concerns === 'self' ? (
        <Radios
          field={fields.selfIsChild}
          legend={t('people.selfIsChild')}
          inline
          choices={[
            { value: 'yes', label: t('answer.yes') },
            { value: 'no', label: t('answer.no') },
          ]}
        />
      ) : null}
      {people.map((person, index) => (
        <PersonFieldset
          key={person.key}
          person={person}
          concerns={concerns}
          legend={concerns === 'children' ? t('people.childLegend', { number: index + 1 }) : t(`people.legend.${concerns}`)}
          removeButton={
            concerns === 'children' && people.length > 1 ? (
              <button className="button button--secondary" {...form.remove.getButtonProps({ name: fields.people.name, index })}>
                {t('people.remove')}
                <span className="visually-hidden"> {t('people.childLegend', { number: index + 1 })}</span>
              </button>
            ) : null
          }
        />
      ))}
      {concerns === 'children' ? (
        <p>
          <button className="button button--secondary" {...form.insert.getButtonProps({ name: fields.people.name })}>
            {t('people.addChild')}
          </button>
        </p>
      ) : null}
    </StepForm>
  )
}

function PersonFieldset({
  person,
  concerns,
  legend,
  removeButton,
}: {
  person: FieldMetadata<PersonInput, Record<string, unknown>, string[]>
  concerns: Concerns
  legend: string
  removeButton: React.ReactNode
}) {
  const { t } = useTranslation('report')
  const field = person.getFieldset()
  const label = (name: string) => t(concerns === 'self' ? `people.self.${name}` : `people.labels.${name}`)
  return (
    <fieldset className="fieldset person">
      <legend className="legend heading-m">{legend}</legend>
      <TextInput field={field.name} label={label('name')} autoComplete={concerns === 'self' ? 'name' : 'off'} />
      <TextInput field={field.personalIdentityNumber} label={label('personalIdentityNumber')} hint={t('people.hints.personalIdentityNumber')} width="medium" />
      <TextInput field={field.birthDate} label={label('birthDate')} hint={t('people.hints.birthDate')} width="medium" />
      <TextInput field={field.approximateAge} label={label('approximateAge')} hint={t('people.hints.approximateAge')} inputMode="numeric" width="short" />
      <TextInput field={field.whereabouts} label={label('whereabouts')} hint={t('people.hints.whereabouts')} />
      {concerns !== 'adult' ? (
        <>
          <TextInput field={field.school} label={label('school')} />
          <TextInput field={field.guardians} label={label('guardians')} hint={t('people.hints.guardians')} />
        </>
      ) : null}
      <Checkbox field={field.interpreterNeeded} label={label('interpreterNeeded')} />
      <TextInput field={field.interpreterLanguage} label={label('interpreterLanguage')} hint={t('people.hints.interpreterLanguage')} />
      {removeButton}
    </fieldset>
  )
}
