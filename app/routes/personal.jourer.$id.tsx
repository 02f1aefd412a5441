import { useForm, type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Checkbox, Select, TextInput } from '~/components/fields'
import { StaffTime } from '~/components/staff-time'
import { SettingsForm, savedLocation } from '~/components/settings-form'
import { TableSection } from '~/components/table-section'
import { BLANK_FORM_ROWS } from '~/domain/form-limits'
import { CONTACT_WITHIN_MINUTES, jourSettingsSchema, upcomingWeeks } from '~/domain/jour-settings'
import { outOfScope } from '~/server/audit.server'
import { findJourSettings, saveJourSettings } from '~/server/jour-settings.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'

export const handle = {
  i18n: ['common', 'staff', 'errors'],
  titleKey: 'staff:jourSettings.title',
}

const PREVIEW_WEEKS = 8
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const found = await findJourSettings(context.db, staff.municipalityCodes, params.id ?? '')
  if (!found) throw await outOfScope(context, request, { staffId: staff.id, kind: 'jour', id: params.id })
  const { jour, policy, rota } = found
  const blank = {
    primaryName: '',
    primaryEmail: '',
    primarySmsEmail: '',
    backupName: '',
    backupEmail: '',
    backupSmsEmail: '',
  }
  return {
    jourName: jour.name,
    existingPairs: rota.pairs.length,
    formDefaults: {
      backupAfterMinutes: String(Math.round(policy.backupAfterSeconds / 60)),
      everyoneAfterMinutes: String(Math.round(policy.everyoneAfterSeconds / 60)),
      repeatMinutes: String(Math.round(policy.repeatSeconds / 60)),
      sharedEmail: jour.shared_email ?? '',
      managerEmail: jour.manager_email ?? '',
      rotaWeekday: String(rota.weekday),
      rotaTime: rota.time,
      rotaAnchorDate: rota.anchorDate,
      pairs: [
        ...rota.pairs.map((pair) => ({
          primaryName: pair.primary.name,
          primaryEmail: pair.primary.email,
          primarySmsEmail: pair.primary.smsEmail ?? '',
          backupName: pair.backup.name,
          backupEmail: pair.backup.email,
          backupSmsEmail: pair.backup.smsEmail ?? '',
        })),
        ...Array.from({ length: BLANK_FORM_ROWS }, () => blank),
      ],
    },
    weeks: upcomingWeeks(rota, context.now(), PREVIEW_WEEKS).map((week) => ({
      from: week.from.toISOString(),
      to: week.to.toISOString(),
      primary: week.pair.primary.name,
      backup: week.pair.backup.name,
    })),
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { staff, formData } = await requireStaffPost(request, context, ['admin'])
  const submission = parseWithZod(formData, { schema: jourSettingsSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const jourId = params.id ?? ''
  const saved = await saveJourSettings(context.db, {
    staffId: staff.id,
    municipalityCodes: staff.municipalityCodes,
    jourId,
    settings: submission.value,
    now: context.now(),
  })
  if (!saved) throw await outOfScope(context, request, { staffId: staff.id, kind: 'jour', id: jourId })
  return redirect(savedLocation(`/personal/jourer/${jourId}`), 303)
}

type PairFields = Record<'primaryName' | 'primaryEmail' | 'primarySmsEmail' | 'backupName' | 'backupEmail' | 'backupSmsEmail' | 'remove', string>
type SettingsFields = Record<
  'backupAfterMinutes' | 'everyoneAfterMinutes' | 'repeatMinutes' | 'sharedEmail' | 'managerEmail' | 'rotaWeekday' | 'rotaTime' | 'rotaAnchorDate',
  string
> & {
  pairs: PairFields[]
}

export default function JourSettingsPage() {
  const { t } = useTranslation('staff')
  const { jourName, weeks } = useLoaderData<typeof loader>()
  // A new form after each navigation: conform would otherwise keep the errors and rows of the last submit.
  const location = useLocation()
  return (
    <>
      <Link to="/personal/drift" className="back-link">
        {t('operations.title')}
      </Link>
      <h1 className="heading-l">{t('jourSettings.heading', { jour: jourName })}</h1>
      <JourSettingsForm key={location.key} />
      <TableSection id="rota-preview" title={t('jourSettings.previewTitle')} intro={t('jourSettings.previewIntro')}>
        <thead>
          <tr>
            <th scope="col">{t('jourSettings.weekFrom')}</th>
            <th scope="col">{t('jourSettings.weekTo')}</th>
            <th scope="col">{t('report.pageRoles.primary')}</th>
            <th scope="col">{t('report.pageRoles.backup')}</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.from}>
              <td>
                <StaffTime value={week.from} />
              </td>
              <td>
                <StaffTime value={week.to} />
              </td>
              <td>{week.primary}</td>
              <td>{week.backup}</td>
            </tr>
          ))}
        </tbody>
      </TableSection>
    </>
  )
}

