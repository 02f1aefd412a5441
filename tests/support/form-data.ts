/** A form as the browser posts it: every field a string under its conform name, e.g. `pairs[0].primaryName`. */
export function formData(fields: Record<string, string>): FormData {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.set(name, value)
  return data
}

/** What a parsed form says: 'accepted', or each refused field with its messages. */
export function refusals(submission: { status?: string; error?: Record<string, string[] | null> | null }): 'accepted' | Record<string, string[] | null> | null | undefined {
  return submission.status === 'success' ? 'accepted' : submission.error
}
