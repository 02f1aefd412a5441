import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v3'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ApiSecretNotice } from '~/components/api-secret'
import { TextInput } from '~/components/fields'
import { SettingsForm } from '~/components/settings-form'
import { StaffTime } from '~/components/staff-time'
import { SummaryList } from '~/components/summary-list'
import { useStaffCsrf } from '~/components/staff-csrf'
import { webhookSchema } from '~/domain/api-export'
import { changeClient, findKeptClient } from '~/server/api-clients.server'
import { outOfScope } from '~/server/audit.server'
import { isProduction } from '~/server/config.server'
import { requireStaff, requireStaffPost } from '~/server/staff-session.server'
import { ActionButton } from '~/components/action-button'

export const handle = { i18n: ['common', 'staff', 'errors'], titleKey: 'staff:apiClients.title' }

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context, ['admin'])
  const client = await findKeptClient(context.db, staff.municipalityCodes, params.id ?? '')
  if (!client) throw await outOfScope(context, request, { staffId: staff.id, kind: 'apiClient', id: params.id })
  return {
    client: {
      id: client.id,
      name: client.name,
      clientId: client.clientId,
      municipalities: client.municipalityNames.join(', '),
      webhookUrl: client.webhookUrl,
      status: client.status,
      createdAt: client.createdAt.toISOString(),
      createdByName: client.createdByName,
      rotatedAt: client.rotatedAt?.toISOString() ?? null,
      revokedAt: client.revokedAt?.toISOString() ?? null,
    },
  }
}

/**
 * Revoke, rotate the secret, or change the webhook address. A new secret is shown on the
 * answer to the post, once; a change that makes none leads back to the page (post-redirect-get).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { staff, formData } = await requireStaffPost(request, context, ['admin'])
  const id = params.id ?? ''
  const intent = formData.get('intent')
  const notFound = () => outOfScope(context, request, { staffId: staff.id, kind: 'apiClient', id })
  const change = { adminId: staff.id, keeperCodes: staff.municipalityCodes, id, now: context.now() }
  if (intent === 'webhook') {
    const submission = parseWithZod(formData, { schema: webhookSchema({ production: isProduction(context.config) }) })
    if (submission.status !== 'success') return data({ reply: submission.reply(), shown: null, status: 'error' as const }, { status: 400 })
    const shown = await changeClient(context.db, context.cipher, { ...change, change: 'webhook', webhookUrl: submission.value.webhookUrl })
    if (!shown) throw await notFound()
    if (!shown.webhookSecret) return redirect(`/personal/api-klienter/${id}?sparat=1`, 303)
    return data({ reply: null, shown, status: 'webhook' as const })
  }
  if (intent === 'rotate') {
    const shown = await changeClient(context.db, context.cipher, { ...change, change: 'rotate' })
    if (!shown) throw await notFound()
    return data({ reply: null, shown, status: 'rotated' as const })
  }
  if (intent === 'revoke') {
    if (!(await changeClient(context.db, context.cipher, { ...change, change: 'revoke' }))) throw await notFound()
    return redirect(`/personal/api-klienter/${id}?sparat=1`, 303)
  }
  throw data({ status: 'bad-request' }, { status: 400 })
}

export default function ApiClientPage() {
  const { t } = useTranslation('staff')
  const { client } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const csrf = useStaffCsrf()
  const [searchParams] = useSearchParams()
  // A new form after each navigation: conform would otherwise keep the last submit's state.
  const location = useLocation()
  const active = client.status === 'active'
  return (
    <>
      <Link to="/personal/api-klienter" className="back-link">
        {t('apiClients.listTitle')}
      </Link>
      <h1 className="heading-l">
        <bdi>{client.name}</bdi>
      </h1>
      {searchParams.get('sparat') && !answer ? (
        <div className="inset" role="status">
          <p className="body notice">{t('apiClients.saved')}</p>
        </div>
      ) : null}
      {answer?.shown ? <ApiSecretNotice shown={answer.shown} heading={t(answer.status === 'rotated' ? 'apiClients.rotatedTitle' : 'apiClients.webhookSecretTitle')} /> : null}
      <SummaryList
        rows={[
          { key: t('apiClients.clientId'), value: <code>{client.clientId}</code> },
          { key: t('apiClients.municipalities'), value: client.municipalities },
          { key: t('apiClients.status'), value: t(`apiClients.statuses.${client.status}`) },
          { key: t('apiClients.webhookUrl'), value: client.webhookUrl ? <bdi>{client.webhookUrl}</bdi> : t('apiClients.webhookNo') },
          {
            key: t('apiClients.created'),
            value: (
              <>
                <StaffTime value={client.createdAt} />
                {client.createdByName ? <> · {client.createdByName}</> : null}
              </>
            ),
          },
          ...(client.rotatedAt ? [{ key: t('apiClients.rotatedAt'), value: <StaffTime value={client.rotatedAt} /> }] : []),
          ...(client.revokedAt ? [{ key: t('apiClients.revokedAt'), value: <StaffTime value={client.revokedAt} /> }] : []),
        ]}
      />
      {active ? (
        <>
          <h2 className="heading-m">{t('apiClients.webhookTitle')}</h2>
          <p className="body">{t('apiClients.webhookIntro')}</p>
          <WebhookForm key={location.key} />

          <h2 className="heading-m">{t('apiClients.actionsTitle')}</h2>
          <ActionButton csrf={csrf} intent="rotate" label={t('apiClients.rotate')} hint={t('apiClients.rotateHint')} />
          <ActionButton csrf={csrf} intent="revoke" label={t('apiClients.revoke')} hint={t('apiClients.revokeHint')} warning />
        </>
      ) : null}
    </>
  )
}

function WebhookForm() {
  const { t } = useTranslation('staff')
  const { client } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const [form, fields] = useForm<{ webhookUrl: string }>({
    id: 'webhook',
    lastResult: answer?.reply ?? undefined,
    defaultValue: { webhookUrl: client.webhookUrl ?? '' },
  })
  return (
    <SettingsForm form={form} submitLabel={t('apiClients.saveWebhook')}>
      <input type="hidden" name="intent" value="webhook" />
      <TextInput field={fields.webhookUrl} label={t('apiClients.webhookUrl')} hint={t('apiClients.webhookUrlHint')} />
    </SettingsForm>
  )
}
