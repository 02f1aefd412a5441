import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v3'
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { JourChoice, MunicipalityChoices } from '~/components/account-unit-fields'
import { TextInput } from '~/components/fields'
import { SettingsForm } from '~/components/settings-form'
import { StaffTime } from '~/components/staff-time'
import { SummaryList } from '~/components/summary-list'
import { useStaffCsrf } from '~/components/staff-csrf'
import { accountChangeSchema } from '~/domain/staff-account'
import { administeredJours } from '~/server/jour-settings.server'
import { administeredMunicipalities } from '~/server/municipality-settings.server'
import { outOfScope } from '~/server/audit.server'
import { accountKeeper, changeAccount, findKeptAccount, updateAccount, type AccountChange } from '~/server/staff-accounts.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'
import { ActionButton } from '~/components/action-button'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:staffAccount.title' }

const CHANGES: readonly AccountChange[] = ['disable', 'enable', 'reinvite']

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const account = await findKeptAccount(context.db, await accountKeeper(context.db, staff), params.id ?? '', context.now())
  if (!account) throw await outOfScope(context, request, { staffId: staff.id, kind: 'account', id: params.id })
  const [municipalities, jours] = await Promise.all([administeredMunicipalities(context.db, staff.municipalityCodes), administeredJours(context.db, staff.municipalityCodes)])
  return {
    municipalities: municipalities.map(({ code, name }) => ({ code, name })),
    jours,
    formDefaults: { name: account.name, municipalityCodes: account.municipalityCodes, jourId: account.jourId ?? '' },
    account: {
      name: account.name,
      email: account.email,
      role: account.role,
      unit: account.role === 'jour' ? (account.jourName ?? '') : account.municipalityNames.join(', '),
      status: account.status,
      secondFactor: account.secondFactorAt !== null,
      invitationExpiresAt: account.invitationExpiresAt?.toISOString() ?? null,
    },
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { staff, formData } = await requireStaffPost(request, context, ['admin'])
  const id = params.id ?? ''
  const keeper = await accountKeeper(context.db, staff)
  if (formData.get('intent') === 'update') {
    const account = await findKeptAccount(context.db, keeper, id, context.now())
    if (!account || (account.role !== 'intake' && account.role !== 'jour')) throw await outOfScope(context, request, { staffId: staff.id, kind: 'account', id })
    const submission = parseWithZod(formData, { schema: accountChangeSchema(keeper, account.role) })
    if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
    if (!(await updateAccount(context.db, { adminId: staff.id, keeper, id, change: submission.value, now: context.now() })))
      throw await outOfScope(context, request, { staffId: staff.id, kind: 'account', id })
    return redirect(`/personal/konton/${id}?sparat=1`, 303)
  }
  const change = CHANGES.find((candidate) => candidate === formData.get('intent'))
  if (!change) throw data({ status: 'bad-request' }, { status: 400 })
  const changed = await changeAccount(context.db, context.jobs, { adminId: staff.id, keeper, id, change, now: context.now() })
  if (!changed) throw await outOfScope(context, request, { staffId: staff.id, kind: 'account', id })
  return redirect(`/personal/konton/${id}?${change === 'reinvite' ? 'inbjuden' : 'sparat'}=1`, 303)
}

export default function StaffAccount() {
  const { t } = useTranslation('staff')
  const { account } = useLoaderData<typeof loader>()
  const csrf = useStaffCsrf()
  const [searchParams] = useSearchParams()
  // A new form after each navigation: conform would otherwise keep the last submit's state.
  const location = useLocation()
  const notice = searchParams.get('inbjuden') ? t('staffAccount.invitationSent', { email: account.email }) : searchParams.get('sparat') ? t('staffAccount.saved') : null
  return (
    <>
      <Link to="/personal/konton" className="back-link">
        {t('staffAccount.listTitle')}
      </Link>
      <h1 className="heading-l">
        <bdi>{account.name}</bdi>
      </h1>
      {notice ? (
        <div className="inset" role="status">
          <p className="body notice">{notice}</p>
        </div>
      ) : null}
      <SummaryList
        rows={[
          { key: t('staffAccount.email'), value: account.email },
          { key: t('staffAccount.role'), value: t(`staffAccount.roles.${account.role}`) },
          { key: t('staffAccount.unit'), value: account.unit },
          { key: t('staffAccount.status'), value: t(`staffAccount.statuses.${account.status}`) },
          { key: t('staffAccount.secondFactor'), value: t(account.secondFactor ? 'staffAccount.secondFactorYes' : 'staffAccount.secondFactorNo') },
          ...(account.status === 'invited' ? [{ key: t('staffAccount.invitationValidTo'), value: <StaffTime value={account.invitationExpiresAt} /> }] : []),
        ]}
      />
      <h2 className="heading-m">{t('staffAccount.editTitle')}</h2>
      <AccountForm key={location.key} />

      <h2 className="heading-m">{t('staffAccount.actionsTitle')}</h2>
      <ActionButton csrf={csrf} intent="reinvite" label={t('staffAccount.reinvite')} hint={t('staffAccount.reinviteHint')} />
      {account.status === 'disabled' ? (
        <ActionButton csrf={csrf} intent="enable" label={t('staffAccount.enable')} />
      ) : (
        <ActionButton csrf={csrf} intent="disable" label={t('staffAccount.disable')} hint={t('staffAccount.disableHint')} warning />
      )}
    </>
  )
}

function AccountForm() {
  const { t } = useTranslation('staff')
  const { account, municipalities, jours, formDefaults } = useLoaderData<typeof loader>()
  const [form, fields] = useForm<{ name: string; municipalityCodes: string[]; jourId: string }>({
    id: 'account',
    lastResult: useActionData<typeof action>(),
    defaultValue: formDefaults,
  })
  return (
    <SettingsForm form={form} submitLabel={t('staffAccount.save')}>
      <input type="hidden" name="intent" value="update" />
      <TextInput field={fields.name} label={t('staffAccount.name')} />
      {account.role === 'intake' ? <MunicipalityChoices field={fields.municipalityCodes} municipalities={municipalities} /> : <JourChoice field={fields.jourId} jours={jours} />}
    </SettingsForm>
  )
}
