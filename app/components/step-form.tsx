import { getFormProps, type FormMetadata } from '@conform-to/react'
import { Form, useActionData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { BackLink } from './layout'
import { ErrorSummary, type SummaryError } from './error-summary'
import { SlowDownNotice, type SlowDownData } from './slow-down-notice'

/**
 * One step of the public form: back link, error summary, the questions, and "Fortsätt".
 * The form posts to its own route; conform's defaults (noValidate, validate on submit)
 * are kept, so the server's answer is the same with or without JavaScript.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- conform's own constraint for a form's shape
export function StepForm<Shape extends Record<string, any>>({
  form,
  back,
  returnUrl,
  children,
  submitLabel,
  extraErrors = [],
  otherSubmitButtons = false,
}: {
  form: FormMetadata<Shape, string[]>
  back: string
  returnUrl: string | null
  children: ReactNode
  submitLabel?: string
  extraErrors?: SummaryError[]
  /** True when `children` hold submit buttons of their own, such as "Lägg till ett barn till". */
  otherSubmitButtons?: boolean
}) {
  const { t } = useTranslation('common')
  const label = submitLabel ?? t('continue')
  // A step refused by the rate limits comes back with what was typed and when to try again.
  const slowDown = (useActionData() as { slowDown?: SlowDownData } | undefined)?.slowDown
  return (
    <>
      <BackLink to={returnUrl ?? back} />
      {slowDown ? <SlowDownNotice slowDown={slowDown} inForm /> : null}
      <ErrorSummary errors={[...extraErrors, ...summaryErrors(form)]} />
      <Form method="post" {...getFormProps(form)}>
        {otherSubmitButtons ? (
          // Enter in a text field presses the form's first submit button: let that be "Fortsätt", not "Lägg till".
          <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
            {label}
          </button>
        ) : null}
        {returnUrl ? <input type="hidden" name="returnUrl" value={returnUrl} /> : null}
        {children}
        <button type="submit" className="button" data-prevent-double-click="true">
          {label}
        </button>
      </Form>
    </>
  )
}

/** Each field's first error, in the order of the form, linked to the control that has it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export function summaryErrors<Shape extends Record<string, any>>(form: FormMetadata<Shape, string[]>): SummaryError[] {
  return Object.entries(form.allErrors)
    .filter(([name, messages]) => name !== '' && messages.length > 0)
    .map(([name, messages]) => ({ targetId: `${form.id}-${name}`, message: messages[0]! }))
}
