import { useForm, type SubmissionResult } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { CaseworkForm } from '~/components/casework-form'
import { Radios, Select, TextArea } from '~/components/fields'
import { summaryErrors } from '~/components/step-form'
import { INITIAL_ASSESSMENTS } from '~/domain/casework'

/** The intake unit's forms on a report, with the errors of the last one sent (for the page's error summary). */
export function useIntakeForms(lastResult: (intent: string) => SubmissionResult<string[]> | undefined) {
  const protection = useForm<{ protectionNeeded: string; note: string }>({ id: 'protection', lastResult: lastResult('protectionAssessment') })
  const initialAssessment = useForm<{ initialAssessment: string; reason: string }>({ id: 'initialAssessment', lastResult: lastResult('initialAssessment') })
  const transfer = useForm<{ municipality: string; reason: string }>({ id: 'transfer', lastResult: lastResult('transfer') })
  return {
    protection,
    initialAssessment,
    transfer,
    errors: [...summaryErrors(protection[0]), ...summaryErrors(initialAssessment[0]), ...summaryErrors(transfer[0])],
  }
}

/**
 * What the intake unit does on a report (SoL 11 kap. 1 a §): take it, make the protection
 * assessment and the initial assessment, or transfer it to the right municipality.
 */
export function IntakePanel({
  csrf,
  forms,
  assignedToReader,
  transferTargets,
}: {
  csrf: string
  forms: ReturnType<typeof useIntakeForms>
  assignedToReader: boolean
  transferTargets: ReadonlyArray<{ code: string; name: string }>
}) {
  const { t } = useTranslation('staff')
  const [protectionForm, protectionFields] = forms.protection
  const [initialAssessmentForm, initialAssessmentFields] = forms.initialAssessment
  const [transferForm, transferFields] = forms.transfer
  return (
    <section className="casework no-print" aria-labelledby="casework-title">
      <h2 className="heading-m" id="casework-title">
        {t('casework.title')}
      </h2>
      {assignedToReader ? (
        <p className="body">{t('casework.assigned')}</p>
      ) : (
        <CaseworkForm csrf={csrf} intent="assign" submitLabel={t('casework.assign')} buttonClass="button button--secondary" />
      )}
      <CaseworkForm id={protectionForm.id} csrf={csrf} intent="protectionAssessment" submitLabel={t('casework.recordProtection')} buttonClass="button">
        <Radios
          field={protectionFields.protectionNeeded}
          legend={t('casework.protectionLegend')}
          inline
          choices={[
            { value: 'yes', label: t('report:answer.yes') },
            { value: 'no', label: t('report:answer.no') },
          ]}
        />
        <TextArea field={protectionFields.note} label={t('casework.note')} rows={3} />
      </CaseworkForm>
      <CaseworkForm id={initialAssessmentForm.id} csrf={csrf} intent="initialAssessment" submitLabel={t('casework.recordInitialAssessment')} buttonClass="button">
        <Radios
          field={initialAssessmentFields.initialAssessment}
          legend={t('casework.initialAssessmentLegend')}
          choices={INITIAL_ASSESSMENTS.map((outcome) => ({ value: outcome, label: t(`casework.initialAssessments.${outcome}`) }))}
        />
        <TextArea field={initialAssessmentFields.reason} label={t('casework.reason')} rows={4} />
      </CaseworkForm>
      <h3 className="heading-s">{t('casework.transferTitle')}</h3>
      <p className="body">{t('casework.transferHint')}</p>
      <CaseworkForm id={transferForm.id} csrf={csrf} intent="transfer" submitLabel={t('casework.transfer')} buttonClass="button button--warning">
        <Select
          field={transferFields.municipality}
          label={t('casework.transferTo')}
          placeholder={t('casework.choose')}
          options={transferTargets.map((municipality) => ({ value: municipality.code, label: municipality.name }))}
        />
        <TextArea field={transferFields.reason} label={t('casework.transferReason')} rows={3} />
      </CaseworkForm>
    </section>
  )
}
