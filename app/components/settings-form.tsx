import type { FormMetadata } from '@conform-to/react'
import { Form, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorSummary } from './error-summary'
import { summaryErrors } from './step-form'
import { useStaffCsrf } from './staff-csrf'

const SAVED = 'sparat'

/** Where an administrator's settings page sends them after a save: the same page, saying it was saved. */
export function savedLocation(path: string): string {
  return `${path}?${SAVED}=1`
}

/**
 * The frame of an administrator's settings form: "saved" after a save, the error summary
 * after a refused one, the session's CSRF token, the fields, and the save button.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any shape of fields, as summaryErrors
export function SettingsForm<Shape extends Record<string, any>>({
  form,
  savedMessage,
  submitLabel,
  children,
}: {
  form: FormMetadata<Shape, string[]>
  /** Shown after a save; a form that creates something leads elsewhere and has none. */
  savedMessage?: string
  submitLabel: string
  children: ReactNode
}) {
  const csrf = useStaffCsrf()
  const [searchParams] = useSearchParams()
  return (
    <>
      {savedMessage && searchParams.get(SAVED) && form.status !== 'error' ? (
        <div className="inset" role="status">
          <p className="body notice">{savedMessage}</p>
        </div>
      ) : null}
      <ErrorSummary errors={summaryErrors(form)} />
      <Form method="post" id={form.id} noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        {children}
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </Form>
    </>
  )
}
