import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Table } from '~/components/table-section'
import { accountKeeper, listKeptAccounts } from '~/server/staff-accounts.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:staffAccount.listTitle' }

/** The staff accounts of the administrator's intake units and jours. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const accounts = await listKeptAccounts(context.db, await accountKeeper(context.db, staff), context.now())
  return {
    accounts: accounts.map((account) => ({
      id: account.id,
      name: account.name,
      email: account.email,
      role: account.role,
      unit: account.role === 'jour' ? (account.jourName ?? '') : account.municipalityNames.join(', '),
      status: account.status,
    })),
  }
}

export default function StaffAccounts() {
  const { t } = useTranslation('staff')
  const { accounts } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('staffAccount.listTitle')}</h1>
      <p className="body">{t('staffAccount.listIntro')}</p>
      <Link to="/personal/konton/ny" className="button">
        {t('staffAccount.new')}
      </Link>
      <Table caption={t('staffAccount.listTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('staffAccount.name')}</th>
            <th scope="col">{t('staffAccount.email')}</th>
            <th scope="col">{t('staffAccount.role')}</th>
            <th scope="col">{t('staffAccount.unit')}</th>
            <th scope="col">{t('staffAccount.status')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <th scope="row">
                <Link to={`/personal/konton/${account.id}`}>
                  <bdi>{account.name}</bdi>
                </Link>
              </th>
              <td>
                <bdi>{account.email}</bdi>
              </td>
              <td>{t(`staffAccount.roles.${account.role}`)}</td>
              <td>{account.unit}</td>
              <td>{t(`staffAccount.statuses.${account.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  )
}
