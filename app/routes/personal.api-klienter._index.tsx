import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Table } from '~/components/table-section'
import { listKeptClients } from '~/server/api-clients.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:apiClients.listTitle' }

/** The case systems' API clients of the administrator's municipalities. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const clients = await listKeptClients(context.db, staff.municipalityCodes)
  return {
    clients: clients.map((client) => ({
      id: client.id,
      name: client.name,
      clientId: client.clientId,
      municipalities: client.municipalityNames.join(', '),
      webhook: client.webhookUrl !== null,
      status: client.status,
    })),
  }
}

export default function ApiClients() {
  const { t } = useTranslation('staff')
  const { clients } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('apiClients.listTitle')}</h1>
      <p className="body">{t('apiClients.listIntro')}</p>
      <Link to="/personal/api-klienter/ny" className="button">
        {t('apiClients.new')}
      </Link>
      {clients.length === 0 ? (
        <p className="body">{t('apiClients.none')}</p>
      ) : (
        <Table caption={t('apiClients.listTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('apiClients.name')}</th>
              <th scope="col">{t('apiClients.clientId')}</th>
              <th scope="col">{t('apiClients.municipalities')}</th>
              <th scope="col">{t('apiClients.webhook')}</th>
              <th scope="col">{t('apiClients.status')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((client) => (
              <tr key={client.id}>
                <th scope="row">
                  <Link to={`/personal/api-klienter/${client.id}`}>
                    <bdi>{client.name}</bdi>
                  </Link>
                </th>
                <td>
                  <code>{client.clientId}</code>
                </td>
                <td>{client.municipalities}</td>
                <td>{t(client.webhook ? 'apiClients.webhookYes' : 'apiClients.webhookNo')}</td>
                <td>{t(`apiClients.statuses.${client.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  )
}
