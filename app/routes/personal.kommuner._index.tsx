import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Table } from '~/components/table-section'
import { administeredMunicipalities } from '~/server/municipality-settings.server'
import { requireStaff } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:municipalitySettings.listTitle' }

/** The administrator's municipalities, each a link to its intake unit's settings. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  return { municipalities: await administeredMunicipalities(context.db, staff.municipalityCodes) }
}

export default function Municipalities() {
  const { t } = useTranslation('staff')
  const { municipalities } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="heading-l">{t('municipalitySettings.listTitle')}</h1>
      <p className="body">{t('municipalitySettings.listIntro')}</p>
      <Table caption={t('municipalitySettings.listTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('statistics.municipality')}</th>
            <th scope="col">{t('municipalitySettings.intakeEmailShort')}</th>
          </tr>
        </thead>
        <tbody>
          {municipalities.map((municipality) => (
            <tr key={municipality.code}>
              <th scope="row">
                <Link to={`/personal/kommuner/${municipality.code}`}>{municipality.name}</Link>
              </th>
              <td>{municipality.intake_email ?? t('municipalitySettings.noIntakeEmail')}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  )
}
