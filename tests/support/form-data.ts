/** A form as the browser posts it: every field a string under its conform name, e.g. `pairs[0].primaryName`. */
export function formData(fields: Record<string, string>): FormData {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.set(name, value)
  return data
}
