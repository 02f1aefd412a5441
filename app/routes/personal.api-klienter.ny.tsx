import { randomBytes } from 'node:crypto'
import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { MunicipalityChoices } from '~/components/account-unit-fields'
import { ApiSecretNotice } from '~/components/api-secret'
import { TextInput } from '~/components/fields'
import { SettingsForm } from '~/components/settings-form'
import { newApiClientSchema } from '~/domain/api-export'
import { createClient } from '~/server/api-clients.server'
import { outOfScope } from '~/server/audit.server'
import { isProduction } from '~/server/config.server'
import { administeredMunicipalities } from '~/server/municipality-settings.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:apiClients.new' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  return {
    municipalities: (await administeredMunicipalities(context.db, staff.municipalityCodes)).map(({ code, name }) => ({ code, name })),
    creationKey: randomBytes(24).toString('base64url'),
  }
}

/**
 * Creates the client and answers with its secret on this page, once: only its hash is kept.
 * No redirect, since nothing could show the secret after one.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { staff, formData } = await requireStaffPost(request, context, ['admin'])
  const submission = parseWithZod(formData, { schema: newApiClientSchema({ municipalityCodes: staff.municipalityCodes, production: isProduction(context.config) }) })
  if (submission.status !== 'success') return data({ reply: submission.reply(), created: null, already: null, status: 'error' as const }, { status: 400 })
  const created = await createClient(context.db, context.cipher, {
    adminId: staff.id,
    keeperCodes: staff.municipalityCodes,
    name: submission.value.name,
    municipalityCodes: submission.value.municipalityCodes,
    webhookUrl: submission.value.webhookUrl,
    creationKey: submission.value.creationKey,
    now: context.now(),
  })
  if (created === 'notKept') throw await outOfScope(context, request, { staffId: staff.id, kind: 'page' })
  // A reload of the page that showed the secret posts the form again: one client, shown once.
  if ('already' in created) return data({ reply: null, created: null, already: { id: created.id }, status: 'created' as const })
  return data({ reply: null, created: { ...created, name: submission.value.name }, already: null, status: 'created' as const })
}

type NewClientFields = { name: string; municipalityCodes: string[]; webhookUrl: string }

export default function NewApiClient() {
  const { t } = useTranslation('staff')
  const { municipalities, creationKey } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const [form, fields] = useForm<NewClientFields>({ id: 'newApiClient', lastResult: answer?.reply ?? undefined })
  if (answer?.already) {
    return (
      <>
        <Link to="/personal/api-klienter" className="back-link">
          {t('apiClients.listTitle')}
        </Link>
        <h1 className="heading-l">{t('apiClients.alreadyTitle')}</h1>
        <p className="body">{t('apiClients.already')}</p>
        <p className="body">
          <Link to={`/personal/api-klienter/${answer.already.id}`}>{t('apiClients.toClient')}</Link>
        </p>
      </>
    )
  }
  if (answer?.created) {
    const { created } = answer
    return (
      <>
        <Link to="/personal/api-klienter" className="back-link">
          {t('apiClients.listTitle')}
        </Link>
        <h1 className="heading-l">
          {t('apiClients.createdTitle')}: <bdi>{created.name}</bdi>
        </h1>
        <ApiSecretNotice shown={created} heading={t('apiClients.copyNow')} />
        <p className="body">
          <Link to={`/personal/api-klienter/${created.id}`}>{t('apiClients.toClient')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <Link to="/personal/api-klienter" className="back-link">
        {t('apiClients.listTitle')}
      </Link>
      <h1 className="heading-l">{t('apiClients.new')}</h1>
      <p className="body">{t('apiClients.newIntro')}</p>
      <SettingsForm form={form} submitLabel={t('apiClients.create')}>
        <TextInput field={fields.name} label={t('apiClients.name')} hint={t('apiClients.nameHint')} />
        <input type="hidden" name="creationKey" value={creationKey} />
        <MunicipalityChoices field={fields.municipalityCodes} municipalities={municipalities} />
        <TextInput field={fields.webhookUrl} label={t('apiClients.webhookUrl')} hint={t('apiClients.webhookUrlHint')} inputMode="text" />
      </SettingsForm>
    </>
  )
}
