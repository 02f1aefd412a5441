import { useForm, type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Checkbox, TextInput } from '~/components/fields'
import { StaffTime } from '~/components/staff-time'
import { SettingsForm, savedLocation } from '~/components/settings-form'
import { stockholmDate, type Weekday } from '~/domain/calendar'
import { BLANK_FORM_ROWS } from '~/domain/form-limits'
import { formatDayHours, municipalitySettingsSchema, WEEKDAYS } from '~/domain/municipality-settings'
import { outOfScope } from '~/server/audit.server'
import { findMunicipalitySettings, saveMunicipalitySettings } from '~/server/municipality-settings.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:municipalitySettings.title' }

/** Gaps listed one by one; the rest are counted. */
const GAPS_SHOWN = 10

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const now = context.now()
  const found = await findMunicipalitySettings(context.db, staff.municipalityCodes, params.code ?? '', stockholmDate(now), now)
  if (!found) throw await outOfScope(context, request, { staffId: staff.id, kind: 'municipality', id: params.code })
  const { municipality, coverage, closures, gaps } = found
  const hours = coverage.intakeHours
  return {
    name: municipality.name,
    jourName: coverage.jour?.name ?? null,
    existingClosures: closures.length,
    formDefaults: {
      intakeEmail: municipality.intake_email ?? '',
      ...Object.fromEntries(WEEKDAYS.map((day) => [`hours${day}`, formatDayHours(hours.weekly[day])])),
      dayBeforeHolidayClosesAt: hours.dayBeforeHolidayClosesAt ?? '',
      closures: [...closures, ...Array.from({ length: BLANK_FORM_ROWS }, () => ({ date: '', reason: '' }))],
    },
    gaps: gaps.slice(0, GAPS_SHOWN).map((gap) => ({ from: gap.from.toISOString(), to: gap.to.toISOString() })),
    gapCount: gaps.length,
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { staff, formData } = await requireStaffPost(request, context, ['admin'])
  const now = context.now()
  const today = stockholmDate(now)
  const submission = parseWithZod(formData, { schema: municipalitySettingsSchema(today) })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const code = params.code ?? ''
  const saved = await saveMunicipalitySettings(context.db, { staffId: staff.id, municipalityCodes: staff.municipalityCodes, code, settings: submission.value, today, now })
  if (!saved) throw await outOfScope(context, request, { staffId: staff.id, kind: 'municipality', id: code })
  return redirect(savedLocation(`/personal/kommuner/${code}`), 303)
}

type ClosureFields = Record<'date' | 'reason' | 'remove', string>
type SettingsFields = Record<'intakeEmail' | 'dayBeforeHolidayClosesAt' | `hours${Weekday}`, string> & { closures: ClosureFields[] }

export default function MunicipalitySettingsPage() {
  const { t } = useTranslation('staff')
  const { name, jourName, gaps, gapCount } = useLoaderData<typeof loader>()
  // A new form after each navigation: conform would otherwise keep the errors and rows of the last submit.
  const location = useLocation()
  return (
    <>
      <Link to="/personal/kommuner" className="back-link">
        {t('municipalitySettings.listTitle')}
      </Link>
      <h1 className="heading-l">{t('municipalitySettings.heading', { municipality: name })}</h1>
      <MunicipalityForm key={location.key} />

      <h2 className="heading-m">{t('municipalitySettings.gapsTitle')}</h2>
      {gapCount === 0 ? (
        <p className="body">{t('municipalitySettings.noGaps', { jour: jourName ?? t('municipalitySettings.noJour') })}</p>
      ) : (
        <>
          <div className="inset">
            <p className="body notice">{t('municipalitySettings.gapsFound', { count: gapCount })}</p>
            <p className="body">{jourName ? t('municipalitySettings.gapsAdvice', { jour: jourName }) : t('municipalitySettings.gapsNoJour')}</p>
          </div>
          <ul className="list list--bullet">
            {gaps.map((gap) => (
              <li key={gap.from}>
                <StaffTime value={gap.from} /> – <StaffTime value={gap.to} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  )
}

function MunicipalityForm() {
  const { t } = useTranslation('staff')
  const { existingClosures, formDefaults } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<SettingsFields>({ id: 'municipalitySettings', lastResult: useActionData<typeof action>(), defaultValue: formDefaults })
  return (
    <SettingsForm form={form} savedMessage={t('municipalitySettings.saved')} submitLabel={t('municipalitySettings.save')}>
      <h2 className="heading-m">{t('municipalitySettings.addressTitle')}</h2>
      <TextInput field={fields.intakeEmail} label={t('municipalitySettings.intakeEmail')} hint={t('municipalitySettings.intakeEmailHint')} type="email" />

      <h2 className="heading-m">{t('municipalitySettings.hoursTitle')}</h2>
      <p className="body">{t('municipalitySettings.hoursIntro')}</p>
      {WEEKDAYS.map((day) => (
        <TextInput key={day} field={fields[`hours${day}`]} label={t(`municipalitySettings.weekdays.${day}`)} width="medium" />
      ))}
      <TextInput field={fields.dayBeforeHolidayClosesAt} label={t('municipalitySettings.dayBeforeHoliday')} hint={t('municipalitySettings.dayBeforeHolidayHint')} width="short" />

      <h2 className="heading-m">{t('municipalitySettings.closuresTitle')}</h2>
      <p className="body">{t('municipalitySettings.closuresIntro')}</p>
      {fields.closures.getFieldList().map((row, index) => (
        <ClosureRow key={row.key} row={row} index={index} existing={index < existingClosures} />
      ))}
    </SettingsForm>
  )
}

function ClosureRow({ row, index, existing }: { row: FieldMetadata<ClosureFields, SettingsFields, string[]>; index: number; existing: boolean }) {
  const { t } = useTranslation('staff')
  const closure = row.getFieldset()
  const title = existing ? t('municipalitySettings.closure', { number: index + 1 }) : t('municipalitySettings.newClosure')
  return (
    <fieldset className="fieldset pair">
      <legend className="legend">{title}</legend>
      <TextInput field={closure.date} label={t('municipalitySettings.closureDate')} hint={t('municipalitySettings.closureDateHint')} width="medium" />
      <TextInput field={closure.reason} label={t('municipalitySettings.closureReason')} />
      {existing ? <Checkbox field={closure.remove} label={t('municipalitySettings.removeClosure', { number: index + 1 })} /> : null}
    </fieldset>
  )
}
