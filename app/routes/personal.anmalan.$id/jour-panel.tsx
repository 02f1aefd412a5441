import { useForm, type SubmissionResult } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { CaseworkForm } from '~/components/casework-form'
import { Select, TextArea, TextInput } from '~/components/fields'
import { summaryErrors } from '~/components/step-form'
import { JOUR_ACTIONS } from '~/domain/casework'

/** The jour's forms on a report, with the errors of the last one sent (for the page's error summary). */
export function useJourForms(lastResult: (intent: string) => SubmissionResult<string[]> | undefined) {
  const jourAction = useForm<{ action: string; time: string; minutes: string; note: string }>({ id: 'jourAction', lastResult: lastResult('jourAction') })
  const handover = useForm<{ note: string }>({ id: 'handover', lastResult: lastResult('handover') })
  return { jourAction, handover, errors: [...summaryErrors(jourAction[0]), ...summaryErrors(handover[0])] }
}

/** What the jour does on a report during the night: acknowledge it, note each action, hand it over in the morning. */
export function JourPanel({
  csrf,
  forms,
  acknowledgedName,
  acknowledged,
  handedOver,
}: {
  csrf: string
  forms: ReturnType<typeof useJourForms>
  acknowledgedName: string | null
  acknowledged: boolean
  handedOver: boolean
}) {
  const { t } = useTranslation('staff')
  const [jourActionForm, jourActionFields] = forms.jourAction
  const [handoverForm, handoverFields] = forms.handover
  return (
    <section className="casework no-print" aria-labelledby="jour-title">
      <h2 className="heading-m" id="jour-title">
        {t('jour.title')}
      </h2>
      {acknowledged ? (
        <p className="body">{t('jour.acknowledgedBy', { name: acknowledgedName ?? '' })}</p>
      ) : (
        <CaseworkForm csrf={csrf} intent="acknowledge" submitLabel={t('jour.acknowledge')} buttonClass="button" />
      )}
      <CaseworkForm id={jourActionForm.id} csrf={csrf} intent="jourAction" submitLabel={t('jour.recordAction')} buttonClass="button button--secondary">
        <Select
          field={jourActionFields.action}
          label={t('jour.action')}
          placeholder={t('casework.choose')}
          options={JOUR_ACTIONS.map((action) => ({ value: action, label: t(`jour.actions.${action}`) }))}
        />
        <TextInput field={jourActionFields.time} label={t('jour.time')} hint={t('jour.timeHint')} width="short" inputMode="numeric" />
        <TextInput field={jourActionFields.minutes} label={t('jour.minutes')} hint={t('jour.minutesHint')} width="short" inputMode="numeric" />
        <TextArea field={jourActionFields.note} label={t('casework.note')} rows={3} />
      </CaseworkForm>
      {handedOver ? null : (
        <CaseworkForm id={handoverForm.id} csrf={csrf} intent="handover" submitLabel={t('jour.handover')} buttonClass="button">
          <TextArea field={handoverFields.note} label={t('jour.handoverNote')} rows={4} />
        </CaseworkForm>
      )}
    </section>
  )
}