function JourSettingsForm() {
  const { t } = useTranslation('staff')
  const { existingPairs, formDefaults } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<SettingsFields>({ id: 'jourSettings', lastResult: useActionData<typeof action>(), defaultValue: formDefaults })
  const pairsError = fields.pairs.errors?.[0]
  return (
    <SettingsForm form={form} savedMessage={t('jourSettings.saved')} submitLabel={t('jourSettings.save')}>
      <h2 className="heading-m">{t('jourSettings.escalationTitle')}</h2>
      <p className="body">
        {t('jourSettings.escalationIntro', {
          minutes: CONTACT_WITHIN_MINUTES,
        })}
      </p>
      <TextInput field={fields.backupAfterMinutes} label={t('jourSettings.backupAfterMinutes')} inputMode="numeric" width="short" />
      <TextInput field={fields.everyoneAfterMinutes} label={t('jourSettings.everyoneAfterMinutes')} inputMode="numeric" width="short" />
      <TextInput field={fields.repeatMinutes} label={t('jourSettings.repeatMinutes')} inputMode="numeric" width="short" />
      <TextInput field={fields.sharedEmail} label={t('jourSettings.sharedEmail')} type="email" />
      <TextInput field={fields.managerEmail} label={t('jourSettings.managerEmail')} type="email" />

      <h2 className="heading-m">{t('jourSettings.weekTitle')}</h2>
      <Select
        field={fields.rotaWeekday}
        label={t('jourSettings.rotaWeekday')}
        placeholder={t('jourSettings.chooseWeekday')}
        options={WEEKDAYS.map((day) => ({
          value: day,
          label: t(`jourSettings.weekdays.${day}`),
        }))}
      />
      <TextInput field={fields.rotaTime} label={t('jourSettings.rotaTime')} hint={t('jourSettings.rotaTimeHint')} width="short" />
      <TextInput field={fields.rotaAnchorDate} label={t('jourSettings.rotaAnchorDate')} hint={t('jourSettings.rotaAnchorDateHint')} width="medium" />

      <h2 className="heading-m" id={fields.pairs.id} tabIndex={-1}>
        {t('jourSettings.pairsTitle')}
      </h2>
      <p className="body">{t('jourSettings.pairsIntro')}</p>
      {pairsError ? (
        <p className="field-error">
          <span className="visually-hidden">{t('errors:prefix')}</span> {t(`errors:${pairsError}`)}
        </p>
      ) : null}
      {fields.pairs.getFieldList().map((row, index) => (
        <PairRow key={row.key} row={row} index={index} existing={index < existingPairs} />
      ))}
    </SettingsForm>
  )
}

function PairRow({ row, index, existing }: { row: FieldMetadata<PairFields, SettingsFields, string[]>; index: number; existing: boolean }) {
  const { t } = useTranslation('staff')
  const pair = row.getFieldset()
  return (
    <fieldset className="fieldset pair">
      <legend className="legend">{existing ? t('jourSettings.pair', { number: index + 1 }) : t('jourSettings.newPair')}</legend>
      <TextInput field={pair.primaryName} label={t('jourSettings.primaryName')} />
      <TextInput field={pair.primaryEmail} label={t('jourSettings.primaryEmail')} type="email" />
      <TextInput field={pair.primarySmsEmail} label={t('jourSettings.primarySmsEmail')} hint={t('jourSettings.smsHint')} type="email" />
      <TextInput field={pair.backupName} label={t('jourSettings.backupName')} />
      <TextInput field={pair.backupEmail} label={t('jourSettings.backupEmail')} type="email" />
      <TextInput field={pair.backupSmsEmail} label={t('jourSettings.backupSmsEmail')} hint={t('jourSettings.smsHint')} type="email" />
      {existing ? <Checkbox field={pair.remove} label={t('jourSettings.remove', { number: index + 1 })} /> : null}
    </fieldset>
  )
}
