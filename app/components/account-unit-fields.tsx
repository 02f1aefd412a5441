import type { FieldMetadata } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { Checkboxes, Select } from './fields'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a field of any form, as fields.tsx takes it
type AnyField = FieldMetadata<any, any, string[]>

/** Where an intake worker works: some of the administrator's municipalities. */
export function MunicipalityChoices({ field, municipalities }: { field: AnyField; municipalities: ReadonlyArray<{ code: string; name: string }> }) {
  const { t } = useTranslation('staff')
  return (
    <Checkboxes field={field} legend={t('staffAccount.municipalities')} choices={municipalities.map((municipality) => ({ value: municipality.code, label: municipality.name }))} />
  )
}

/** Where a jour worker works: one of the administrator's jours. */
export function JourChoice({ field, jours }: { field: AnyField; jours: ReadonlyArray<{ id: string; name: string }> }) {
  const { t } = useTranslation('staff')
  return <Select field={field} label={t('staffAccount.jour')} placeholder={t('staffAccount.chooseJour')} options={jours.map((jour) => ({ value: jour.id, label: jour.name }))} />
}
