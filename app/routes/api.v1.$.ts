import { problem } from '~/server/api-http.server'

/** Any other address under /api/v1: a problem in JSON, as the rest of the API answers, not the staff area's HTML page. */
export function loader() {
  return problem('not_found')
}

export function action() {
  return problem('not_found')
}
