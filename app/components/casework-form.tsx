import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { CaseworkIntent } from '~/domain/casework'

/** One act on a report: a form carrying the session's CSRF token and what the act is. */
export function CaseworkForm({
  id,
  action,
  csrf,
  intent,
  submitLabel,
  buttonClass,
  hidden = {},
  children,
}: {
  id?: string
  /** The report's page when the form is elsewhere (the jour queue). */
  action?: string
  csrf: string
  intent: CaseworkIntent
  submitLabel: ReactNode
  buttonClass: string
  hidden?: Record<string, string>
  children?: ReactNode
}) {
  return (
    <Form method="post" id={id} action={action} noValidate>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <button type="submit" className={buttonClass}>
        {submitLabel}
      </button>
    </Form>
  )
}
