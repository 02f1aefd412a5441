import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { JourChoice, MunicipalityChoices } from '~/components/account-unit-fields'
import { Radios, TextInput } from '~/components/fields'
import { SettingsForm } from '~/components/settings-form'
import { newAccountSchema } from '~/domain/staff-account'
import { administeredMunicipalities } from '~/server/municipality-settings.server'
import { administeredJours } from '~/server/jour-settings.server'
import { outOfScope } from '~/server/audit.server'
import { accountKeeper, createAccount } from '~/server/staff-accounts.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:staffAccount.new' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  return {
    municipalities: (await administeredMunicipalities(context.db, staff.municipalityCodes)).map(({ code, name }) => ({ code, name })),
    jours: await administeredJours(context.db, staff.municipalityCodes),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { staff, formData } = await requireStaffPost(request, context, ['admin'])
  const keeper = await accountKeeper(context.db, staff)
  const submission = parseWithZod(formData, { schema: newAccountSchema(keeper) })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const created = await createAccount(context.db, context.jobs, { adminId: staff.id, keeper, account: submission.value, now: context.now() })
  if (created === 'exists') return data(submission.reply({ fieldErrors: { email: ['staffAccount.email.exists'] } }), { status: 400 })
  if (created === 'notKept') throw await outOfScope(context, request, { staffId: staff.id, kind: 'account' })
  return redirect(`/personal/konton/${created.id}?inbjuden=1`, 303)
}

type NewAccountFields = Record<'name' | 'email' | 'role' | 'jourId', string> & { municipalityCodes: string[] }

export default function NewStaffAccount() {
  const { t } = useTranslation('staff')
  const { municipalities, jours } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<NewAccountFields>({ id: 'newAccount', lastResult: useActionData<typeof action>() })
  return (
    <>
      <Link to="/personal/konton" className="back-link">
        {t('staffAccount.listTitle')}
      </Link>
      <h1 className="heading-l">{t('staffAccount.new')}</h1>
      <p className="body">{t('staffAccount.newIntro')}</p>
      <SettingsForm form={form} submitLabel={t('staffAccount.create')}>
        <TextInput field={fields.name} label={t('staffAccount.name')} autoComplete="off" />
        <TextInput field={fields.email} label={t('staffAccount.workEmail')} hint={t('staffAccount.workEmailHint')} type="email" />
        <Radios
          field={fields.role}
          legend={t('staffAccount.role')}
          choices={[
            {
              value: 'intake',
              label: t('staffAccount.roles.intake'),
              conditional: <MunicipalityChoices field={fields.municipalityCodes} municipalities={municipalities} />,
            },
            ...(jours.length > 0
              ? [
                  {
                    value: 'jour',
                    label: t('staffAccount.roles.jour'),
                    conditional: <JourChoice field={fields.jourId} jours={jours} />,
                  },
                ]
              : []),
          ]}
        />
      </SettingsForm>
    </>
  )
}
