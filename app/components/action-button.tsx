import { Form } from '@remix-run/react'

/**
 * One act on a thing (rotate, revoke, re-invite, disable, withdraw) as a form of its own: the
 * staff CSRF token, what the act does, and one button naming the `intent` the action switches on.
 */
export function ActionButton({ csrf, intent, label, hint, warning = false }: { csrf: string; intent: string; label: string; hint?: string; warning?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="csrf" value={csrf} />
      {hint ? <p className="body">{hint}</p> : null}
      <button type="submit" name="intent" value={intent} className={warning ? 'button button--warning' : 'button button--secondary'}>
        {label}
      </button>
    </Form>
  )
}
